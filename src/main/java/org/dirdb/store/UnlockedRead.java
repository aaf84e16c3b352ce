package org.dirdb.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A read of one small file of an entry without the entry's lock, kept only when it proves that it saw one
 * whole version of the file; otherwise the caller reads again under the shared lock, which waits for any
 * writer. On a cold scan the lock is most of a row's cost (open and {@code flock} the lock file, check its
 * identity, close it: five calls of a row's nine), so the metadata of a listing, a report's {@code GROUP BY}
 * and a point lookup of a small payload are served this way.
 *
 * <p>Writers of the layout change a file in one of two ways: the driver renames a whole new file over it
 * (a reader sees the old file or the new one, never a mix), and the Python library truncates it and writes
 * the new version in place, under its exclusive lock. Against the second, a read is kept only when both hold:
 * <ol>
 *   <li><b>The bytes are one whole version</b> ({@code whole}): a complete JSON object with nothing after it,
 *       or a complete pickle of one {@code bytes} object whose header gives exactly the file's length. The
 *       states of a file being rewritten after its truncation are the prefixes of the new version (empty
 *       included), and no proper prefix passes: a JSON object ends with its closing brace, and a pickle's
 *       header announces its full length.</li>
 *   <li><b>The read cannot mix two versions.</b> A file of at most one page is copied by the kernel from one
 *       page-cache page, which belongs to one version: the old page (whole, or cut at the new length, or
 *       followed by the zeros past its end) or the new one (filled up to the length the reader sees). A larger
 *       file is read in several steps that a rewrite may fall between; it is kept only when a stamp taken after
 *       the read ({@link FileStamp}) shows the size and modification time of the stat before it, and an
 *       inode change time that lay settled in the past when the read began ({@link #SETTLED_NANOS}, more
 *       than a clock tick, so that any change during the read would have moved it past that; a whole second
 *       more where the file system keeps whole seconds only).</li>
 * </ol>
 * Where neither can be relied on, reads take the lock: on file systems that are not local kernel ones
 * ({@link LocalFileSystems}), for files larger than {@link #MAX_BYTES}, for pickles of anything but one
 * {@code bytes} object (a cut pickle of a NumPy array may still end in the STOP byte), and with
 * {@code lockReads}. A writer that rewrites a file in place <em>without truncating it</em> (no writer of
 * this layout does; Python's {@code open(path, 'w')} truncates) can defeat the first check, and is what
 * {@code lockReads=true} is for. docs/storage.md, "Reads without a lock", says the same for users.
 */
final class UnlockedRead {
    /** The smallest page size of the platforms served: a file this small lies in one page. */
    static final int ONE_PAGE = 4096;

    /** Files larger than this are always read under the lock. */
    static final int MAX_BYTES = 64 << 10;

    /**
     * How far in the past a larger file's change time must lie: file times come from a clock that advances
     * once per timer tick (1–10 ms), so a change made during the read gets a later time than this only if the
     * last one lies at least a tick back.
     */
    static final long SETTLED_NANOS = 25_000_000L;

    /** What a kept read found: the stat taken before it (null: the file does not exist), the value and bytes. */
    record Result<T>(BasicFileAttributes attrs, T value, byte[] bytes) {}

    private static final Result<Object> ABSENT = new Result<>(null, null, null);

    private final Path directory;
    private final StorageIO io;
    private final boolean allowed;
    private final BooleanSupplier watching;
    private volatile int local; // 0 unknown, 1 local, -1 not

    /**
     * @param watching whether the store's change notification runs, which it does only on a local file system:
     *                 then that question (a read of the mount table) is not asked a second time
     */
    UnlockedRead(Path directory, StorageIO io, boolean allowed, BooleanSupplier watching) {
        this.directory = directory;
        this.io = io;
        this.allowed = allowed;
        this.watching = watching;
    }

    /** Whether reads of this store may go without the lock at all (decided once, at the first read). */
    boolean enabled() {
        if (!allowed) {
            return false;
        }
        int l = local;
        if (l == 0) {
            l = watching.getAsBoolean() || LocalFileSystems.holds(directory) ? 1 : -1;
            local = l;
        }
        return l > 0;
    }

    /**
     * Reads {@code file} (at most {@code maxBytes}) without a lock. {@code whole} turns the bytes and the stat
     * taken before the read into the value, or returns null when the bytes are not one whole version.
     * {@code statedNow}, when not null, is a stat of the existing file that the statement took before this
     * call; it serves as the stat before the read (it only gives the size to read and the state to cache the
     * value under: whether what is read is whole is decided by the bytes).
     *
     * @return the value and stat, a result with a null stat when the file does not exist, or null when the read
     *         proves nothing and the caller must read under the lock (an error of any kind included: the locked
     *         read reports it)
     */
    @SuppressWarnings("unchecked")
    <T> Result<T> read(Path file, int maxBytes, BasicFileAttributes statedNow, Function<Read, T> whole) {
        if (!enabled()) {
            return null;
        }
        try {
            long startedNanos = System.currentTimeMillis() * 1_000_000L;
            BasicFileAttributes before = statedNow != null ? statedNow : io.stat(file);
            if (before == null) {
                return (Result<T>) ABSENT; // no version to tear: Python truncates, it never deletes to rewrite
            }
            if (!before.isRegularFile() || before.size() > Math.min(maxBytes, MAX_BYTES) || before.size() == 0) {
                return null;
            }
            int size = (int) before.size();
            boolean onePage = size <= ONE_PAGE;
            byte[] bytes = new byte[size];
            // The real file system's read, where JNA is loaded, is three native calls (four with the stamp of
            // a larger file, taken of the open descriptor); through the JDK, a FileChannel costs a statement's
            // first, interpreted runs three times as much. Any other I/O seam (a test's) is asked through
            // openRead, and its stamp through the path.
            FileStamp[] after = onePage ? null : new FileStamp[1];
            int n = io == StorageIO.DEFAULT && JnaState.loaded()
                    ? NativeFiles.read(file, bytes, onePage, after) : NativeFiles.UNAVAILABLE;
            if (n == NativeFiles.UNAVAILABLE) {
                n = readThroughChannel(file, bytes, onePage);
            }
            if (n != size || !onePage && !settledThrough(stampAfter(file, after), before, startedNanos)) {
                return null;
            }
            T value = whole.apply(new Read(before, bytes));
            return value == null ? null : new Result<>(before, value, bytes);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether a file of several pages was read whole: the stamp taken after the read shows the size and
     * modification time the stat before it did, and a change time that lay settled in the past when the read
     * began. Every change of the file (a write, a truncation, a rename onto its name, a reset modification
     * time) sets its change time to the kernel's clock, and no program can set it back, so the last change of
     * all came before the read and none fell between its steps.
     *
     * <p>Two cases would defeat that, and both are caught here: a file system that keeps whole seconds only
     * (ext4 with 128-byte inodes, ext2, reiserfs), where a change time of {@code .000000000} may stand for any
     * instant of its second, so that second must have ended before the settling margin; and the clock stepped
     * back during the read (by NTP, by hand, by a restored virtual machine), which a later change could then
     * be stamped before, so the clock must not read earlier after the stamp than when the read began.
     */
    static boolean settledThrough(FileStamp after, BasicFileAttributes before, long startedNanos) {
        if (after == null || after.size() != before.size()
                || after.modifiedNanos() != before.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)) {
            return false;
        }
        long changed = after.changedNanos();
        long lastPossibleChange = changed % 1_000_000_000L == 0 ? changed + 999_999_999L : changed;
        return lastPossibleChange <= startedNanos - SETTLED_NANOS
                && System.currentTimeMillis() * 1_000_000L >= startedNanos;
    }

    /**
     * The stamp that shows whether a file of several pages was read whole: the one {@link NativeFiles#read}
     * took of the descriptor it read, else one of the path. The descriptor's is at least as strict: the bytes
     * came from that file, and if another file has since been renamed onto the name, the file read lost a
     * link, which moved its change time.
     */
    private FileStamp stampAfter(Path file, FileStamp[] after) throws IOException {
        FileStamp read = after == null ? null : after[0];
        return read != null && read != NativeFiles.UNAVAILABLE_STAMP ? read : io.stamp(file);
    }

    /** As {@link NativeFiles#read}, through {@link StorageIO#openRead}. */
    private int readThroughChannel(Path file, byte[] bytes, boolean onePage) throws IOException {
        int n;
        try (FileChannel ch = io.openRead(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            n = ch.read(buffer); // a one-page file in one call: one copy from one page
            while (!onePage && n >= 0 && buffer.hasRemaining()) {
                int more = ch.read(buffer);
                if (more < 0) {
                    break;
                }
                n += more;
            }
        }
        return n;
    }

    /** The bytes of one read and the stat taken before it. */
    record Read(BasicFileAttributes attrs, byte[] bytes) {}
}
