package org.dirdb.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A stream over a slice of a payload file, read with positional reads from a channel of its own.
 * Ending before the slice does is an error, never a silently short payload: it means the file was
 * truncated under the reader (only an in-place writer, such as the Python library, can do that).
 */
final class PayloadStream extends InputStream {
    private final FileChannel channel;
    private final String entry;
    private long position;
    private final long end;
    private boolean closed;

    PayloadStream(FileChannel channel, String entry, long position, long length) {
        this.channel = channel;
        this.entry = entry;
        this.position = position;
        this.end = position + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("payload stream of entry " + EntryNames.quote(entry) + " is closed");
        }
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long left = end - position;
        if (left <= 0) {
            return -1;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b, off, (int) Math.min(len, left));
        int n = channel.read(buffer, position);
        if (n < 0) {
            throw new IOException("payload of entry " + EntryNames.quote(entry) + " ended " + left
                    + " bytes early: the file was truncated while it was being read");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
