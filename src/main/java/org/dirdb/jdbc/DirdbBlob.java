package org.dirdb.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dirdb.sql.SqlState;
import org.dirdb.store.Payload;

/**
 * A read-only, file-backed Blob: it holds the {@link Payload} reference and opens a fresh stream from the
 * entry's file on every read, so it can be read any number of times and never holds the bytes in heap.
 * {@link #length()} reads nothing. It stays usable after its result set and statement close, until the
 * connection closes. If the entry was replaced since the row was read, reads fail with 40001 rather than
 * mixing two versions. {@link #free()} closes the streams it handed out and makes the Blob unusable.
 */
final class DirdbBlob implements Blob {
    private final DirdbConnection connection;
    private final Payload payload;
    private final Set<InputStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean freed;

    DirdbBlob(DirdbConnection connection, Payload payload) {
        this.connection = connection;
        this.payload = payload;
    }

    private void checkUsable() throws SQLException {
        if (freed) {
            throw Errors.of(SqlState.INVALID_STATE, "the Blob of entry " + payload.entry() + " was freed");
        }
        connection.checkOpen();
    }

    @Override
    public long length() throws SQLException {
        checkUsable();
        return payload.length();
    }

    @Override
    public byte[] getBytes(long pos, int length) throws SQLException {
        checkUsable();
        checkRange(pos, length);
        int n = (int) Math.min(length, payload.length() - (pos - 1));
        byte[] bytes = new byte[n];
        try (InputStream in = getBinaryStream(pos, n)) {
            int read = in.readNBytes(bytes, 0, n);
            if (read != n) {
                throw Errors.of(SqlState.CONFLICT, "payload of entry " + payload.entry() + " ended after " + read
                        + " of " + n + " bytes; it was probably replaced, read it again");
            }
        } catch (IOException e) {
            throw Errors.of(SqlState.IO_ERROR, "reading payload of entry " + payload.entry() + " failed: "
                    + e.getMessage(), e);
        }
        return bytes;
    }

    private void checkRange(long pos, long length) throws SQLException {
        if (pos < 1 || length < 0 || pos - 1 > payload.length()) {
            throw Errors.of(SqlState.INVALID_VALUE, "position " + pos + " and length " + length + " are outside"
                    + " the Blob of entry " + payload.entry() + " (" + payload.length() + " bytes, positions from 1)");
        }
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        checkUsable();
        return track(() -> connection.store().openPayload(payload));
    }

    @Override
    public InputStream getBinaryStream(long pos, long length) throws SQLException {
        checkUsable();
        checkRange(pos, length);
        if (pos - 1 + length > payload.length()) {
            throw Errors.of(SqlState.INVALID_VALUE, "position " + pos + " plus length " + length + " runs past"
                    + " the end of the Blob of entry " + payload.entry() + " (" + payload.length() + " bytes)");
        }
        return track(() -> connection.store().openPayload(payload, pos - 1, length));
    }

    private InputStream track(java.util.function.Supplier<InputStream> opener) throws SQLException {
        InputStream in;
        try {
            in = opener.get();
        } catch (RuntimeException e) {
            throw Errors.convert(e);
        }
        InputStream tracked = new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                open.remove(this);
                super.close();
            }
        };
        open.add(tracked);
        return tracked;
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Blob.position");
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Blob.position");
    }

    @Override
    public int setBytes(long pos, byte[] bytes) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Blob.setBytes (Blobs are read-only; UPDATE db SET data = ?)");
    }

    @Override
    public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
        return setBytes(pos, bytes);
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Blob.setBinaryStream (Blobs are read-only; UPDATE db SET data = ?)");
    }

    @Override
    public void truncate(long len) throws SQLException {
        checkUsable();
        throw Errors.unsupported("Blob.truncate (Blobs are read-only)");
    }

    @Override
    public void free() {
        if (freed) {
            return;
        }
        freed = true;
        for (InputStream in : open.toArray(new InputStream[0])) {
            try {
                in.close();
            } catch (IOException e) {
                // a read-only file handle; closing it cannot lose data
            }
        }
    }
}
