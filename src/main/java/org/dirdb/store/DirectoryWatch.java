package org.dirdb.store;

/**
 * Change notification for the files of one directory: what a store needs to trust a value it cached
 * without a stat of its file. Obtained from {@link StorageIO#watch}; the default is Linux inotify
 * ({@link NativeInotify}).
 *
 * <p>The contract a store relies on: every change to a file of the directory that has returned to its
 * caller (a write, truncation, rename, unlink, link, attribute or time change, by any process of this
 * machine) is reported by the next {@link #drain} that starts after it. A change still in progress may
 * or may not be.
 */
public interface DirectoryWatch extends AutoCloseable {
    /** Receives what {@link #drain} found. */
    interface Sink {
        /**
         * The file {@code fileName} of the directory changed: its content or attributes ({@code membership}
         * false), or whether it exists under that name (created, deleted, renamed from or to it).
         */
        void changed(String fileName, boolean membership);

        /** Changes were lost (the kernel's event queue overflowed): anything may have changed. */
        void lost();
    }

    /**
     * Reports every change queued since the last call, then returns. False when the watch has ended (the
     * directory was deleted, moved or unmounted): it reports nothing more, and the caller must stop relying
     * on it (after treating everything as changed).
     */
    boolean drain(Sink sink);

    /** Releases the watch. Idempotent; never throws. */
    @Override
    void close();
}
