package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.StagedPayload;
import org.dirdb.store.Store;

/**
 * Payload values for writes that decide under an entry lock ({@link Store#modify}): a bound stream is
 * staged into the directory once, before any lock, and each entry that takes it gets its own copy, so no
 * upload ever runs while an entry is locked. Closing deletes whatever no write took.
 */
final class Payloads implements AutoCloseable {
    private final Store store;
    private final boolean oneEntry;
    private final List<StagedPayload> staged = new ArrayList<>();
    private StagedPayload original;
    private Object stagedFrom;

    /**
     * @param oneEntry true when each staged payload goes to at most one entry (a single-row upsert, or an
     *                 UPDATE of one named entry): it is then renamed into place without a copy, even when a
     *                 decision is asked twice. Otherwise every entry gets its own copy.
     */
    Payloads(Store store, boolean oneEntry) {
        this.store = store;
        this.oneEntry = oneEntry;
    }

    /** The change that writes {@code value} (bytes, a stream, or NULL for none). */
    PayloadChange change(Object value) {
        if (!(value instanceof Param.Stream s)) {
            return Bindings.data(value);
        }
        if (original == null || stagedFrom != s) {
            original = store.stage(s.in(), s.length());
            stagedFrom = s;
            staged.add(original);
        }
        if (oneEntry) {
            return new PayloadChange.Staged(original);
        }
        StagedPayload copy = original.duplicate();
        staged.add(copy);
        return new PayloadChange.Staged(copy);
    }

    @Override
    public void close() {
        for (StagedPayload p : staged) {
            p.close();
        }
    }
}
