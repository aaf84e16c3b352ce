package org.dirdb.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code lgetxattr(2)}, {@code lsetxattr(2)} and {@code utimensat(2)} through JNA: path system calls that
 * open nothing and never follow a symbolic link. The JDK's {@code UserDefinedFileAttributeView} opens the
 * file to read an attribute, and its time setter reads the other times back first; a stat-cost
 * {@code size} needs neither. Loaded at first use; where the library or the platform (64-bit Linux, for
 * the {@code struct timespec} layout) is missing, every call reports the attribute unsupported.
 */
final class NativeXattr {
    private static final int ENOENT = 2;
    private static final int EINTR = 4;
    private static final int ERANGE = 34;
    private static final int ENODATA = 61;
    private static final int EOPNOTSUPP = 95;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    private static final Throwable UNAVAILABLE;

    static {
        Throwable failure = null;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            failure = new UnsupportedOperationException("extended attributes are used on Linux only");
        } else if (Native.SIZE_T_SIZE != 8 || Native.LONG_SIZE != 8) {
            failure = new UnsupportedOperationException("extended attributes are used on 64-bit platforms only");
        } else {
            failure = JnaState.register(NativeXattr.class);
        }
        UNAVAILABLE = failure;
    }

    private static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

    private static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
            throws LastErrorException;

    private static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

    private NativeXattr() {}

    /**
     * The value of attribute {@code name} of {@code file}, at most {@code max} bytes, or null when there is
     * none, the file system keeps no such attributes, the value is longer, the file is gone, or anything
     * else fails: a reader falls back to reading the file, so no error of this call is ever reported.
     */
    static byte[] get(Path file, String name, int max) {
        try {
            return read(file, name, max);
        } catch (IOException | RuntimeException | Error e) {
            return null; // EACCES, EIO, a name the file-name encoding cannot express...: no usable value
        }
    }

    /**
     * The value of attribute {@code name} of {@code file}, for a reader that must tell "none" from "could not
     * be read": null when the file has no such attribute (or one longer than {@code max} bytes), the file
     * system keeps none, or this platform cannot read them.
     *
     * @throws java.nio.file.NoSuchFileException when the file is gone
     * @throws IOException when the attribute could not be read (EIO, EACCES, ENOMEM...)
     */
    static byte[] read(Path file, String name, int max) throws IOException {
        if (UNAVAILABLE != null) {
            return null;
        }
        byte[] path = cPathOrFail(file);
        byte[] attr = cString(name);
        byte[] value = new byte[max];
        while (true) {
            try {
                long n = lgetxattr(path, attr, value, value.length);
                return n < 0 || n > max ? null : Arrays.copyOf(value, (int) n);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == EINTR) {
                    continue;
                }
                if (errno == ENODATA || errno == EOPNOTSUPP || errno == ERANGE) {
                    return null;
                }
                throw failure("getxattr", file, e);
            }
        }
    }

    /**
     * Sets attribute {@code name} of {@code file} to {@code value}.
     *
     * @throws UnsupportedOperationException when the file system (or this platform) keeps no user attributes
     * @throws IOException for any other failure (no space for the attribute, permission...)
     */
    static void set(Path file, String name, byte[] value) throws IOException {
        requireAvailable();
        try {
            lsetxattr(cPathOrFail(file), cString(name), value, value.length, 0);
        } catch (LastErrorException e) {
            throw failure("setxattr", file, e);
        }
    }

    /** Sets the modification time of {@code file} to {@code epochNanos}, leaving its access time alone. */
    static void setModified(Path file, long epochNanos) throws IOException {
        requireAvailable();
        long[] times = {0, UTIME_OMIT, Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)};
        try {
            utimensat(AT_FDCWD, cPathOrFail(file), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("utimensat", file, e);
        }
    }

    private static void requireAvailable() {
        if (UNAVAILABLE != null) {
            throw new UnsupportedOperationException("extended attributes are not available here: " + UNAVAILABLE);
        }
    }

    private static IOException failure(String call, Path file, LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == EOPNOTSUPP) {
            throw new UnsupportedOperationException(call + " of " + file + ": the file system keeps no user attributes");
        }
        if (errno == ENOENT) {
            return new java.nio.file.NoSuchFileException(file.toString());
        }
        return new IOException(call + " of " + file + " failed: errno " + errno
                + (errno == ERANGE ? " (value too large)" : errno == ENODATA ? " (no such attribute)" : ""), e);
    }

    private static byte[] cPathOrFail(Path file) throws IOException {
        byte[] path = CPaths.of(file);
        if (path == null) {
            throw new IOException(file + " cannot be expressed in the file-name encoding " + CPaths.PATH_BYTES);
        }
        return path;
    }

    private static byte[] cString(String s) {
        return (s + '\0').getBytes(StandardCharsets.UTF_8);
    }
}
