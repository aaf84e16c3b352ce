package org.dirdb.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code statx(2)} through JNA, for the {@link FileStamp} of a file: one system call that reads the change
 * time into an array. The JDK gives a file's change time only through its attribute map
 * ({@code "unix:ctime"}), which builds a map of boxed values per call: on a statement's first runs, still
 * interpreted, that map cost 70 µs per stamp against 10 µs for this call, and warm about twice its cost.
 * Used only where JNA is already loaded (a stamp alone never loads it: see {@link JnaState}), on 64-bit
 * Linux; anywhere else, or when the C library or the kernel lacks {@code statx}, {@link #stamp} answers
 * {@link #UNAVAILABLE_STAMP} and the caller asks the JDK.
 */
final class NativeStat {
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int ENOSYS = 38;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code STATX_BASIC_STATS}: every field of a {@code struct stat}. */
    private static final int STATX_BASIC_STATS = 0x7ff;
    /** The fields a stamp needs: {@code STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE}. */
    private static final int STAMP_FIELDS = 0x40 | 0x80 | 0x100 | 0x200;

    /** What {@link #stamp} returns when this call cannot be made here. */
    static final FileStamp UNAVAILABLE_STAMP = new FileStamp(-1, -1, -1, -1, -1);

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static volatile Throwable unavailable;

    static {
        Throwable failure;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            failure = new UnsupportedOperationException("statx is used on Linux only");
        } else if (Native.LONG_SIZE != 8) {
            failure = new UnsupportedOperationException("statx is used on 64-bit platforms only");
        } else {
            failure = JnaState.register(NativeStat.class);
        }
        unavailable = failure;
    }

    /** {@code struct statx} is 256 bytes, the same on every architecture: read as 32 native longs. */
    private static native int statx(int dirfd, byte[] path, int flags, int mask, long[] statx)
            throws LastErrorException;

    /** A path and its C string (a path is immutable, so the pair stays true): the last one stamped. */
    private record Encoded(Path file, byte[] path) {}

    private static volatile Encoded last;

    private NativeStat() {}

    /**
     * The stamp of {@code file}, not following links: null when it does not exist, {@link #UNAVAILABLE_STAMP}
     * when this call cannot tell (the caller asks the JDK).
     *
     * @throws IOException when the file cannot be stat'ed (permission, a directory in the path that is not one)
     */
    static FileStamp stamp(Path file) throws IOException {
        if (unavailable != null) {
            return UNAVAILABLE_STAMP;
        }
        Encoded encoded = last;
        byte[] path;
        if (encoded != null && encoded.file == file) {
            path = encoded.path; // the stamp after a read: the path of the stamp before it
        } else {
            path = NativeXattr.cPath(file);
            if (path == null) {
                return UNAVAILABLE_STAMP;
            }
            last = new Encoded(file, path);
        }
        long[] s = new long[32];
        while (true) {
            try {
                statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, s);
                break;
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case EINTR:
                        continue;
                    case ENOENT:
                        return null;
                    case ENOSYS:
                        unavailable = e; // a kernel before 4.11: never again in this JVM
                        return UNAVAILABLE_STAMP;
                    default:
                        throw new IOException("cannot stat " + file + ": errno " + e.getErrorCode(), e);
                }
            } catch (RuntimeException | Error e) {
                return UNAVAILABLE_STAMP;
            }
        }
        if ((low(s[0]) & STAMP_FIELDS) != STAMP_FIELDS) {
            return UNAVAILABLE_STAMP; // a file system that does not give them all: the JDK's stat decides
        }
        // Offsets in bytes: stx_ino 32, stx_size 40, stx_ctime 96 (tv_sec, then tv_nsec), stx_mtime 112,
        // stx_dev_major 136, stx_dev_minor 140.
        long device = makedev(low(s[17]), high(s[17]));
        return new FileStamp(device, s[4], s[5], nanos(s[14], s[15]), nanos(s[12], s[13]));
    }

    private static long nanos(long seconds, long nanosField) {
        return seconds * 1_000_000_000L + low(nanosField);
    }

    /** The 32-bit field at the lower address of the 8 bytes {@code v} holds. */
    private static long low(long v) {
        return (LITTLE_ENDIAN ? v : v >>> 32) & 0xffff_ffffL;
    }

    /** The 32-bit field at the higher address. */
    private static long high(long v) {
        return (LITTLE_ENDIAN ? v >>> 32 : v) & 0xffff_ffffL;
    }

    /** glibc's {@code makedev}, which is how the JDK's stat reports the device too. */
    private static long makedev(long major, long minor) {
        return ((major & 0xffff_f000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffff_ff00L) << 12) | (minor & 0xffL);
    }
}
