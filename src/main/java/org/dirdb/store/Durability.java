package org.dirdb.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What every write path of a {@link Store} shares: the I/O seam, the fsync discipline ({@code sync=false}
 * skips them), and the poisoned state. After a failed fsync the kernel may have dropped the unwritten
 * pages, and a second fsync may then report success for lost data, so the store refuses every further
 * write until it is reopened (the lesson of PostgreSQL's 2018 fsync discussion).
 */
final class Durability {
    final Store store;
    final StorageIO io;
    final Path directory;
    final boolean sync;
    /** Markers of finished two-file commits, removed after the next directory fsync. */
    final FinishedMarkers finished;
    private volatile String poisoned;
    /**
     * Whether two-file commits make their marker a hard link to the metadata temp file ({@link CommitRecord});
     * cleared for good once the file system refuses a user attribute or a hard link.
     */
    volatile boolean linkMarkers = true;

    Durability(Store store) {
        this.store = store;
        this.io = store.io();
        this.directory = store.directory();
        this.sync = store.options().sync();
        this.finished = new FinishedMarkers(this);
    }

    private interface FileAction {
        void run() throws IOException;
    }

    /**
     * Runs an fsync with the thread's interrupt flag set aside, and sets it again afterwards. The JDK closes a
     * channel at its next call once its thread is interrupted, so an interrupt that came before (a statement
     * stopped at a row, then its group's fsync; a pool's timeout) would otherwise fail the fsync, and a failed
     * directory fsync poisons the store. An interrupt that comes during the fsync still closes the channel,
     * and then nobody knows whether the fsync succeeded.
     */
    private static void uninterrupted(FileAction fsync) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            fsync.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Refuses writes from now on, for this reason. */
    void poison(String why) {
        poisoned = why;
    }

    String poisoned() {
        return poisoned;
    }

    EntryLocks.Held lockExclusive(String name) {
        return lockExclusive(name, store.lockTimeoutNanos());
    }

    EntryLocks.Held lockExclusive(String name, long timeoutNanos) {
        return EntryLocks.exclusive(directory, name, store.file(name, ".lock"), timeoutNanos);
    }

    boolean exists(String name) {
        return store.fileExists(name, store.file(name, ".pickle")) || store.fileExists(name, store.file(name, ".json"));
    }

    void force(String name, TempFile temp) {
        if (!sync) {
            return;
        }
        try {
            uninterrupted(temp::force);
        } catch (IOException e) {
            if (!(e instanceof java.nio.channels.ClosedByInterruptException)) {
                // An interrupt closed the channel, no write-back failed: the temp file is deleted and the store
                // goes on. Any other failure may have dropped pages a later fsync would report as written.
                poison("fsync of " + temp.path + " failed: " + e);
            }
            throw StoreException.io(name, temp.path, "fsync failed for", e);
        }
    }

    void forceChannel(String name, FileChannel ch, Path file) throws IOException {
        try {
            uninterrupted(() -> io.force(ch));
        } catch (IOException e) {
            poison("fsync of " + file + " failed: " + e);
            throw e;
        }
    }

    void syncDirectory(String name) {
        syncDirectory(name, false);
    }

    /**
     * The fsync of the directory; with {@code mayBeGone}, a directory removed since (a dropped sub-table) is
     * nothing to make durable, since its removal was synced in its parent. Afterwards the markers of commits
     * finished before it began are removed ({@link FinishedMarkers}).
     */
    void syncDirectory(String name, boolean mayBeGone) {
        if (sync) {
            syncDirectoryNow(name, mayBeGone);
        }
    }

    /** The fsync of the directory whatever {@code sync} says: for finishing a record that may be another store's. */
    void syncDirectoryEvenUnsynced(String name) {
        syncDirectoryNow(name, false);
    }

    private void syncDirectoryNow(String name, boolean mayBeGone) {
        try {
            var covered = finished.beforeSync();
            uninterrupted(() -> io.syncDirectory(directory));
            finished.synced(covered);
        } catch (IOException e) {
            if (mayBeGone && e instanceof NoSuchFileException) {
                return;
            }
            poison("fsync of directory " + directory + " failed: " + e);
            throw StoreException.io(name, directory, "fsync failed for directory", e);
        }
    }

    /**
     * The fsync after a commit's only rename or unlink, which makes it durable and orders nothing after it:
     * inside a {@link SyncGroup} it waits for the group's close.
     */
    void syncDirectoryAfterCommit(String name) {
        if (sync && !SyncGroup.defer(this, name)) {
            syncDirectory(name);
        }
    }

    void requireWritable(String name) {
        if (store.options().readOnly()) {
            throw new StoreException(StoreException.Reason.READ_ONLY, name,
                    "the store " + directory + " is open read-only");
        }
        String why = poisoned;
        if (why != null) {
            throw new StoreException(StoreException.Reason.POISONED, name,
                    "the store refuses writes until it is reopened: " + why);
        }
    }
}
