package org.dirdb.store;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * {@code open(2)}, {@code flock(2)} and {@code close(2)} through JNA.
 *
 * <p>{@code flock} is what Python's {@code filelock} takes, so only it makes Java and Python exclude each
 * other; {@code FileChannel.lock} takes {@code fcntl} locks, which do not exclude {@code flock} holders
 * and lose updates between threads of one JVM. Each acquisition uses its own descriptor, so two
 * acquisitions in one JVM exclude each other as two processes would. Descriptors are opened with
 * {@code O_NOFOLLOW} (a planted symlink is refused, never followed), {@code O_CLOEXEC} and {@code O_NONBLOCK}:
 * a FIFO planted under a lock or temp file's name would otherwise block the open until a writer came.
 * {@code O_NONBLOCK} changes nothing for a regular file, and {@code flock} has its own {@code LOCK_NB}.
 */
final class NativeFlock {
    static final int LOCK_SH = 1;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;

    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int EAGAIN = 11;
    static final int ELOOP = 40;

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_NOFOLLOW;
    private static final int O_CLOEXEC = 02000000;
    /** {@code O_NONBLOCK} where its value is known (the x86 and the generic Linux ABI), else 0: not asked. */
    static final int O_NONBLOCK;

    private static final Throwable UNAVAILABLE;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        // O_NOFOLLOW differs between the x86 and the generic Linux ABI (arm64, riscv64...).
        O_NOFOLLOW = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86") || arch.equals("i386")
                ? 0400000 : 0100000;
        // 04000 is O_EXCL on alpha and sparc: asked only where it is known to mean O_NONBLOCK
        O_NONBLOCK = java.util.Set.of("amd64", "x86_64", "x86", "i386", "aarch64", "riscv64", "ppc64le", "s390x")
                .contains(arch) ? 04000 : 0;
        Throwable failure = null;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            failure = new UnsupportedOperationException("flock locking is implemented for Linux only");
        } else {
            failure = JnaState.register(NativeFlock.class);
        }
        UNAVAILABLE = failure;
    }

    private static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    private static native int flock(int fd, int operation) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private NativeFlock() {}

    /** Throws when native locking cannot work on this platform; checked before every native call. */
    static void requireAvailable() {
        if (UNAVAILABLE != null) {
            throw new StoreException(StoreException.Reason.UNSUPPORTED, null,
                    "entry locks need flock(2) through JNA, which is not available here: " + UNAVAILABLE,
                    UNAVAILABLE);
        }
    }

    /** Opens a lock file, creating it (mode 0666 less umask) when {@code create}; never follows links. */
    static int openLockFile(Path file, boolean create) throws IOException {
        int flags = (create ? O_RDWR | O_CREAT : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
        return openFd(file, flags, 0666);
    }

    /** Opens an existing file read-only, for locking it; never follows links. */
    static int openExisting(Path file) throws IOException {
        return openFd(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0);
    }

    private static int openFd(Path file, int flags, int mode) throws IOException {
        requireAvailable();
        byte[] path = (file.toString() + '\0').getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                return open(path, flags, mode);
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case EINTR:
                        continue;
                    case ENOENT:
                        throw new NoSuchFileException(file.toString());
                    case ELOOP:
                        throw new IOException(file + " is a symbolic link; the store never follows links");
                    default:
                        throw new IOException("cannot open " + file + ": errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** One non-blocking attempt; true when the lock was taken. */
    static boolean tryLock(int fd, boolean exclusive) throws IOException {
        int op = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
        while (true) {
            try {
                flock(fd, op);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                if (e.getErrorCode() == EAGAIN) {
                    return false;
                }
                throw new IOException("flock failed: errno " + e.getErrorCode(), e);
            }
        }
    }

    /** Closes the descriptor, which releases its lock. Never throws. */
    static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            close(fd);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error.
        }
    }

    /**
     * True when the descriptor still refers to the file the path names now (same device and inode). A peer
     * that deletes and re-creates the lock file under a holder would otherwise give two holders two different
     * inodes to lock. One stat of the descriptor and one of the path: a deleted file is caught by the path's
     * stat (it names another inode or nothing), and its inode number cannot have been reused by a new file
     * while this descriptor keeps it open. Every lock taken makes this check, so it goes through
     * {@code statx} where it can ({@link NativeFiles#identity}), else through the JDK.
     */
    static boolean stillNames(int fd, Path file) {
        try {
            NativeFiles.Identity held = NativeFiles.identity(fd);
            if (held != NativeFiles.UNAVAILABLE_IDENTITY) {
                NativeFiles.Identity named = NativeFiles.identity(file);
                if (named != NativeFiles.UNAVAILABLE_IDENTITY) {
                    return held.sameFile(named);
                }
            }
        } catch (IOException e) {
            // statx refused (a sandbox may deny it where it allows the JDK's stat): the JDK decides
        }
        try {
            Object heldKey = held(fd).fileKey();
            Object named = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return heldKey != null && heldKey.equals(named);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The check {@link #stillNames} makes, as a value: the lock loops take it as a parameter, so that a test
     * can give them one that never succeeds (as where neither {@code statx} nor {@code /proc} can be used).
     */
    interface IdentityCheck {
        boolean stillNames(int fd, Path file);
    }

    static final IdentityCheck STILL_NAMES = NativeFlock::stillNames;

    /** True when the descriptor refers to a regular file (not a FIFO, socket, device or directory). */
    static boolean isRegular(int fd) {
        try {
            NativeFiles.Identity held = NativeFiles.identity(fd);
            if (held != NativeFiles.UNAVAILABLE_IDENTITY) {
                return held.regular();
            }
        } catch (IOException e) {
            // as in stillNames: the JDK decides
        }
        try {
            return held(fd).isRegularFile();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A stat of the file the descriptor holds open through the JDK (its {@code /proc/self/fd} link is followed). */
    private static BasicFileAttributes held(int fd) throws IOException {
        return Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class);
    }
}
