package org.dirdb.store;

import java.nio.ByteBuffer;

/**
 * A native buffer per thread for reads from a file into a heap array, a chunk at a time, placed so that the
 * kernel's copy out of the page cache runs at full speed.
 *
 * <p>A read into a heap array always costs two copies: the kernel's, from the page cache into a native
 * buffer, and the JVM's, from that buffer into the array. Given a heap buffer, the JDK uses
 * a temporary native buffer as large as the request, placed wherever {@code malloc} puts it. Two things
 * about it make the kernel's copy slow, and this buffer avoids both:
 * <ul>
 *   <li>a large buffer has left the CPU cache by the time it is copied again; a chunk of this size stays
 *       in it;</li>
 *   <li>the kernel copies with {@code rep movsb}, which on some processors (measured on AMD EPYC) runs four
 *       to five times slower when the destination lies 1 to 31 bytes further into a 64-byte line than the
 *       source does: about 2 GiB/s against 11 to 12 for a read from a hot file. {@code malloc}'s choice
 *       decides which case a JDK buffer is in, and a payload starts 11 bytes into its file. A window of
 *       this buffer starts at the same offset within a line as the file position it is read from, so the
 *       copy's source and destination line up whatever that position is.</li>
 * </ul>
 * One buffer serves every read of a thread; none holds it across a return to its caller.
 *
 * <p>Writes do not go through it: the same placement of the JDK's buffer for payload writes made no
 * difference measured end to end (about 1.8 to 2.2 GiB/s into the page cache either way), since the
 * kernel's copy is not what bounds a write there.
 */
final class AlignedChunks {
    /** The most a window holds: small enough to stay in the CPU cache between the two copies. */
    static final int CHUNK = 256 << 10;
    private static final int LINE = 64;
    private static final int PAGE = 4096;
    /** Page-aligned, with room for a chunk at any offset in a line (an aligned slice ends on a page too). */
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(CHUNK + 2 * PAGE).alignedSlice(PAGE));

    private AlignedChunks() {}

    /**
     * This thread's buffer, its position at {@code filePosition}'s offset within a 64-byte line and its
     * limit {@code length} bytes further ({@code length} at most {@link #CHUNK}).
     */
    static ByteBuffer window(long filePosition, int length) {
        int at = (int) (filePosition & (LINE - 1));
        return BUFFERS.get().clear().position(at).limit(at + length);
    }
}
