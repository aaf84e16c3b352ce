package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;
import org.dirdb.sql.ir.LikePattern;

/**
 * Finds, among the AND-ed conditions of a WHERE, one the store answers without opening files:
 * {@code name = v} or {@code name IN (v, ...)} (straight to those entries, no listing), else
 * {@code name LIKE 'prefix...'} (the listing filtered by prefix). The WHERE is still evaluated in full on
 * each candidate, so this only narrows.
 */
final class Pushdown {
    private Pushdown() {}

    static Scan scan(Expr where, boolean descending) {
        List<Expr> conjuncts = new ArrayList<>();
        if (where != null) {
            conjuncts(where, conjuncts);
        }
        String prefix = null;
        for (Expr c : conjuncts) {
            if (c instanceof Expr.Compare cmp && cmp.op() == Expr.CompareOp.EQ) {
                if (isName(cmp.left()) && isValue(cmp.right())) {
                    return new Scan.Names(List.of(cmp.right()), descending);
                } else if (isName(cmp.right()) && isValue(cmp.left())) {
                    return new Scan.Names(List.of(cmp.left()), descending);
                }
            } else if (c instanceof Expr.In in && !in.negated() && isName(in.value())
                    && in.list().stream().allMatch(Pushdown::isValue)) {
                return new Scan.Names(in.list(), descending);
            } else if (c instanceof Expr.Like like && !like.negated() && !like.ignoreCase() && isName(like.value())
                    && like.pattern() instanceof Expr.Literal p && p.value() instanceof String text
                    && (like.escape() == null || like.escape() instanceof Expr.Literal e
                    && e.value() instanceof String)) {
                String escape = like.escape() == null ? null : (String) ((Expr.Literal) like.escape()).value();
                String found = LikePattern.compile(text, escape, false).prefix();
                if (!found.isEmpty() && (prefix == null || found.length() > prefix.length())) {
                    prefix = found;
                }
            }
        }
        return prefix == null ? new Scan.All(descending) : new Scan.Prefix(prefix, descending);
    }

    private static void conjuncts(Expr e, List<Expr> into) {
        if (e instanceof Expr.And and) {
            conjuncts(and.left(), into);
            conjuncts(and.right(), into);
        } else {
            into.add(e);
        }
    }

    private static boolean isName(Expr e) {
        return e instanceof Expr.Col c && c.column() == DbColumn.NAME;
    }

    private static boolean isValue(Expr e) {
        return (e instanceof Expr.Literal || e instanceof Expr.Param) && Exprs.isConstant(e);
    }
}
