package org.dirdb.sql;

import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dirdb.sql.ir.Eval;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Json;
import org.dirdb.sql.ir.Row;
import org.dirdb.store.Store;

/**
 * Rows streamed from entry names: each candidate becomes a lazy {@link EntryRow}, the WHERE is evaluated
 * (reading only the columns it needs), OFFSET rows are skipped and LIMIT stops the scan. Output columns are
 * evaluated when the application reads them, so rows skipped by OFFSET, cut by LIMIT or by
 * {@code setMaxRows}, and columns never read, open no file.
 */
final class StreamRows implements RowSource {
    private final Store store;
    private final Iterator<String> names;
    private final boolean checkExists;
    private final boolean listed;
    private final boolean metaFirst;
    private final boolean eager;
    private final Expr where;
    private final List<Plan.Output> outputs;
    private final List<ResultColumn> columns;
    private final Eval eval;
    private final BooleanSupplier cancelled;
    private long toSkip;
    private long remaining;
    private Row current;
    private boolean closed;

    /**
     * @param listed    the names come from this statement's listing
     * @param metaFirst the statement reads the metadata (existence is then tested on {@code NAME.json} first)
     * @param eager     the WHERE reads the file tested first, for every row that exists
     */
    StreamRows(Store store, List<String> names, boolean listed, boolean checkExists, boolean metaFirst,
               boolean eager, Expr where,
               List<Plan.Output> outputs, List<ResultColumn> columns, Eval eval, long offset, long limit,
               BooleanSupplier cancelled) {
        this.store = store;
        this.names = names.iterator();
        this.listed = listed;
        this.checkExists = checkExists;
        this.metaFirst = metaFirst;
        this.eager = eager;
        this.where = where;
        this.outputs = outputs;
        this.columns = columns;
        this.eval = eval;
        this.toSkip = offset;
        this.remaining = limit;
        this.cancelled = cancelled;
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        current = null;
        while (!closed && remaining > 0 && names.hasNext()) {
            if (cancelled.getAsBoolean()) {
                throw new QueryException(SqlState.CANCELLED, "statement cancelled");
            }
            EntryRow row = new EntryRow.Stored(store, names.next(), listed, metaFirst, eager);
            if (checkExists && !row.exists()) {
                continue;
            }
            if (where != null && !Boolean.TRUE.equals(eval.test(where, row))) {
                continue;
            }
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            remaining--;
            current = row;
            return true;
        }
        return false;
    }

    @Override
    public Object get(int index) {
        if (current == null) {
            throw new QueryException(SqlState.INVALID_STATE, "no current row");
        }
        return output(eval.eval(outputs.get(index).expr(), current));
    }

    @Override
    public java.io.InputStream dataStream(int index) {
        if (current instanceof EntryRow row && outputs.get(index).expr() instanceof Expr.Col c
                && c.column() == DbColumn.DATA) {
            return row.dataStream();
        }
        return null;
    }

    /**
     * What the JDBC layer receives: JSON values as their text, everything else as is. JSON {@code null} is SQL
     * NULL, as it is to every predicate and function ({@code IS NULL}, {@code COALESCE}, aggregates): one
     * answer for what the value is.
     */
    static Object output(Object value) {
        return value instanceof Json j ? (j.node().isNull() ? null : j.text()) : value;
    }

    @Override
    public void close() {
        closed = true;
        current = null;
    }
}
