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

    /**
     * The candidates of a statement with this {@code where}. First, every value the WHERE compares with
     * {@code name} is checked to be an entry name at all (see {@link #requireSafeNames}).
     */
    static Candidates of(Store store, Scan scan, Expr where, Eval eval) {
        if (where != null) {
            requireSafeNames(where, eval);
        }
        return of(store, scan, eval);
    }

    /**
     * A literal or {@code ?} that the WHERE looks for in {@code name} names an entry: {@code name = v} or
     * {@code name IN (..., v, ...)}, as the whole condition or as one joined to others by {@code AND},
     * {@code OR} and {@code NOT} ({@code NOT} turns {@code name <> v} and {@code NOT IN} into look-ups). A value
     * that could leave the directory or hit the store's own files cannot be an entry's name, so the statement
     * is refused (22023), as it is when the value is looked up directly: whether {@code name = '.x'} is an
     * error must not depend on an {@code OR} next to it. Values a condition excludes ({@code name <> ''}) and
     * names that are merely not portable (Python may have created such entries) pass.
     */
    static void requireSafeNames(Expr e, Eval eval) {
        requireSafeNames(e, true, eval);
    }

    private static void requireSafeNames(Expr e, boolean positive, Eval eval) {
        if (e instanceof Expr.And and) {
            requireSafeNames(and.left(), positive, eval);
            requireSafeNames(and.right(), positive, eval);
        } else if (e instanceof Expr.Or or) {
            requireSafeNames(or.left(), positive, eval);
            requireSafeNames(or.right(), positive, eval);
        } else if (e instanceof Expr.Not not) {
            requireSafeNames(not.operand(), !positive, eval);
        } else if (e instanceof Expr.Compare c
                && c.op() == (positive ? Expr.CompareOp.EQ : Expr.CompareOp.NE)) {
            if (isName(c.left())) {
                requireSafe(c.right(), eval);
            } else if (isName(c.right())) {
                requireSafe(c.left(), eval);
            }
        } else if (e instanceof Expr.In in && isName(in.value()) && in.negated() != positive) {
            for (Expr item : in.list()) {
                requireSafe(item, eval);
            }
        }
    }

    private static boolean isName(Expr e) {
        return e instanceof Expr.Col c && c.column() == DbColumn.NAME;
    }

    private static void requireSafe(Expr value, Eval eval) {
        if (value instanceof Expr.Literal || value instanceof Expr.Param) {
            Object v = Values.plain(eval.eval(value, Row.NONE));
            if (v instanceof String s) {
                EntryNames.requireSafe(s);
            }
        }
    }

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
