package org.dirdb.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Entry locks: an in-JVM lock table in front of {@code flock(2)} on {@code NAME.lock}.
 *
 * <p>The table gives fair, interruptible, timed waiting between threads of this JVM and reentrancy (a
 * thread that holds an entry's exclusive lock may lock it again without a second {@code flock}, which
 * would deadlock against its own descriptor). {@code flock} excludes other JVMs and Python. Exclusive
 * locks create the lock file (as Python does); shared locks never create it: no lock file means no
 * Python writer has ever locked the entry, and readers re-check after reading (see {@link Store}).
 * Lock files are never truncated or deleted.
 */
final class EntryLocks {
    /** key: real directory + NUL + entry name. */
    private static final ConcurrentHashMap<String, Slot> TABLE = new ConcurrentHashMap<>();

    private static final class Slot {
        final ReentrantLock mutex = new ReentrantLock(true);
        int users;
        int fd = -1;
        int depth;
    }

    private EntryLocks() {}

    /** A lock handle; closing it releases the lock. */
    static final class Held implements EntryLock {
        private final String key;
        private final String entry;
        private final Slot slot;
        private final int sharedFd;
        private boolean open = true;

        private Held(String key, String entry, Slot slot, int sharedFd) {
            this.key = key;
            this.entry = entry;
            this.slot = slot;
            this.sharedFd = sharedFd;
        }

        @Override
        public String entry() {
            return entry;
        }

        @Override
        public void close() {
            if (!open) {
                return;
            }
            open = false;
            if (slot == null) {
                NativeFlock.closeQuietly(sharedFd);
                return;
            }
            if (--slot.depth == 0) {
                NativeFlock.closeQuietly(slot.fd);
                slot.fd = -1;
            }
            slot.mutex.unlock();
            release(key, slot);
        }
    }

    /** Waits (bounded by {@code timeoutNanos}) for the exclusive lock of an entry. */
    static Held exclusive(Path directory, String entry, Path lockFile, long timeoutNanos) {
        return exclusive(directory, entry, lockFile, timeoutNanos, true);
    }

    /**
     * The exclusive lock of an entry if it is free now, without waiting; null when it has no lock file, which is
     * then not created (the entry is gone, or its sub-database dropped). Busy is {@code LOCK_TIMEOUT}.
     */
    static Held tryExclusiveExisting(Path directory, String entry, Path lockFile) {
        return exclusive(directory, entry, lockFile, 0, false);
    }

    private static Held exclusive(Path directory, String entry, Path lockFile, long timeoutNanos, boolean create) {
        long deadline = System.nanoTime() + timeoutNanos;
        String key = directory + "\0" + entry;
        Slot slot = acquireSlot(key);
        boolean locked = false;
        boolean held = false;
        try {
            // A try that never waits takes no interrupt either: an interrupted thread can still tell whether the
            // lock is free (the removal of a finished commit's marker asks that, at close too).
            boolean got = timeoutNanos == 0 ? slot.mutex.tryLock() : slot.mutex.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
            if (!got) {
                throw timeout(entry, lockFile, timeoutNanos, "another thread of this JVM holds it");
            }
            locked = true;
            if (slot.depth == 0) {
                int fd = flockUntil(lockFile, entry, true, create, deadline, timeoutNanos, NativeFlock.STILL_NAMES);
                if (fd < 0) {
                    return null; // no lock file, and none to be created: the finally releases the slot
                }
                slot.fd = fd;
            }
            slot.depth++;
            held = true;
            return new Held(key, entry, slot, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Reason.INTERRUPTED, entry,
                    "interrupted while waiting for the lock of entry " + EntryNames.quote(entry));
        } finally {
            if (!held) {
                if (locked) {
                    slot.mutex.unlock();
                }
                release(key, slot);
            }
        }
    }

