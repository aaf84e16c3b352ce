package org.dirdb.store;

/**
 * A payload already streamed into a (locked, fsynced) temp file of the database directory, before the
 * entry it goes to is known or locked. A SQL statement stages a streamed parameter once, then hands it
 * to {@link Store#modify} through {@link PayloadChange.Staged}; the temp file is renamed into place, so
 * the payload is written once. Each staged payload serves one write: {@link #duplicate()} makes a copy
 * for each further entry. Closing deletes the file unless a write took it. Not thread-safe.
 */
public final class StagedPayload implements AutoCloseable {
    private final Staging writer;
    private final TempFile temp;
    private final long length;
    private boolean used;
    private boolean closed;

    StagedPayload(Staging writer, TempFile temp, long length) {
        this.writer = writer;
        this.temp = temp;
        this.length = length;
    }

    /** Payload length in bytes. */
    public long length() {
        return length;
    }

    /** A copy of this payload for another write. */
    public StagedPayload duplicate() {
        requireUsable();
        return writer.duplicate(temp, length);
    }

    /** Hands the temp file to a write of {@code entry}; from now on the write owns it. */
    TempFile claim(String entry) {
        requireUsable();
        try {
            temp.renameFor(entry, "pickle");
        } catch (java.io.IOException e) {
            throw StoreException.io(entry, temp.path, "cannot take staged payload", e);
        }
        used = true;
        return temp;
    }

    private void requireUsable() {
        if (used || closed) {
            throw new IllegalStateException("staged payload already " + (used ? "used by a write" : "closed")
                    + "; stage it again or duplicate it before use");
        }
    }

    @Override
    public void close() {
        if (!closed && !used) {
            temp.close();
        }
        closed = true;
    }
}
