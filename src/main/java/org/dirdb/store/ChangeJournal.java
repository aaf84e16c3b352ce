package org.dirdb.store;

import java.lang.ref.Cleaner;
import java.nio.file.Path;

/**
 * What changed in a store's directory since the store last looked, so that values it cached (stats,
 * metadata texts, payload locations, the listing) can be used without a stat of their files.
 *
 * <p>Each statement begins with {@link #refresh}: every change reported by the {@link DirectoryWatch}
 * so far makes the store forget the entry it touches, so a statement sees every change that returned
 * before it started (the watch's contract). A value read from the disk is cached only through
 * {@link #putIfCurrent} with the {@link #epoch} taken before it was read: if a refresh took in any change
 * meanwhile, that change may postdate the read (and nothing was cached yet for it to forget), so the value is
 * not cached.
 *
 * <p>The watch starts at the first value a store would cache ({@link #start}), not when the store opens:
 * a store that only lists once (a command line query, a first row) never loads the native code. Where no
 * exact watch can be made, or after it ends (the directory was moved or deleted), {@link #watching} is false
 * and the store validates with a stat per file instead, as it would with {@code watch=false}.
 *
 * <p>Thread-safe.
 */
final class ChangeJournal implements AutoCloseable {
    /** What the store forgets. */
    interface Forget {
        /** Entry {@code name} changed; {@code membership}: perhaps whether it exists, too. */
        void entry(String name, boolean membership);

        /** Anything may have changed. */
        void all();
    }

    private static final Cleaner CLEANER = Cleaner.create();

    /** Holds the watch apart from the store, so that a store nobody closed still releases it when collected. */
    private static final class Handle implements Runnable {
        volatile DirectoryWatch watch;

        @Override
        public void run() {
            DirectoryWatch w = watch;
            if (w != null) {
                w.close();
            }
        }
    }

    private final Path directory;
    private final StorageIO io;
    private final boolean enabled;
    private final Forget forget;
    private final Handle handle = new Handle();
    private final Cleaner.Cleanable cleanable;
    private final DirectoryWatch.Sink sink = new DirectoryWatch.Sink() {
        @Override
        public void changed(String fileName, boolean membership) {
            String entry = entryOf(fileName);
            if (entry != null) {
                epoch++;
                forget.entry(entry, membership || fileName.startsWith("."));
            }
        }

        @Override
        public void lost() {
            epoch++;
            forget.all();
        }
    };
    private boolean started;
    private volatile boolean watching;
    private long epoch;

    /**
     * @param owner   the store; when it is collected unclosed, the watch is released
     * @param enabled false: never watch ({@code watch=false}), every cached value is checked with a stat
     */
    ChangeJournal(Object owner, Path directory, StorageIO io, boolean enabled, Forget forget) {
        this.directory = directory;
        this.io = io;
        this.enabled = enabled;
        this.forget = forget;
        this.cleanable = CLEANER.register(owner, handle);
    }

    /**
     * The entry a changed file belongs to, or null for a file that holds no entry's value: a lock file (locks
     * change nothing), a writer's temp file (its rename to the entry's name is reported under that name),
     * anything else. A commit record ({@code .NAME.commit}) does count: the listing that sees it finishes the
     * entry's commit.
     */
    static String entryOf(String fileName) {
        if (fileName.startsWith(".")) {
            return CommitRecord.entryOf(fileName);
        }
        String stem = fileName.endsWith(".pickle") ? fileName.substring(0, fileName.length() - 7)
                : fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : null;
        return stem != null && EntryNames.isSafe(stem) ? stem : null;
    }

    /** Starts the watch if it was never tried; true when cached values may be trusted without a stat. */
    boolean start() {
        return start(true);
    }

    /**
     * As {@link #start()}; with {@code evenIfCold} false, only when the native code is loaded already (a
     * listing does not pay for loading it: a store that lists once would never use the watch).
     */
    synchronized boolean start(boolean evenIfCold) {
        if (!started && enabled && (evenIfCold || JnaState.loaded())) {
            started = true;
            DirectoryWatch w = io.watch(directory);
            handle.watch = w;
            watching = w != null;
        }
        return watching;
    }

    /** True while the watch runs: cached values are valid until a {@link #refresh} forgets them. */
    boolean watching() {
        return watching;
    }

    /** Takes in every change reported so far; called when a statement starts. */
    synchronized void refresh() {
        if (watching && !handle.watch.drain(sink)) {
            stop();
        }
    }

    /** Changes taken in so far: taken before reading a value, and given to {@link #putIfCurrent} with it. */
    synchronized long epoch() {
        return epoch;
    }

    /**
     * Caches a value read after {@code since} was taken: runs {@code put} when the store is watching and
     * no change was taken in since then. False when it did not.
     */
    synchronized boolean putIfCurrent(long since, Runnable put) {
        if (!watching || epoch != since) {
            return false;
        }
        put.run();
        return true;
    }

    private void stop() {
        watching = false;
        epoch++;
        forget.all();
        DirectoryWatch w = handle.watch;
        handle.watch = null;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public synchronized void close() {
        watching = false;
        cleanable.clean();
    }
}