    /**
     * Waits for a shared lock, or returns null when the entry has no lock file (nobody ever locked it).
     * A thread that holds the exclusive lock gets a no-op handle.
     */
    static Held shared(Path directory, String entry, Path lockFile, long timeoutNanos) {
        String key = directory + "\0" + entry;
        Slot mine = TABLE.get(key);
        if (mine != null && mine.mutex.isHeldByCurrentThread()) {
            return new Held(key, entry, null, -1);
        }
        long deadline = System.nanoTime() + timeoutNanos;
        int fd = flockUntil(lockFile, entry, false, false, deadline, timeoutNanos, NativeFlock.STILL_NAMES);
        return fd < 0 ? null : new Held(key, entry, null, fd);
    }


    /**
     * Opens (creating it when {@code create}) and locks {@code lockFile} until {@code deadline}; -1 when it does
     * not exist and is not to be created. A lock file deleted or replaced between the open and the lock
     * ({@code check} fails) is opened again at once; when that happens twice in a row it is waited for like a
     * held lock, so that a check that can never succeed ends in the timeout, not in a loop without end.
     */
    static int flockUntil(Path lockFile, String entry, boolean exclusive, boolean create,
                          long deadline, long timeoutNanos, NativeFlock.IdentityCheck check) {
        long sleepMillis = 1;
        boolean replacedBefore = false;
        while (true) {
            int fd;
            try {
                fd = NativeFlock.openLockFile(lockFile, create);
            } catch (NoSuchFileException e) {
                return -1;
            } catch (IOException e) {
                String what = Files.isSymbolicLink(lockFile) ? "a symbolic link (never followed)"
                        : Files.isDirectory(lockFile, LinkOption.NOFOLLOW_LINKS) ? "a directory" : null;
                if (what != null) {
                    // Planted, like a linked NAME.pickle or NAME.json: the same refusal, not an I/O error.
                    throw new StoreException(StoreException.Reason.CORRUPT, entry, "file " + lockFile + " of entry "
                            + EntryNames.quote(entry) + " is " + what, e);
                }
                throw new StoreException(StoreException.Reason.IO, entry,
                        "cannot open lock file of entry " + EntryNames.quote(entry) + ": " + e.getMessage(), e);
            }
            String holder = "another process holds it";
            try {
                if (NativeFlock.tryLock(fd, exclusive)) {
                    if (check.stillNames(fd, lockFile)) {
                        return fd;
                    }
                    // The lock file was deleted or replaced under us: lock the live one instead, at once unless
                    // that happened on the last try too.
                    if (!replacedBefore) {
                        replacedBefore = true;
                        NativeFlock.closeQuietly(fd);
                        continue;
                    }
                    holder = "each time it was locked, the file under its name was another one (deleted or"
                            + " replaced by another process, or the two cannot be compared here)";
                } else {
                    replacedBefore = false;
                }
            } catch (IOException e) {
                NativeFlock.closeQuietly(fd);
                throw new StoreException(StoreException.Reason.IO, entry,
                        "cannot lock " + lockFile + ": " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                NativeFlock.closeQuietly(fd);
                throw e;
            }
            NativeFlock.closeQuietly(fd);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timeout(entry, lockFile, timeoutNanos, holder);
            }
            try {
                Thread.sleep(Math.min(sleepMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Reason.INTERRUPTED, entry,
                        "interrupted while waiting for the lock of entry " + EntryNames.quote(entry));
            }
            sleepMillis = Math.min(sleepMillis * 2, 50);
        }
    }

    private static StoreException timeout(String entry, Path lockFile, long timeoutNanos, String holder) {
        return new StoreException(StoreException.Reason.LOCK_TIMEOUT, entry,
                "lock timeout after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms on entry "
                        + EntryNames.quote(entry) + " (" + lockFile.getFileName() + "): " + holder);
    }

    private static Slot acquireSlot(String key) {
        return TABLE.compute(key, (k, s) -> {
            Slot slot = s == null ? new Slot() : s;
            slot.users++;
            return slot;
        });
    }

    private static void release(String key, Slot slot) {
        TABLE.computeIfPresent(key, (k, s) -> {
            if (s != slot) {
                return s;
            }
            return --s.users == 0 ? null : s;
        });
    }
}
