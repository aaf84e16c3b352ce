package org.dirdb.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory opened as a dirdb database. Entry {@code NAME} is {@code NAME.pickle} (payload, a Python
 * pickle), an optional {@code NAME.json} (metadata, a JSON object) and {@code NAME.lock} (its lock file).
 *
 * <p>Durability: every replacement is temp file, fsync, rename, fsync of the directory; a write that
 * changes payload and metadata together goes through a per-entry commit record, so a crash at any
 * instant leaves every entry whole, old or new. Locking: {@code flock(2)} on {@code NAME.lock} behind an
 * in-JVM lock table, which excludes other threads, other JVMs and Python's {@code filelock}.
 *
 * <p>Thread-safe. No JDBC, no SQL here.
 */
public final class Store implements AutoCloseable {

    private Store() {}

    /** Opens (and, if allowed, creates) a directory; finishes interrupted commits and removes strays. */
    public static Store open(Path directory, StoreOptions options) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The real path of the directory. */
    public Path directory() {
        throw new UnsupportedOperationException("not yet");
    }

    public StoreOptions options() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Entry names, sorted by code point; lists the directory and opens no file. */
    public List<String> list() {
        throw new UnsupportedOperationException("not yet");
    }

    /** A stat of the entry's files, or null when the entry does not exist. Opens no file. */
    public EntryStat stat(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The metadata JSON text, or null when the entry has none. Reads only {@code NAME.json}. */
    public String readMeta(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Where the payload lies (reads the pickle header only), or null when the entry has no payload. */
    public Payload payload(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A fresh stream over the whole payload; {@link StoreException.Reason#CHANGED} if it was replaced. */
    public InputStream openPayload(Payload payload) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A fresh stream over {@code length} payload bytes from {@code position} (0-based). */
    public InputStream openPayload(Payload payload, long position, long length) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Writes one entry atomically and durably.
     *
     * @return true when the entry was written; false only for {@link WriteMode#UPDATE} of a missing entry
     */
    public boolean write(String name, WriteMode mode, MetaChange meta, PayloadChange payload) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Deletes an entry (payload and metadata, atomically); false when it did not exist. */
    public boolean delete(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Takes the entry's exclusive lock (the one Python's {@code with entry:} takes) and holds it until the
     * returned handle is closed. Waits at most the lock timeout. For tools and tests that must keep other
     * writers out across several operations; the read and write methods lock by themselves.
     */
    public EntryLock lock(String name) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
