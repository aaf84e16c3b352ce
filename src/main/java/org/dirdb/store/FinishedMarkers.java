package org.dirdb.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The commit markers of finished two-file commits whose renames are done but not yet durable. A marker may
 * be removed only once a directory fsync has made those renames durable (POSIX does not order an unlink
 * after earlier renames on disk); rather than an fsync of its own between the renames and the removal, the
 * marker waits for the store's next directory fsync, which the next commit makes anyway, and is removed
 * after it. A commit thus costs three fsyncs, not four: the temp file(s), and the directory at the commit
 * point. Until then the marker is durable and names its temp files, which are gone: a crash at any instant
 * is still completed by recovery (the renames whose temp files remain are replayed, the others were done).
 *
 * <p>A marker that waits is removed only under its entry's lock, taken without waiting, and only when the
 * marker (a link's text, or a hard link's attribute) still holds this commit's text (the 16 hex digits of its
 * temp files are unique): any other writer of the entry first finishes it itself (a replay, a directory fsync and the removal, as for an interrupted
 * commit), so the name may meanwhile hold that writer's own marker, which is left alone. A marker whose
 * entry is locked elsewhere is tried again after the next fsync and at close, and otherwise left for the
 * entry's next user to finish.
 *
 * <p>When no other fsync comes, one is made {@link #DELAY_MILLIS} (50 ms) after the first waiting marker, on a
 * shared daemon thread, and at {@link Store#close}. Meanwhile a reader, here or in another process, sees that
 * every temp file the marker names is gone and reads the entry without waiting for its lock
 * ({@code Commits.renamesDone}); a writer of the entry finishes the marker under the lock before it commits.
 */
final class FinishedMarkers {
    /** How long a finished marker waits for another fsync before one is made for it. */
    static final long DELAY_MILLIS = 50;
    /** {@link #DELAY_MILLIS}, but for tests that decide themselves when the next fsync comes. */
    static volatile long delayMillis = DELAY_MILLIS;

    record Marker(String entry, Path path, String text) {}

    private static final class Sweeper {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "dirdb-commit-markers");
                t.setDaemon(true);
                t.setContextClassLoader(null);
                return t;
            });
            executor.setKeepAliveTime(10, TimeUnit.SECONDS); // no thread left behind while nothing waits
            executor.allowCoreThreadTimeOut(true);
            executor.setRemoveOnCancelPolicy(true);
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            return executor;
        }
    }

    private final Durability d;
    /** Renamed, not yet made durable: removable after the next directory fsync begins and succeeds. */
    private final List<Marker> renamed = new ArrayList<>();
    /** Durable, but their entry was locked elsewhere when their removal was tried. */
    private final List<Marker> durable = new ArrayList<>();
    private ScheduledFuture<?> sweep;

    FinishedMarkers(Durability d) {
        this.d = d;
    }

    /** Registers the marker of a commit whose renames are all done. */
    void add(String entry, Path path, String text) {
        synchronized (this) {
            renamed.add(new Marker(entry, path, text));
            if (sweep == null) {
                sweep = Sweeper.EXECUTOR.schedule(this::sweep, delayMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Before a directory fsync: the markers it makes removable, to be given to {@link #synced}. */
    synchronized List<Marker> beforeSync() {
        if (renamed.isEmpty() && durable.isEmpty()) {
            return List.of();
        }
        List<Marker> covered = new ArrayList<>(renamed.size() + durable.size());
        covered.addAll(durable);
        covered.addAll(renamed);
        return covered;
    }

    /** After a directory fsync that succeeded: removes the markers {@link #beforeSync} gave. */
    void synced(List<Marker> covered) {
        if (covered.isEmpty()) {
            return;
        }
        synchronized (this) {
            renamed.removeAll(covered);
            durable.removeAll(covered);
            if (renamed.isEmpty() && sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
        }
        List<Marker> busy = null;
        for (Marker m : covered) {
            if (!removeIfStillOurs(m)) {
                if (busy == null) {
                    busy = new ArrayList<>();
                }
                busy.add(m);
            }
        }
        if (busy != null) {
            synchronized (this) {
                durable.addAll(busy);
            }
        }
    }

    /** Whether markers wait for a directory fsync. */
    synchronized boolean waiting() {
        return !renamed.isEmpty();
    }

    /**
     * At close: makes waiting markers durable and removes them (and tries the ones left locked once more), on an
     * interrupted thread too (a pool shutting down): the fsync sets the flag aside, and the lock is only tried.
     */
    void close() {
        synchronized (this) {
            if (sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
        }
        flush();
        List<Marker> left;
        synchronized (this) {
            left = List.copyOf(durable);
            durable.clear();
        }
        left.forEach(this::removeIfStillOurs); // what stays locked is finished by the entry's next user
    }

    private void sweep() {
        synchronized (this) {
            sweep = null;
        }
        flush();
    }

    private void flush() {
        if (!waiting() || d.poisoned() != null) {
            return; // a poisoned store's markers stay: recovery finishes them
        }
        try {
            d.syncDirectory(null, true);
        } catch (RuntimeException e) {
            // The markers stay, durable, and recovery finishes them; the store is poisoned by the failed fsync.
        }
    }

    /**
     * Removes the marker if the entry's lock is free and the link still holds this commit's text; false when
     * the lock is held elsewhere. A marker already gone or replaced counts as removed.
     */
    private boolean removeIfStillOurs(Marker m) {
        EntryLocks.Held lock;
        try {
            lock = EntryLocks.tryExclusiveExisting(d.directory, m.entry(), d.store.file(m.entry(), ".lock"));
        } catch (StoreException e) {
            // Busy: tried again later. Anything else (the lock file is not one) leaves the marker for the entry's
            // next user.
            return e.reason() != StoreException.Reason.LOCK_TIMEOUT;
        }
        if (lock == null) {
            return true; // no lock file: the entry was deleted (its sub-database dropped), marker and all
        }
        try (lock) {
            if (m.text().equals(CommitRecord.readMarker(d.io, m.path()))) {
                d.io.deleteIfExists(m.path());
            }
        } catch (NoSuchFileException e) {
            // finished by another user of the entry, who may have put its own record there
        } catch (IOException e) {
            // left in place: the entry's next user finishes it (a replay that renames nothing)
        }
        return true;
    }
}
