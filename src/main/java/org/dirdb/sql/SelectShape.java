package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;

/**
 * What running a {@link Plan.Select} needs to know about the plan itself, independent of the parameters and
 * of the directory: its result columns, which files its expressions read, whether it reads the clock, and
 * whether a replay of its result could be exact. These are walks over the expression trees; a prepared
 * statement works them out once (see {@link Executor#prepare}) instead of on every execution, which matters
 * most for a point lookup, where they used to cost about as much as the rest of the SQL layer together.
 *
 * <p>Immutable, so one instance serves every execution and every thread.
 */
final class SelectShape {
    /** The result columns, as {@link QueryRunner#columns} describes them. */
    final List<ResultColumn> columns;
    /** Some output or the WHERE reads a column other than {@code name}: every row's files are looked at. */
    final boolean needsFiles;
    /** The statement reads the metadata somewhere: existence is tested on {@code NAME.json} first. */
    final boolean metaFirst;
    /** The WHERE reads the file tested first for existence. */
    final boolean whereReadsFirst;
    /** Some output column reads the file tested first. */
    final boolean outputsReadFirst;
    /** Some GROUP BY expression reads the file tested first. */
    final boolean groupByReadsFirst;
    /** Some ORDER BY key reads the file tested first. */
    final boolean orderReadsFirst;
    /** Some expression is {@code CURRENT_TIMESTAMP}: the execution needs its start time. */
    final boolean readsClock;
    /** The plan's part of {@link ResultCache#cacheable}: the root table, no clock, no {@code data}. */
    final boolean replayable;
    /**
     * The WHERE is exactly {@code name = v} (either way round) for the one parameter or literal {@code v} the
     * scan looks up: every candidate is the entry named by that text, so the WHERE holds for it by
     * construction and evaluating it per row only repeats the comparison.
     */
    final boolean whereIsScan;

    private SelectShape(Plan.Select q) {
        this.columns = QueryRunner.columns(q);
        List<Expr> outputs = new ArrayList<>();
        q.columns().forEach(o -> outputs.add(o.expr()));
        List<Expr> keys = new ArrayList<>();
        q.order().forEach(o -> keys.add(o.key()));
        this.needsFiles = any(outputs, SelectShape::usesFiles) || q.where() != null && usesFiles(q.where());
        this.metaFirst = any(outputs, SelectShape::usesMeta) || q.where() != null && usesMeta(q.where())
                || any(q.groupBy(), SelectShape::usesMeta) || any(keys, SelectShape::usesMeta);
        Predicate<Expr> first = metaFirst ? SelectShape::usesMeta : SelectShape::usesPickle;
        this.whereReadsFirst = q.where() != null && first.test(q.where());
        this.outputsReadFirst = any(outputs, first);
        this.groupByReadsFirst = any(q.groupBy(), first);
        this.orderReadsFirst = any(keys, first);
        List<Expr> all = new ArrayList<>(outputs);
        all.addAll(q.groupBy());
        all.addAll(keys);
        for (Expr e : new Expr[] {q.where(), q.having(), q.limit(), q.offset()}) {
            if (e != null) {
                all.add(e);
            }
        }
        List<Expr> evaluated = new ArrayList<>(all);
        if (q.scan() instanceof Scan.Names named) {
            evaluated.addAll(named.values());
        }
        this.readsClock = any(evaluated, x -> Exprs.anyMatch(x, y -> y instanceof Expr.Now));
        this.replayable = (q.table() == null || q.table().equals(DbColumn.TABLE))
                && !any(all, x -> Exprs.anyMatch(x, y -> y instanceof Expr.Now
                        || y instanceof Expr.Col c && c.column() == DbColumn.DATA));
        this.whereIsScan = whereIsScan(q);
    }

    private static boolean whereIsScan(Plan.Select q) {
        if (!(q.scan() instanceof Scan.Names named) || named.values().size() != 1
                || !(q.where() instanceof Expr.Compare c) || c.op() != Expr.CompareOp.EQ) {
            return false;
        }
        Expr value = named.values().get(0);
        if (!(value instanceof Expr.Param || value instanceof Expr.Literal)) {
            return false;
        }
        Expr name = new Expr.Col(DbColumn.NAME);
        return name.equals(c.left()) && value.equals(c.right()) || name.equals(c.right()) && value.equals(c.left());
    }

    static SelectShape of(Plan.Select q) {
        return new SelectShape(q);
    }

    private static boolean any(List<Expr> exprs, Predicate<Expr> test) {
        for (Expr e : exprs) {
            if (test.test(e)) {
                return true;
            }
        }
        return false;
    }

    static boolean usesMeta(Expr e) {
        return Exprs.anyMatch(e, x -> x instanceof Expr.Col c && c.column() == DbColumn.META);
    }

    static boolean usesPickle(Expr e) {
        return Exprs.anyMatch(e, x -> x instanceof Expr.Col c
                && (c.column() == DbColumn.DATA || c.column() == DbColumn.SIZE || c.column() == DbColumn.FORMAT));
    }

    static boolean usesFiles(Expr e) {
        return Exprs.anyMatch(e, x -> x instanceof Expr.Col c && c.column() != DbColumn.NAME);
    }
}
