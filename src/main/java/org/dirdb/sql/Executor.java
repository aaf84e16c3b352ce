package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.Store;
import org.dirdb.store.WriteMode;

/**
 * Runs a {@link Plan} against a {@link Store} with bound parameters.
 *
 * <p>INSERT with several rows: each row is written atomically on its own, rows are applied in order, and the
 * statement stops at the first failing row; the rows before it stay written (there are no transactions yet).
 * UPDATE and DELETE touch at most one entry, named in their WHERE.
 *
 * <p>Store failures propagate as {@link org.dirdb.store.StoreException}; the JDBC layer converts them.
 */
public final class Executor {
    private final Store store;

    public Executor(Store store) {
        this.store = store;
    }

    /** What executing a statement produced: an update count or rows. */
    public sealed interface Outcome {
        record Count(long count) implements Outcome {}

        record Rows(RowSource rows) implements Outcome {}
    }

    /**
     * Executes the plan.
     *
     * @param params    the bound values, index 0 for parameter 1; a null element is an unset parameter
     * @param cancelled checked once per row; when it turns true the rows raise 57014
     */
    public Outcome execute(Plan plan, List<Param> params, BooleanSupplier cancelled) {
        Bindings bindings = new Bindings(params, plan.parameterCount());
        if (plan instanceof Plan.Select select) {
            return new Outcome.Rows(select(select, bindings, cancelled));
        } else if (plan instanceof Plan.Constants constants) {
            return new Outcome.Rows(constants(constants, bindings));
        } else if (plan instanceof Plan.Insert insert) {
            return new Outcome.Count(insert(insert, bindings, cancelled));
        } else if (plan instanceof Plan.Update update) {
            return new Outcome.Count(update(update, bindings));
        } else if (plan instanceof Plan.Delete delete) {
            String name = bindings.filterName(delete.name());
            return new Outcome.Count(name != null && store.delete(name) ? 1 : 0);
        } else {
            throw QueryException.unsupported("plan " + plan.getClass().getSimpleName());
        }
    }

    /** The result columns of a SELECT, known without executing it. */
    public static List<ResultColumn> columns(Plan.Select select) {
        return select.columns().stream()
                .map(p -> new ResultColumn(p.label(), p.column().columnName(), DbColumn.TABLE, p.column().type()))
                .toList();
    }

    private RowSource select(Plan.Select select, Bindings bindings, BooleanSupplier cancelled) {
        List<String> names;
        if (select.nameFilter().isPresent()) {
            String name = bindings.filterName(select.nameFilter().get());
            names = name == null ? List.of() : List.of(name);
        } else {
            names = store.list();
            if (select.descending()) {
                names = new ArrayList<>(names);
                Collections.reverse(names);
            }
        }
        return new EntryRows(store, select.columns(), columns(select), names, select.nameFilter().isPresent(),
                cancelled);
    }

    private static RowSource constants(Plan.Constants constants, Bindings bindings) {
        List<ResultColumn> columns = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < constants.values().size(); i++) {
            Object value = bindings.constant(constants.values().get(i));
            ColumnType type = value instanceof Long ? ColumnType.BIGINT
                    : value instanceof byte[] ? ColumnType.BLOB : ColumnType.VARCHAR;
            columns.add(new ResultColumn(constants.labels().get(i), constants.labels().get(i), "", type));
            row.add(value);
        }
        return RowSource.of(columns, List.of(row));
    }

    private long insert(Plan.Insert insert, Bindings bindings, BooleanSupplier cancelled) {
        long written = 0;
        for (List<Value> row : insert.rows()) {
            if (cancelled.getAsBoolean()) {
                throw new QueryException(SqlState.CANCELLED, "statement cancelled after " + written + " rows");
            }
            String name = null;
            MetaChange meta = MetaChange.REMOVE;
            PayloadChange data = PayloadChange.REMOVE;
            for (int i = 0; i < row.size(); i++) {
                DbColumn column = insert.columns().get(i);
                if (column == DbColumn.NAME) {
                    name = bindings.name(row.get(i));
                } else if (column == DbColumn.META) {
                    meta = bindings.meta(row.get(i));
                } else {
                    data = bindings.data(row.get(i));
                }
            }
            if (meta instanceof MetaChange.Remove && data instanceof PayloadChange.Remove) {
                throw new QueryException(SqlState.NOT_NULL, "entry " + name + " would have neither data nor"
                        + " meta; give at least one");
            }
            store.write(name, WriteMode.INSERT, meta, data);
            written++;
        }
        return written;
    }

    private long update(Plan.Update update, Bindings bindings) {
        MetaChange meta = update.meta().isPresent() ? bindings.meta(update.meta().get()) : MetaChange.KEEP;
        PayloadChange data = update.data().isPresent() ? bindings.data(update.data().get()) : PayloadChange.KEEP;
        String name = bindings.filterName(update.name());
        if (name == null) {
            return 0;
        }
        return store.write(name, WriteMode.UPDATE, meta, data) ? 1 : 0;
    }
}
