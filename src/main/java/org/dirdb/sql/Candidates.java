package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.dirdb.sql.ir.Eval;
import org.dirdb.sql.ir.Expr;
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
            if (named.values().size() == 1) {
                return one(named.values().get(0), eval);
            }
            TreeSet<String> names = new TreeSet<>();
            for (var value : named.values()) {
                Object v = Values.plain(eval.eval(value, Row.NONE));
                // A name that could leave the directory or hit store files is refused (22023), as everywhere;
                // one this JVM cannot encode gives the locale error. Other values match no entry.
                if (v instanceof String s) {
                    EntryNames.requireSafe(s);
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

    /**
     * {@code name = v}, the point lookup: the same checks as for a list of names, without the sorted set a
     * list needs (one name is in order either way).
     */
    private static Candidates one(Expr value, Eval eval) {
        Object v = Values.plain(eval.eval(value, Row.NONE));
        if (v instanceof String s) {
            EntryNames.requireSafe(s);
            return new Candidates(List.of(s), false);
        }
        return new Candidates(List.of(), false);
    }

    private static int lowerBound(List<String> sorted, String key) {
        int found = Collections.binarySearch(sorted, key);
        return found >= 0 ? found : -found - 1;
    }
}
