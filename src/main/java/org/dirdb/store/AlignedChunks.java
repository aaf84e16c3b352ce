package org.dirdb.store;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Native buffers for reads from a file into a heap array, a chunk at a time, placed so that the kernel's copy
 * out of the page cache runs at full speed. A read takes a buffer for its duration and gives it back.
 *
 * <p>A read into a heap array always costs two copies: the kernel's, from the page cache into a native
 * buffer, and the JVM's, from that buffer into the array. Given a heap buffer, the JDK uses
 * a temporary native buffer as large as the request, placed wherever {@code malloc} puts it. Two things
 * about it make the kernel's copy slow, and these buffers avoid both:
 * <ul>
 *   <li>a large buffer has left the CPU cache by the time it is copied again; a chunk of this size stays
 *       in it;</li>
 *   <li>the kernel copies with {@code rep movsb}, which on some processors (measured on AMD EPYC) runs four
 *       to five times slower when the destination lies 1 to 31 bytes further into a 64-byte line than the
 *       source does: about 2 GiB/s against 11 to 12 for a read from a hot file. {@code malloc}'s choice
 *       decides which case a JDK buffer is in, and a payload starts 11 bytes into its file. A window of
 *       a buffer here starts at the same offset within a line as the file position it is read from, so the
 *       copy's source and destination line up whatever that position is.</li>
 * </ul>
 * The buffers are shared by all threads that use the driver rather than kept one per thread: a read holds one
 * only while it runs, and at most {@link #KEPT} ever exist, all kept for the next reads once made. A read that
 * finds none free reads one chunk through the JDK's own temporary buffer instead ({@link #acquire} returns
 * null), as any {@code FileChannel} read into a heap array does: slower where {@code malloc} placed that
 * buffer badly, and the JDK keeps that buffer (at most a chunk) for the thread until it ends, but never a
 * buffer allocated per call and left to the garbage collector. The driver's own native memory then follows
 * how many reads have run at once, up to a bound, not how many threads have ever read: with one buffer per
 * thread, every new thread (a virtual thread per request, say) allocated 264 KiB of direct memory that stayed
 * taken until the collector found its buffer unreachable.
 *
 * <p>Writes do not go through them: the same placement of the JDK's buffer for payload writes made no
 * difference measured end to end (about 1.8 to 2.2 GiB/s into the page cache either way), since the
 * kernel's copy is not what bounds a write there.
 */
final class AlignedChunks {
    /** The most a window holds: small enough to stay in the CPU cache between the two copies. */
    static final int CHUNK = 256 << 10;
    private static final int LINE = 64;
    private static final int PAGE = 4096;
    /** How many buffers may exist: every available processor reading twice at once, and at least 4. */
    static final int KEPT = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** The buffers not in use; a null slot holds none. Every buffer made has a slot to come back to. */
    private static final AtomicReferenceArray<ByteBuffer> IDLE = new AtomicReferenceArray<>(KEPT);
    /** How many buffers were made: at most {@link #KEPT}. */
    private static final AtomicInteger MADE = new AtomicInteger();
    /** How many times {@link #acquire} found every buffer in use (for tests). */
    private static final AtomicLong MISSED = new AtomicLong();

    private AlignedChunks() {}

    /**
     * A buffer for one read, to be given back with {@link #release} when the read ends; null when all
     * {@link #KEPT} are in use (then read through the JDK's own buffer).
     */
    static ByteBuffer acquire() {
        for (int i = 0; i < KEPT; i++) {
            if (IDLE.get(i) != null) {
                ByteBuffer idle = IDLE.getAndSet(i, null);
                if (idle != null) {
                    return idle;
                }
            }
        }
        int made = MADE.get();
        while (made < KEPT) {
            if (MADE.compareAndSet(made, made + 1)) {
                try {
                    // Page-aligned, with room for a chunk at any offset in a line (an aligned slice ends on a page
                    // too).
                    return ByteBuffer.allocateDirect(CHUNK + 2 * PAGE).alignedSlice(PAGE);
                } catch (OutOfMemoryError e) {
                    // Direct memory is short: not counted as made, and this read tries the JDK's smaller buffer.
                    MADE.decrementAndGet();
                    MISSED.incrementAndGet();
                    return null;
                }
            }
            made = MADE.get();
        }
        MISSED.incrementAndGet();
        return null;
    }

    /** Gives back a buffer from {@link #acquire} for the next read. */
    static void release(ByteBuffer buffer) {
        // At most KEPT buffers exist and each is either in use or in a slot, so a free slot is there; the
        // scan may pass one that a concurrent acquire empties behind it, hence the repeat.
        while (true) {
            for (int i = 0; i < KEPT; i++) {
                if (IDLE.get(i) == null && IDLE.compareAndSet(i, null, buffer)) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * {@code buffer} (from {@link #acquire}) with its position at {@code filePosition}'s offset within a
     * 64-byte line and its limit {@code length} bytes further ({@code length} at most {@link #CHUNK}).
     */
    static ByteBuffer window(ByteBuffer buffer, long filePosition, int length) {
        int at = (int) (filePosition & (LINE - 1));
        return buffer.clear().position(at).limit(at + length);
    }

    /** How many buffers were made since the class was loaded. */
    static int made() {
        return MADE.get();
    }

    /** How many reads found every buffer in use since the class was loaded. */
    static long missed() {
        return MISSED.get();
    }
}
