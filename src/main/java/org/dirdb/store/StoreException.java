package org.dirdb.store;

import java.nio.file.Path;

/**
 * Every failure of the directory store. Unchecked, with a {@link Reason} that the JDBC layer maps to
 * an SQLState once; the message always names the entry or file concerned.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** An entry or table name breaks the naming rules; nothing was touched. */
        INVALID_NAME,
        /** Metadata is not a JSON object. */
        INVALID_META,
        /** A payload stream delivered fewer or more bytes than announced, or failed while being read. */
        INVALID_DATA,
        /** The entry already exists (insert). */
        EXISTS,
        /** A sub-database holds something other than dirdb entries and cannot be dropped. */
        NOT_EMPTY,
        /** The entry does not exist. */
        NOT_FOUND,
        /** A write would leave an entry with neither payload nor metadata. */
        EMPTY_ENTRY,
        /** A file on disk is truncated, foreign or not a regular file. */
        CORRUPT,
        /** The entry was replaced after a file-backed value was handed out. */
        CHANGED,
        /** Waiting for an entry lock ran past the lock timeout. */
        LOCK_TIMEOUT,
        /** The waiting thread was interrupted or the operation was cancelled. */
        INTERRUPTED,
        /** An I/O error; the old version of the entry is intact. */
        IO,
        /** An earlier fsync failed: the store refuses writes until it is reopened. */
        POISONED,
        /** The store was opened read-only. */
        READ_ONLY,
        /** The store was closed. */
        CLOSED,
        /** The platform cannot do what is asked (no flock, non-UTF-8 file names). */
        UNSUPPORTED
    }

    private final Reason reason;
    private final String entry;

    public StoreException(Reason reason, String entry, String message) {
        this(reason, entry, message, null);
    }

    public StoreException(Reason reason, String entry, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.entry = entry;
    }

    public Reason reason() {
        return reason;
    }

    /** The entry concerned, or null when the failure concerns the store as a whole. */
    public String entry() {
        return entry;
    }

    static StoreException io(String entry, Path file, String doing, Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedByInterruptException) {
            // Not the disk's failure: the JDK closes a channel when its thread is interrupted during the call.
            return new StoreException(Reason.INTERRUPTED, entry, doing + " " + file
                    + ": the thread was interrupted (the statement is cancelled)", cause);
        }
        String detail = cause == null ? "" : ": " + cause;
        return new StoreException(Reason.IO, entry, doing + " " + file + detail, cause);
    }
}
