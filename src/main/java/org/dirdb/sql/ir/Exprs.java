package org.dirdb.sql.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dirdb.sql.QueryException;

/** Walks of the expression IR: children, searches, and the aggregates an expression uses. */
public final class Exprs {
    private Exprs() {}

    /** The direct sub-expressions of a node. */
    public static List<Expr> children(Expr e) {
        if (e instanceof Expr.Literal || e instanceof Expr.Param || e instanceof Expr.Col
                || e instanceof Expr.Excluded || e instanceof Expr.Now || e instanceof Expr.GroupKey) {
            return List.of();
        } else if (e instanceof Expr.Negate n) {
            return List.of(n.operand());
        } else if (e instanceof Expr.Arith a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Expr.Compare c) {
            return List.of(c.left(), c.right());
        } else if (e instanceof Expr.And a) {
            return List.of(a.left(), a.right());
        } else if (e instanceof Expr.Or o) {
            return List.of(o.left(), o.right());
        } else if (e instanceof Expr.Not n) {
            return List.of(n.operand());
        } else if (e instanceof Expr.Like l) {
            return l.escape() == null ? List.of(l.value(), l.pattern()) : List.of(l.value(), l.pattern(), l.escape());
        } else if (e instanceof Expr.In in) {
            List<Expr> all = new ArrayList<>(in.list());
            all.add(0, in.value());
            return all;
        } else if (e instanceof Expr.Between b) {
            return List.of(b.value(), b.low(), b.high());
        } else if (e instanceof Expr.IsNull n) {
            return List.of(n.operand());
        } else if (e instanceof Expr.Case c) {
            List<Expr> all = new ArrayList<>();
            for (Expr.When w : c.whens()) {
                all.add(w.condition());
                all.add(w.result());
            }
            all.add(c.otherwise());
            return all;
        } else if (e instanceof Expr.Cast c) {
            return List.of(c.operand());
        } else if (e instanceof Expr.Call c) {
            return c.args();
        } else if (e instanceof Expr.JsonValue v) {
            return List.of(v.doc(), v.path());
        } else if (e instanceof Expr.JsonQuery q) {
            return List.of(q.doc(), q.path());
        } else if (e instanceof Expr.JsonExists x) {
            return List.of(x.doc(), x.path());
        } else if (e instanceof Expr.JsonArrow a) {
            List<Expr> all = new ArrayList<>(a.steps());
            all.add(0, a.doc());
            return all;
        } else if (e instanceof Expr.Agg a) {
            List<Expr> all = new ArrayList<>(2);
            if (a.arg() != null) {
                all.add(a.arg());
            }
            if (a.filter() != null) {
                all.add(a.filter());
            }
            return all;
        } else {
            throw QueryException.unsupported("expression " + e.getClass().getSimpleName());
        }
    }

    /** True when the node or any node below it matches. */
    public static boolean anyMatch(Expr e, Predicate<Expr> test) {
        if (test.test(e)) {
            return true;
        }
        for (Expr child : children(e)) {
            if (anyMatch(child, test)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the aggregates used by {@code e}, outermost first, without duplicates. */
    public static void aggregates(Expr e, List<Expr.Agg> into) {
        if (e instanceof Expr.Agg a) {
            if (!into.contains(a)) {
                into.add(a);
            }
            return;
        }
        for (Expr child : children(e)) {
            aggregates(child, into);
        }
    }

    /**
     * The expression with every sub-expression for which {@code replace} returns non-null replaced by that
     * (top-down: a replaced node is not descended into).
     */
    public static Expr rewrite(Expr e, java.util.function.Function<Expr, Expr> replace) {
        Expr r = replace.apply(e);
        if (r != null) {
            return r;
        }
        java.util.function.UnaryOperator<Expr> f = x -> x == null ? null : rewrite(x, replace);
        if (e instanceof Expr.Literal || e instanceof Expr.Param || e instanceof Expr.Col
                || e instanceof Expr.Excluded || e instanceof Expr.Now || e instanceof Expr.GroupKey) {
            return e;
        } else if (e instanceof Expr.Negate n) {
            return new Expr.Negate(f.apply(n.operand()));
        } else if (e instanceof Expr.Arith a) {
            return new Expr.Arith(a.op(), f.apply(a.left()), f.apply(a.right()));
        } else if (e instanceof Expr.Compare c) {
            return new Expr.Compare(c.op(), f.apply(c.left()), f.apply(c.right()));
        } else if (e instanceof Expr.And a) {
            return new Expr.And(f.apply(a.left()), f.apply(a.right()));
        } else if (e instanceof Expr.Or o) {
            return new Expr.Or(f.apply(o.left()), f.apply(o.right()));
        } else if (e instanceof Expr.Not n) {
            return new Expr.Not(f.apply(n.operand()));
        } else if (e instanceof Expr.Like l) {
            return new Expr.Like(f.apply(l.value()), f.apply(l.pattern()), f.apply(l.escape()), l.negated(),
                    l.ignoreCase());
        } else if (e instanceof Expr.In in) {
            return new Expr.In(f.apply(in.value()), in.list().stream().map(f).toList(), in.negated());
        } else if (e instanceof Expr.Between b) {
            return new Expr.Between(f.apply(b.value()), f.apply(b.low()), f.apply(b.high()), b.negated());
        } else if (e instanceof Expr.IsNull n) {
            return new Expr.IsNull(f.apply(n.operand()), n.negated());
        } else if (e instanceof Expr.Case c) {
            return new Expr.Case(c.whens().stream().map(w -> new Expr.When(f.apply(w.condition()),
                    f.apply(w.result()))).toList(), f.apply(c.otherwise()));
        } else if (e instanceof Expr.Cast c) {
            return new Expr.Cast(f.apply(c.operand()), c.type(), c.typeName());
        } else if (e instanceof Expr.Call c) {
            return new Expr.Call(c.function(), c.args().stream().map(f).toList());
        } else if (e instanceof Expr.JsonValue v) {
            return new Expr.JsonValue(f.apply(v.doc()), f.apply(v.path()), v.returning(), v.returningName());
        } else if (e instanceof Expr.JsonQuery q) {
            return new Expr.JsonQuery(f.apply(q.doc()), f.apply(q.path()));
        } else if (e instanceof Expr.JsonExists x) {
            return new Expr.JsonExists(f.apply(x.doc()), f.apply(x.path()));
        } else if (e instanceof Expr.JsonArrow a) {
            return new Expr.JsonArrow(f.apply(a.doc()), a.steps().stream().map(f).toList(), a.text());
        } else if (e instanceof Expr.Agg a) {
            return a; // aggregate arguments and filters are evaluated per entry, never rewritten
        } else {
            throw QueryException.unsupported("expression " + e.getClass().getSimpleName());
        }
    }

    /** True when the value does not depend on the row: literals, parameters and the statement time. */
    public static boolean isConstant(Expr e) {
        return !anyMatch(e, x -> x instanceof Expr.Col || x instanceof Expr.Excluded || x instanceof Expr.Agg);
    }
}
