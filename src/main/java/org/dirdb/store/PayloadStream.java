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
        int want = (int) Math.min(len, left);
        int n = want < DIRECT_FROM ? readThroughJdk(b, off, want) : readChunked(b, off, want);
        if (n < 0) {
            throw new IOException("payload of entry " + EntryNames.quote(entry) + " ended " + left
                    + " bytes early: the file was truncated while it was being read");
        }
        position += n;
        return n;
    }

    /**
     * One read at the stream's position through the JDK's temporary buffer of this thread, which the JDK keeps
     * as large as the largest such read: callers ask for less than {@link #DIRECT_FROM} or one chunk at most.
     */
    private int readThroughJdk(byte[] b, int off, int len) throws IOException {
        return channel.read(ByteBuffer.wrap(b, off, len), position);
    }

    /** Reads of at least this many bytes go through an {@link AlignedChunks} buffer. */
    private static final int DIRECT_FROM = 8 << 10;

    /**
     * Reads a chunk at a time through an {@link AlignedChunks} buffer, held for this call only; returns -1 only
     * when nothing could be read. When all of those are in use, reads one chunk at most through the JDK's own
     * temporary buffer, which the JDK keeps for the thread: at most a chunk's size, not the caller's request.
     */
    private int readChunked(byte[] b, int off, int want) throws IOException {
        ByteBuffer buffer = AlignedChunks.acquire();
        if (buffer == null) {
            return readThroughJdk(b, off, Math.min(want, AlignedChunks.CHUNK));
        }
        try {
            int done = 0;
            while (done < want) {
                int asked = Math.min(AlignedChunks.CHUNK, want - done);
                ByteBuffer window = AlignedChunks.window(buffer, position + done, asked);
                int start = window.position();
                int n = channel.read(window, position + done);
                if (n <= 0) {
                    break;
                }
                window.limit(start + n).position(start);
                window.get(b, off + done, n);
                done += n;
                if (n < asked) {
                    break; // a short read: return what there is, the caller asks again
                }
            }
            return done == 0 ? -1 : done;
        } finally {
            AlignedChunks.release(buffer);
        }
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
