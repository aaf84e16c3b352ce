package org.dirdb.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code statx(2)}, and {@code open(2)}, {@code read(2)} and {@code close(2)} of a small file, through JNA,
 * for the reads without a lock ({@link UnlockedRead}) and for checking what a lock's descriptor holds
 * ({@link NativeFlock}). Both are what a statement's first, interpreted runs
 * spend most on otherwise: the JDK gives a file's change time only through its attribute map
 * ({@code "unix:ctime"}), which builds a map of boxed values per call (70 µs interpreted against 10 µs for
 * {@code statx}, and warm about twice its cost), and a {@code FileChannel} that is opened, read once and
 * closed costs 45 µs interpreted against 13 µs for the three calls here (the same warm).
 * Used only where JNA is already loaded (neither ever loads it: see {@link JnaState}), on 64-bit Linux;
 * anywhere else, or when the C library or the kernel lacks a call, they answer that they cannot
 * ({@link #UNAVAILABLE_STAMP}, {@link #UNAVAILABLE}) and the caller asks the JDK.
 */
final class NativeFiles {
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int ENOSYS = 38;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int ELOOP = 40;
    private static final int O_RDONLY = 0;
    /**
     * {@code O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK}, or 0 on an architecture whose values are not known here.
     * {@code O_NONBLOCK} changes nothing for a regular file; a FIFO planted under an entry's name would
     * otherwise block the open until some process opened it for writing.
     */
    private static final int READ_FLAGS;
    /** {@code STATX_BASIC_STATS}: every field of a {@code struct stat}. */
    private static final int STATX_BASIC_STATS = 0x7ff;
    /** The fields a stamp needs: {@code STATX_MTIME | STATX_CTIME | STATX_INO | STATX_SIZE}. */
    private static final int STAMP_FIELDS = 0x40 | 0x80 | 0x100 | 0x200;

    /** What {@link #stamp} returns when this call cannot be made here. */
    static final FileStamp UNAVAILABLE_STAMP = new FileStamp(-1, -1, -1, -1, -1);

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static volatile Throwable unavailable;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        // O_NOFOLLOW differs between the x86 and the generic Linux ABI (as in NativeFlock); O_CLOEXEC does not.
        READ_FLAGS = arch.equals("amd64") || arch.equals("x86_64") ? 0400000 | 02000000 | NativeFlock.O_NONBLOCK
                : arch.equals("aarch64") || arch.equals("riscv64") ? 0100000 | 02000000 | NativeFlock.O_NONBLOCK : 0;
        Throwable failure;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            failure = new UnsupportedOperationException("statx is used on Linux only");
        } else if (Native.LONG_SIZE != 8) {
            failure = new UnsupportedOperationException("statx is used on 64-bit platforms only");
        } else {
            failure = JnaState.register(NativeFiles.class);
        }
        unavailable = failure;
    }

    /** {@code struct statx} is 256 bytes, the same on every architecture: read as 32 native longs. */
    private static native int statx(int dirfd, byte[] path, int flags, int mask, long[] statx)
            throws LastErrorException;

    /** A path and its C string (a path is immutable, so the pair stays true): the last one stamped. */
    private record Encoded(Path file, byte[] path) {}

    private static volatile Encoded last;

    private static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    private static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    /**
     * Declared without {@code LastErrorException}: a failure is answered by the return value and
     * {@link Native#getLastError}, without the exception a missing file would otherwise cost.
     */
    private static native int faccessat(int dirfd, byte[] path, int mode, int flags);

    private static final int F_OK = 0;

    private NativeFiles() {}

    /** What {@link #read} returns when it cannot read here. */
    static final int UNAVAILABLE = -2;

    /**
     * Opens {@code file} (never through a symbolic link), reads it into {@code into} from its start and closes
     * it: one {@code read} call when {@code once}, else as many as it takes to fill {@code into} or reach the
     * end. Returns how many bytes were read, or {@link #UNAVAILABLE} when this cannot be done here (the caller
     * reads through the JDK).
     *
     * <p>{@code after}, when not null, receives the stamp of the file read, taken of the open descriptor after
     * the last read and before the close: the file the bytes came from, without walking the path again. It
     * receives {@link #UNAVAILABLE_STAMP} when the descriptor cannot be stamped here.
     *
     * @throws IOException when the file cannot be opened, read or stamped (NoSuchFileException when it does
     *                     not exist)
     */
    static int read(Path file, byte[] into, boolean once, FileStamp[] after) throws IOException {
        if (unavailable != null || READ_FLAGS == 0) {
            return UNAVAILABLE;
        }
        byte[] path = cPath(file);
        if (path == null) {
            return UNAVAILABLE;
        }
        int fd;
        while (true) {
            try {
                fd = open(path, O_RDONLY | READ_FLAGS, 0);
                break;
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case EINTR:
                        continue;
                    case ENOENT:
                        throw new java.nio.file.NoSuchFileException(file.toString());
                    case ELOOP:
                        throw new IOException(file + " is a symbolic link; the store never follows links");
                    default:
                        throw new IOException("cannot open " + file + ": errno " + e.getErrorCode(), e);
                }
            } catch (RuntimeException | Error e) {
                return UNAVAILABLE;
            }
        }
        try {
            int n = 0;
            while (n < into.length) {
                long got;
                try {
                    got = n == 0 ? read(fd, into, into.length) : readAt(fd, into, n);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == EINTR) {
                        continue;
                    }
                    throw new IOException("cannot read " + file + ": errno " + e.getErrorCode(), e);
                }
                if (got <= 0) {
                    break;
                }
                n += (int) got;
                if (once) {
                    break;
                }
            }
            if (after != null) {
                after[0] = stamp(fd);
            }
            return n;
        } finally {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // close(2) releases the descriptor even when it reports an error.
            }
        }
    }

    /** A further read into {@code into} from {@code offset} on (through a scratch array: JNA passes arrays whole). */
    private static long readAt(int fd, byte[] into, int offset) throws LastErrorException {
        byte[] rest = new byte[into.length - offset];
        long got = read(fd, rest, rest.length);
        if (got > 0) {
            System.arraycopy(rest, 0, into, offset, (int) got);
        }
        return got;
    }

    /** {@link CPaths#of}, remembered for the last path: a read and the stamps around it name one path. */
    private static byte[] cPath(Path file) {
        Encoded encoded = last;
        if (encoded != null && encoded.file == file) {
            return encoded.path;
        }
        byte[] path = CPaths.of(file);
        if (path != null) {
            last = new Encoded(file, path);
        }
        return path;
    }

    /**
     * A file's device, inode and type, for telling whether a descriptor and a path name the same file.
     * {@code device} is made as {@link #stamp}'s is.
     */
    record Identity(long device, long inode, boolean regular) {
        /** Never true for {@link #UNAVAILABLE_IDENTITY}, which tells nothing. */
        boolean sameFile(Identity other) {
            return other != null && inode >= 0 && device == other.device && inode == other.inode;
        }
    }

    /** What {@link #identity} returns when this call cannot be made here. */
    static final Identity UNAVAILABLE_IDENTITY = new Identity(-1, -1, false);

    private static final int AT_EMPTY_PATH = 0x1000;
    private static final byte[] EMPTY_PATH = {0};
    /** {@code STATX_TYPE | STATX_INO}. */
    private static final int IDENTITY_FIELDS = 0x1 | 0x100;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    /**
     * The identity of the file the descriptor {@code fd} holds open ({@code statx} with {@code AT_EMPTY_PATH}):
     * one call, where the JDK can only stat its {@code /proc/self/fd} link, whose lookup through procfs costs
     * several times the stat. {@link #UNAVAILABLE_IDENTITY} when this cannot be told here.
     *
     * @throws IOException when the descriptor cannot be stat'ed
     */
    static Identity identity(int fd) throws IOException {
        return identity(fd, EMPTY_PATH, AT_EMPTY_PATH, null);
    }

    /**
     * The identity of the file {@code file} names, not following links: null when nothing has that name,
     * {@link #UNAVAILABLE_IDENTITY} when this cannot be told here.
     *
     * @throws IOException when the file cannot be stat'ed (permission, a directory in the path that is not one)
     */
    static Identity identity(Path file) throws IOException {
        if (unavailable != null) {
            return UNAVAILABLE_IDENTITY;
        }
        byte[] path = cPath(file);
        return path == null ? UNAVAILABLE_IDENTITY : identity(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, file);
    }

    private static Identity identity(int dirfd, byte[] path, int flags, Path file) throws IOException {
        long[] s = statx(dirfd, path, flags, IDENTITY_FIELDS, IDENTITY_FIELDS, file);
        if (s == null || s == NO_STATX) {
            return s == null ? null : UNAVAILABLE_IDENTITY;
        }
        // stx_mode is the 16-bit field at byte 28, the first half of the 32 bits at the higher address of s[3].
        long modeWord = high(s[3]);
        int mode = (int) (LITTLE_ENDIAN ? modeWord & 0xffff : modeWord >>> 16);
        return new Identity(makedev(low(s[17]), high(s[17])), s[4], (mode & S_IFMT) == S_IFREG);
    }

    /** What {@link #statx(int, byte[], int, int, int, Path)} returns when the call cannot be made or tell here. */
    private static final long[] NO_STATX = new long[0];

    /**
     * {@code struct statx} of a path ({@code file} given) or a descriptor ({@code file} null), asking for the
     * fields of {@code mask}: null when the path names nothing, {@link #NO_STATX} when this call cannot be made
     * here or the file system does not give every field of {@code required} (the caller asks the JDK).
     */
    private static long[] statx(int dirfd, byte[] path, int flags, int mask, int required, Path file)
            throws IOException {
        if (unavailable != null) {
            return NO_STATX;
        }
        long[] s = new long[32];
        while (true) {
            try {
                statx(dirfd, path, flags, mask, s);
                break;
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case EINTR:
                        continue;
                    case ENOENT:
                        if (file != null) {
                            return null;
                        }
                        break;
                    case ENOSYS:
                        unavailable = e; // a kernel before 4.11: never again in this JVM
                        return NO_STATX;
                    default:
                        break;
                }
                throw new IOException("cannot stat " + (file != null ? file : "descriptor " + dirfd) + ": errno "
                        + e.getErrorCode(), e);
            } catch (RuntimeException | Error e) {
                return NO_STATX;
            }
        }
        return (low(s[0]) & required) == required ? s : NO_STATX;
    }

    /** What {@link #presence} returns. */
    static final int ABSENT = 0;
    static final int PRESENT = 1;
    static final int UNKNOWN = -1;

    /**
     * Whether a directory entry has the name {@code file}, not following links: {@link #PRESENT},
     * {@link #ABSENT}, or {@link #UNKNOWN} when this cannot be told here (any other error, no JNA: the caller
     * stats it). One system call, and no exception for a missing file, which through the JDK costs several
     * times the call; for files that are usually absent, such as commit markers, or only tested for.
     */
    static int presence(Path file) {
        if (unavailable != null) {
            return UNKNOWN;
        }
        byte[] path = CPaths.of(file);
        if (path == null) {
            return UNKNOWN;
        }
        try {
            if (faccessat(AT_FDCWD, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
                return PRESENT;
            }
            return Native.getLastError() == ENOENT ? ABSENT : UNKNOWN;
        } catch (RuntimeException | Error e) {
            return UNKNOWN;
        }
    }

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
        byte[] path = cPath(file);
        if (path == null) {
            return UNAVAILABLE_STAMP;
        }
        return stampOf(statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, STAMP_FIELDS, file));
    }

    /** The stamp of the file the open descriptor {@code fd} holds. */
    private static FileStamp stamp(int fd) throws IOException {
        // Never null: a descriptor cannot name a missing file, and any failure is an IOException.
        return stampOf(statx(fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_BASIC_STATS, STAMP_FIELDS, null));
    }

    private static FileStamp stampOf(long[] s) {
        if (s == null || s == NO_STATX) {
            return s == null ? null : UNAVAILABLE_STAMP; // NO_STATX also when a stamp's fields are missing
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
