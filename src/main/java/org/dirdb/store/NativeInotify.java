package org.dirdb.store;

import com.sun.jna.LastErrorException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A {@link DirectoryWatch} on Linux {@code inotify(7)}, through JNA.
 *
 * <p>Why it is exact: the kernel queues a file's event inside the system call that changes it, before that
 * call returns (a write's event after its data is in the page cache, a truncation's or rename's within the
 * call), so a {@link #drain} that starts after a change has returned finds its event. The watch is on the
 * directory, so it reports changes made through the directory's names, by any process of this machine.
 *
 * <p>Where that does not hold, no watch is made ({@link #start} returns null) and the store validates
 * with a stat per file instead: a file system whose files other machines can change (NFS, SMB, FUSE, cluster
 * file systems; only local kernel file systems are trusted), a platform without inotify, a full table of
 * inotify instances. Two cases stay outside even on a local disk, and are documented in docs/storage.md:
 * writes through a shared memory mapping ({@code mmap}) are not reported, and a file of the directory
 * changed through a hard link in another directory is not reported.
 *
 * <p>Not thread-safe: the store calls {@link #drain} under its own lock.
 */
final class NativeInotify implements DirectoryWatch {
    private static final int IN_MODIFY = 0x2;
    private static final int IN_ATTRIB = 0x4;
    private static final int IN_MOVED_FROM = 0x40;
    private static final int IN_MOVED_TO = 0x80;
    private static final int IN_CREATE = 0x100;
    private static final int IN_DELETE = 0x200;
    private static final int IN_DELETE_SELF = 0x400;
    private static final int IN_MOVE_SELF = 0x800;
    private static final int IN_UNMOUNT = 0x2000;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_ONLYDIR = 0x01000000;
    private static final int IN_DONT_FOLLOW = 0x02000000;

    /**
     * Not {@code IN_CLOSE_WRITE}: readers open lock files for writing (so that they can create them), and a
     * scan of many entries would flood the queue with their closes; a change of content is {@code IN_MODIFY}.
     */
    private static final int CONTENT = IN_MODIFY | IN_ATTRIB;
    private static final int MEMBERSHIP = IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE;
    private static final int ENDED = IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED;
    private static final int MASK = CONTENT | MEMBERSHIP | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR
            | IN_DONT_FOLLOW;

    private static final int IN_CLOEXEC = 02000000;
    private static final int IN_NONBLOCK = 04000;
    private static final long FIONREAD = 0x541B;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    /** Event header: wd, mask, cookie, len (four 32-bit words), then {@code len} bytes of name. */
    private static final int HEADER = 16;

    private static final Throwable UNAVAILABLE;

    /** How the JVM decodes file names, so that a reported name is the name the store listed. */
    private static final Charset FILE_NAMES = fileNameCharset();

    static {
        Throwable failure = null;
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            failure = new UnsupportedOperationException("change notification is used on Linux only");
        } else if (!(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
            failure = new UnsupportedOperationException("change notification is used on x86-64 and arm64 only");
        } else {
            failure = JnaState.register(NativeInotify.class);
        }
        UNAVAILABLE = failure;
    }

    private static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static native int inotify_init1(int flags) throws LastErrorException;

    private static native int inotify_add_watch(int fd, byte[] path, int mask) throws LastErrorException;

    private static native int ioctl(int fd, long request, int[] value) throws LastErrorException;

    private static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private final int fd;
    private final int wd;
    private final int[] pending = new int[1];
    private byte[] buffer = new byte[16 << 10];
    private boolean ended;
    private boolean closed;

    private NativeInotify(int fd, int wd) {
        this.fd = fd;
        this.wd = wd;
    }

    /** A watch on {@code directory}, or null where one cannot be exact (see the class comment). Never throws. */
    static DirectoryWatch start(Path directory) {
        if (UNAVAILABLE != null || !LocalFileSystems.holds(directory)) {
            return null;
        }
        int fd;
        try {
            fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        } catch (LastErrorException e) {
            return null; // EMFILE: this user's inotify instances are used up
        }
        try {
            byte[] path = (directory.toString() + '\0').getBytes(FILE_NAMES);
            return new NativeInotify(fd, inotify_add_watch(fd, path, MASK));
        } catch (LastErrorException e) {
            quietClose(fd); // ENOSPC: this user's watches are used up
            return null;
        }
    }

    @Override
    public boolean drain(Sink sink) {
        if (ended || closed) {
            return false;
        }
        while (true) {
            int available;
            try {
                ioctl(fd, FIONREAD, pending);
                available = pending[0];
            } catch (LastErrorException e) {
                return end(sink);
            }
            if (available <= 0) {
                return true;
            }
            if (buffer.length < available) {
                buffer = new byte[Math.max(available, buffer.length * 2)];
            }
            long n;
            try {
                n = read(fd, buffer, buffer.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR || e.getErrorCode() == EAGAIN) {
                    continue;
                }
                return end(sink);
            }
            if (!parse((int) n, sink)) {
                return end(sink);
            }
        }
    }

    /** Reports the events in the first {@code n} bytes of the buffer; false when the watch has ended. */
    private boolean parse(int n, Sink sink) {
        ByteBuffer events = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
        while (events.remaining() >= HEADER) {
            int at = events.position();
            int eventWd = events.getInt(at);
            int mask = events.getInt(at + 4);
            int len = events.getInt(at + 12);
            events.position(at + HEADER + len);
            if ((mask & IN_Q_OVERFLOW) != 0) {
                sink.lost();
                continue;
            }
            if (eventWd != wd) {
                continue;
            }
            if ((mask & ENDED) != 0) {
                return false;
            }
            int end = at + HEADER;
            while (end < at + HEADER + len && buffer[end] != 0) {
                end++;
            }
            if (end == at + HEADER) {
                continue; // an event on the directory itself (its own attributes): no file changed
            }
            String name = new String(buffer, at + HEADER, end - at - HEADER, FILE_NAMES);
            if (name.indexOf('\uFFFD') >= 0) {
                sink.lost(); // not a name the store can hold either; but never guess which entry it was
            } else {
                sink.changed(name, (mask & MEMBERSHIP) != 0);
            }
        }
        return true;
    }

    private boolean end(Sink sink) {
        ended = true;
        sink.lost();
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            quietClose(fd);
        }
    }

    private static void quietClose(int fd) {
        try {
            close(fd);
        } catch (LastErrorException ignored) {
            // the descriptor is released even when close reports an error
        }
    }
}
