package org.dirdb.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a directory lies on a local kernel file system of Linux: one whose every change goes through this
 * kernel's VFS and page cache. Change notification ({@link NativeInotify}) and reads without a lock
 * ({@link UnlockedRead}) rely on that; network, FUSE and cluster file systems, and other systems, are not
 * trusted.
 */
final class LocalFileSystems {
    private static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "f2fs",
            "zfs", "bcachefs", "jfs", "reiserfs", "nilfs2");

    private LocalFileSystems() {}

    /**
     * True when the file store is one of the trusted file systems
     * that keep files on a device (tmpfs keeps them in memory, where writing around the page cache gains
     * nothing).
     */
    static boolean onDisk(FileStore store) {
        return linux() && LOCAL.contains(store.type()) && !store.type().equals("tmpfs");
    }

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** True when {@code directory} is on one of the trusted file systems; false when that cannot be told. */
    static boolean holds(Path directory) {
        if (!linux()) {
            return false;
        }
        try {
            return LOCAL.contains(Files.getFileStore(directory).type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
