package org.dirdb.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;

/** The few libc calls the harness needs that Java 17 cannot reach: sync(2) and posix_fadvise(2). */
final class Libc {
    private interface C extends Library {
        int open(String path, int flags);

        int close(int fd);

        int posix_fadvise(int fd, long offset, long length, int advice);

        void sync();
    }

    private static final C C = Native.load("c", C.class);
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;

    private Libc() {}

    /** Writes back every dirty page of the machine, so one trial's write-back does not land in the next. */
    static void syncAll() {
        C.sync();
    }

    /** Drops a (clean) file from the page cache; call {@link #syncAll()} first so no page is dirty. */
    static void dropFromCache(Path file) throws IOException {
        int fd = C.open(file.toString(), O_RDONLY);
        if (fd < 0) {
            throw new IOException("open failed for " + file + ": errno " + Native.getLastError());
        }
        try {
            int rc = C.posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
            if (rc != 0) {
                throw new IOException("posix_fadvise failed for " + file + ": " + rc);
            }
        } finally {
            C.close(fd);
        }
    }
}
