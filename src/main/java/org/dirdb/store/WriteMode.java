package org.dirdb.store;

/** Which existing state a write requires. */
public enum WriteMode {
    /** The entry must not exist ({@link StoreException.Reason#EXISTS} otherwise). */
    INSERT,
    /** The entry must exist (the write reports false otherwise and changes nothing). */
    UPDATE,
    /** Create or replace. */
    UPSERT
}
