package org.dirdb.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a new payload file around the page cache ({@code O_DIRECT}), for big payloads under
 * {@code sync=true}.
 *
 * <p>Why: through the page cache, a durable write copies the payload into the cache and the fsync then has
 * to write all of it back, while dirty-page throttling stalls the copy; a big payload also pushes other
 * files out of the cache. Direct chunks go to the device while the stream is read, so the fsync at the end
 * has only the tail and the file's metadata left.
 *
 * <p>How: the stream is gathered into an aligned buffer of {@code chunk} bytes (a multiple of the
 * alignment), and each full chunk is written at its aligned offset through a second channel opened with
 * {@code O_DIRECT}, by a background thread while the caller's thread fills the next buffer: a direct write
 * waits for the device, and reading the stream need not wait with it. At most one chunk is in flight. At
 * the end, the unaligned tail goes through the temp file's ordinary channel, and the
 * first block is written once more with the real pickle header, whose length is known only then. A file
 * smaller than one chunk is written through the page cache as a whole. Nothing else changes: the caller
 * records the payload's place, fsyncs through the ordinary channel (which makes the direct blocks'
 * allocation durable and flushes the device's cache, as for any write) and renames as usual, so a crash
 * leaves the same states as a buffered write.
 */
final class DirectPickleWriter implements AutoCloseable {
    /** Spare chunk buffers, so that a series of big writes does not allocate (and zero) two each time. */
    private static final ArrayBlockingQueue<ByteBuffer> SPARE = new ArrayBlockingQueue<>(2);
    /** Runs the chunk writes; its threads are daemons and end after a minute without work. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "dirdb-direct-write");
        t.setDaemon(true);
        return t;
    });

    private final StorageIO io;
    private final TempFile temp;
    private final FileChannel direct;
    private final int alignment;
    /** The buffer being filled. */
    private ByteBuffer chunk;
    /** The other buffer: free, or being written by {@link #inFlight}. */
    private ByteBuffer other;
    private Future<?> inFlight;
    /** Offset in the file of the chunk's first byte. */
    private long position;
    /** The file's first block as first written, kept for the header written at the end. */
    private byte[] firstBlock;

    private DirectPickleWriter(StorageIO io, TempFile temp, FileChannel direct, int alignment, int chunkSize) {
        this.io = io;
        this.temp = temp;
        this.direct = direct;
        this.alignment = alignment;
        this.chunk = takeBuffer(chunkSize, alignment);
        this.other = takeBuffer(chunkSize, alignment);
    }

    /**
     * A writer for the (empty) temp file, or null when the file system refuses to open it for direct I/O.
     *
     * @param alignment a power of two, at least the file system's block size
     * @param chunkSize a multiple of {@code alignment}
     */
    static DirectPickleWriter open(StorageIO io, TempFile temp, int alignment, int chunkSize) {
        FileChannel channel;
        try {
            channel = io.openDirect(temp.path);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        try {
            return new DirectPickleWriter(io, temp, channel, alignment, chunkSize);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Appends bytes of the file, writing each chunk as it fills. */
    void put(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, chunk.remaining());
            chunk.put(bytes, offset, n);
            offset += n;
            length -= n;
            if (!chunk.hasRemaining()) {
                writeChunk();
            }
        }
    }

    private void writeChunk() throws IOException {
        if (position == 0) {
            firstBlock = new byte[alignment];
            chunk.get(0, firstBlock);
        }
        awaitInFlight();
        ByteBuffer full = chunk.flip();
        long at = position;
        chunk = other.clear();
        other = full;
        inFlight = WRITERS.submit(() -> {
            writeAligned(full, at);
            return null;
        });
        position += full.capacity();
    }

    /**
     * Waits for the chunk in flight and rethrows its failure. An interrupt does not cut the wait short (the
     * write ends within one device write); it is kept for the caller's own check.
     */
    private void awaitInFlight() throws IOException {
        Future<?> pending = inFlight;
        if (pending == null) {
            return;
        }
        inFlight = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    pending.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    } else if (cause instanceof RuntimeException r) {
                        throw r;
                    } else if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes what is still buffered and puts {@code header} at the file's start, over the placeholder the
     * first bytes held.
     */
    void finish(byte[] header) throws IOException {
        awaitInFlight();
        int filled = chunk.position();
        if (position == 0) {
            chunk.put(0, header).flip();
            temp.writeFully(chunk, 0);
            return;
        }
        int whole = filled - filled % alignment;
        if (whole > 0) {
            writeAligned(chunk.duplicate().position(0).limit(whole), position);
        }
        if (filled > whole) {
            temp.writeFully(chunk.duplicate().position(whole).limit(filled), position + whole);
        }
        chunk.clear();
        chunk.put(firstBlock).put(0, header).flip();
        writeAligned(chunk, 0);
    }

    /**
     * Writes an aligned stretch directly. Should a write come back short at an offset off the alignment,
     * the rest of the stretch goes through the page cache, which the final fsync writes back.
     */
    private void writeAligned(ByteBuffer from, long at) throws IOException {
        while (from.hasRemaining()) {
            if (at % alignment != 0 || from.remaining() % alignment != 0) {
                temp.writeFully(from, at);
                return;
            }
            at += io.writeDirect(direct, from, at);
        }
    }

    /**
     * Waits for a chunk still in flight, then closes the direct channel; the temp file itself stays with its
     * owner. Never throws.
     */
    @Override
    public void close() {
        try {
            awaitInFlight();
        } catch (IOException | RuntimeException e) {
            // the write already failed for the caller; the temp file is deleted by its owner
        }
        closeQuietly(direct);
        if (chunk != null) {
            SPARE.offer(chunk.clear());
            SPARE.offer(other.clear());
            chunk = null;
            other = null;
        }
    }

    private static ByteBuffer takeBuffer(int size, int alignment) {
        ByteBuffer spare;
        while ((spare = SPARE.poll()) != null) {
            if (spare.capacity() == size && spare.alignmentOffset(0, alignment) == 0) {
                return spare;
            }
        }
        return ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).limit(size).slice();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a channel only written to and about to be fsynced through another handle
        }
    }
}
