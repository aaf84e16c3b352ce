package org.dirdb.store;

/** A held entry lock; closing releases it (idempotent). */
public interface EntryLock extends AutoCloseable {
    /** The locked entry. */
    String entry();

    @Override
    void close();
}
