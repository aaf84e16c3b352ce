package org.dirdb.sql;

import java.util.List;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;

/**
 * What running a {@link Plan.Select} needs to know about the plan itself, independent of the parameters and
 * of the directory: its result columns, which files its expressions read, whether it reads the clock, and
 * whether a replay of its result could be exact. These are walks over the expression trees; a prepared
 * statement works them out once (see {@link Executor#prepare}) instead of on every execution, which matters
 * most for a point lookup, where they were a large part of what the SQL layer spent per execution.
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
        int outputs = 0;
        for (Plan.Output o : q.columns()) {
            outputs |= reads(o.expr());
        }
        int where = q.where() == null ? 0 : reads(q.where());
        int groupBy = 0;
        for (Expr e : q.groupBy()) {
            groupBy |= reads(e);
        }
        int keys = 0;
        for (Plan.Order o : q.order()) {
            keys |= reads(o.key());
        }
        int rest = (q.having() == null ? 0 : reads(q.having())) | (q.limit() == null ? 0 : reads(q.limit()))
                | (q.offset() == null ? 0 : reads(q.offset()));
        int scan = 0;
        if (q.scan() instanceof Scan.Names named) {
            for (Expr e : named.values()) {
                scan |= reads(e);
            }
        }
        this.needsFiles = ((outputs | where) & FILES) != 0;
        this.metaFirst = ((outputs | where | groupBy | keys) & META) != 0;
        int first = metaFirst ? META : PICKLE;
        this.whereReadsFirst = (where & first) != 0;
        this.outputsReadFirst = (outputs & first) != 0;
        this.groupByReadsFirst = (groupBy & first) != 0;
        this.orderReadsFirst = (keys & first) != 0;
        int all = outputs | where | groupBy | keys | rest;
        this.readsClock = ((all | scan) & CLOCK) != 0;
        this.replayable = (q.table() == null || q.table().equals(DbColumn.TABLE))
                && (all & (CLOCK | bit(DbColumn.DATA))) == 0;
        this.whereIsScan = whereIsScan(q);
    }

    private static final int CLOCK = 1 << DbColumn.values().length;
    private static final int META = bit(DbColumn.META);
    private static final int PICKLE = bit(DbColumn.DATA) | bit(DbColumn.SIZE) | bit(DbColumn.FORMAT);
    /** Every column but {@code name}: the ones read from the entry's files. */
    private static final int FILES = CLOCK - 1 & ~bit(DbColumn.NAME);

    private static int bit(DbColumn column) {
        return 1 << column.ordinal();
    }

    /**
     * What {@code e} reads, anywhere in its tree: a bit per column it names ({@link Expr.Col}) and
     * {@link #CLOCK} for {@code CURRENT_TIMESTAMP}. One plain walk answers every question above at once.
     */
    private static int reads(Expr e) {
        int bits = e instanceof Expr.Col c ? bit(c.column()) : e instanceof Expr.Now ? CLOCK : 0;
        for (Expr child : Exprs.children(e)) {
            bits |= reads(child);
        }
        return bits;
    }

    private static boolean whereIsScan(Plan.Select q) {
        if (!(q.scan() instanceof Scan.Names named) || named.values().size() != 1
                || !(q.where() instanceof Expr.Compare c) || c.op() != Expr.CompareOp.EQ) {
            return false;
        }
        Expr value = named.values().get(0);
        return isName(c.left()) && sameValue(value, c.right()) || isName(c.right()) && sameValue(value, c.left());
    }

    private static boolean isName(Expr e) {
        return e instanceof Expr.Col c && c.column() == DbColumn.NAME;
    }

    /** The same parameter, or the same text literal: both sides then evaluate to the same value. */
    private static boolean sameValue(Expr a, Expr b) {
        if (a instanceof Expr.Param p && b instanceof Expr.Param r) {
            return p.index() == r.index();
        }
        return a instanceof Expr.Literal l && b instanceof Expr.Literal m && l.value() instanceof String text
                && text.equals(m.value());
    }

    static SelectShape of(Plan.Select q) {
        return new SelectShape(q);
    }
}
