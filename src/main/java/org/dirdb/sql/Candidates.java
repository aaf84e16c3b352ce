package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.dirdb.sql.ir.Eval;
import org.dirdb.sql.ir.Row;
import org.dirdb.sql.ir.Values;
import org.dirdb.store.EntryNames;
import org.dirdb.store.Store;

/**
 * The entry names a {@link Scan} yields, in name order (or reversed): named entries are not listed at all,
 * a prefix cuts the sorted listing to its range. No file is opened here.
 *
 * @param names  the candidates
 * @param listed false when the names came from the statement, not the listing: they must be checked to exist
 */
record Candidates(List<String> names, boolean listed) {

    static Candidates of(Store store, Scan scan, Eval eval) {
        if (scan instanceof Scan.Names named) {
            TreeSet<String> names = new TreeSet<>();
            for (var value : named.values()) {
                Object v = Values.plain(eval.eval(value, Row.NONE));
                // A value that is not a valid entry name matches no entry (it could not be stored).
                if (v instanceof String s && EntryNames.isSafe(s)) {
                    names.add(s);
                }
            }
            List<String> list = new ArrayList<>(names);
            if (scan.descending()) {
                Collections.reverse(list);
            }
            return new Candidates(list, false);
        }
        List<String> all = store.list();
        if (scan instanceof Scan.Prefix p) {
            int from = lowerBound(all, p.prefix());
            int to = from;
            while (to < all.size() && all.get(to).startsWith(p.prefix())) {
                to++;
            }
            all = all.subList(from, to);
        }
        if (scan.descending()) {
            all = new ArrayList<>(all);
            Collections.reverse(all);
        }
        return new Candidates(all, true);
    }

    private static int lowerBound(List<String> sorted, String key) {
        int found = Collections.binarySearch(sorted, key);
        return found >= 0 ? found : -found - 1;
    }
}
