package org.dirdb.sql;

import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dirdb.store.EntryStat;
import org.dirdb.store.Payload;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;

/**
 * The rows of a SELECT over {@code db}. Advancing costs at most one stat of the entry (none when only
 * {@code name} is selected); every other column is read on first access: {@code meta} reads
 * {@code NAME.json}, {@code size}/{@code format}/{@code data} read the pickle header only, and {@code data}
 * is a {@link Payload} reference whose bytes are opened only when the application reads them. An entry that
 * vanished between listing and reading is skipped; a column of an entry that vanishes later reads NULL.
 */
final class EntryRows implements RowSource {
    private final Store store;
    private final List<Plan.Projection> projections;
    private final List<ResultColumn> columns;
    private final Iterator<String> names;
    private final BooleanSupplier cancelled;
    private final boolean statOnNext;
    private Entry current;
    private boolean closed;

    EntryRows(Store store, List<Plan.Projection> projections, List<ResultColumn> columns, List<String> names,
              boolean statOnNext, BooleanSupplier cancelled) {
        this.store = store;
        this.projections = projections;
        this.columns = columns;
        this.names = names.iterator();
        this.cancelled = cancelled;
        this.statOnNext = statOnNext || projections.stream().anyMatch(p -> p.column() != DbColumn.NAME);
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        current = null;
        while (!closed && names.hasNext()) {
            if (cancelled.getAsBoolean()) {
                throw new QueryException(SqlState.CANCELLED, "statement cancelled");
            }
            Entry entry = new Entry(names.next());
            if (statOnNext && entry.stat() == null) {
                continue; // vanished since the listing
            }
            current = entry;
            return true;
        }
        return false;
    }

    @Override
    public Object get(int index) {
        if (current == null) {
            throw new QueryException(SqlState.INVALID_STATE, "no current row");
        }
        return current.value(projections.get(index).column());
    }

    @Override
    public void close() {
        closed = true;
        current = null;
    }

    /** One entry's columns, each read at most once. */
    private final class Entry {
        private final String name;
        private EntryStat stat;
        private boolean statRead;
        private String meta;
        private boolean metaRead;
        private Payload payload;
        private boolean payloadRead;

        Entry(String name) {
            this.name = name;
        }

        Object value(DbColumn column) {
            return switch (column) {
                case NAME -> name;
                case META -> meta();
                case DATA -> payload();
                case SIZE -> payload() == null ? null : payload().length();
                case FORMAT -> payload() == null ? null : payload().format().label();
                case MODIFIED -> stat() == null ? null : stat().modified();
            };
        }

        EntryStat stat() {
            if (!statRead) {
                stat = store.stat(name);
                statRead = true;
            }
            return stat;
        }

        String meta() {
            if (!metaRead) {
                meta = vanishedAsNull(() -> store.readMeta(name));
                metaRead = true;
            }
            return meta;
        }

        Payload payload() {
            if (!payloadRead) {
                payload = vanishedAsNull(() -> store.payload(name));
                payloadRead = true;
            }
            return payload;
        }
    }

    private static <T> T vanishedAsNull(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
