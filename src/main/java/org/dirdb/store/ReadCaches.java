package org.dirdb.store;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a {@link Store} remembers of what it read, and how each value is known to be current
 * (docs/storage.md, "Reads that open nothing").
 *
 * <p>While the {@link ChangeJournal} watches the directory, every value here (metadata texts, payload
 * locations, stats of entry files, the absence of a commit record, the sorted listing) is valid until a
 * reported change of its entry makes the store forget it, and a value is kept only when no change was taken
 * in while it was read. Otherwise metadata texts and payload locations are checked with a stat on each use
 * ({@link SettledCache}) and nothing else is kept.
 *
 * <p>Thread-safe.
 */
final class ReadCaches implements ChangeJournal.Forget {
    /**
     * What one store's cache of metadata texts may hold (characters, about bytes for JSON), and a bound for
     * its other caches (at about 256 bytes per entry): an eighth of the heap, at most 64 MiB. With change
     * notification a value is cached as soon as it is read, so these bounds are what a long-lived
     * connection holds at most; past one, that cache starts again empty.
     */
    static final long CACHE_BUDGET = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** Metadata texts (texts over 64 KiB are not kept). */
    final SettledCache<String> meta = new SettledCache<>(String::length, 64 << 10, CACHE_BUDGET);
    /** Where payloads lie in their pickles: {@code size} and {@code format} cost a stat, or nothing. */
    final SettledCache<Payload> payloads = new SettledCache<>(p -> 1, 1, CACHE_BUDGET / 256);
    private final StatCache pickleStats = new StatCache();
    private final StatCache jsonStats = new StatCache();
    /** Entries known to have no commit record ({@code .NAME.commit}). */
    private final StatCache commitStats = new StatCache();
    private volatile String[] listing;
    private final ChangeJournal journal;

    /** @param owner the store; when it is collected unclosed, the watch is released */
    ReadCaches(Object owner, Path directory, StorageIO io, boolean watch) {
        this.journal = new ChangeJournal(owner, directory, io, watch, this);
    }

    ChangeJournal journal() {
        return journal;
    }

    /** Stats of one kind of entry file, taken while the journal watches (a null stat: no such file). */
    private static final class StatCache {
        private static final long MAX_STATS = Math.min(250_000, CACHE_BUDGET / 256);

        private record Known(BasicFileAttributes attrs) {}

        private volatile ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

        Known get(String name) {
            return known.get(name);
        }

        void put(String name, BasicFileAttributes attrs) {
            if (known.size() > MAX_STATS) {
                known.clear();
            }
            known.put(name, new Known(attrs));
        }

        void forget(String name) {
            known.remove(name);
        }

        /** As {@link SettledCache#expect}. */
        void expect(int count) {
            if (count > 64 && known.isEmpty()) {
                known = new ConcurrentHashMap<>((int) Math.min(count, MAX_STATS));
            }
        }

        void clear() {
            known.clear();
        }
    }

    @Override
    public void entry(String name, boolean membership) {
        meta.forget(name);
        payloads.forget(name);
        pickleStats.forget(name);
        jsonStats.forget(name);
        commitStats.forget(name);
        if (membership) {
            listing = null;
        }
    }

    @Override
    public void all() {
        meta.clear();
        payloads.clear();
        pickleStats.clear();
        jsonStats.clear();
        commitStats.clear();
        listing = null;
    }

    /**
     * A stat of an entry's file ({@code json}: {@code NAME.json}, else {@code NAME.pickle}): while the journal
     * watches, the one kept since the last reported change of the entry; else {@code now}'s, kept if watching.
     */
    BasicFileAttributes stat(String name, boolean json, Supplier<BasicFileAttributes> now) {
        if (!journal.start()) {
            return now.get();
        }
        StatCache cache = json ? jsonStats : pickleStats;
        StatCache.Known known = cache.get(name);
        if (known != null) {
            return known.attrs(); // no path made either: a cached row of a listing costs two map lookups
        }
        long since = journal.epoch();
        BasicFileAttributes attrs = now.get();
        journal.putIfCurrent(since, () -> cache.put(name, attrs));
        return attrs;
    }

    /**
     * Keeps a value read from the file state {@code attrs} shows ({@code json}: of {@code NAME.json}),
     * {@code since} being the journal's epoch before the read: while watching, exactly (no settling needed: a
     * change is reported, however quick), with that stat; otherwise for as long as a stat shows the same,
     * settled file.
     */
    <V> void keep(SettledCache<V> cache, boolean json, String name, BasicFileAttributes attrs, V value, long since,
            long readMillis) {
        if (journal.watching()) {
            StatCache stats = json ? jsonStats : pickleStats;
            journal.putIfCurrent(since, () -> {
                cache.putProven(name, attrs, value);
                stats.put(name, attrs);
            });
        } else {
            cache.put(name, attrs, value, readMillis);
        }
    }

    /** True when the entry is known, while watching, to have no commit record. */
    boolean knownWithoutCommit(String name) {
        // A kept listing saw no commit record in the directory (Store#list keeps none that did), and the
        // creation of one since would have dropped it: no entry, listed or not, has one.
        return journal.watching() && (listing != null || commitStats.get(name) != null);
    }

    /** Remembers that the entry had no commit record after a check that began at {@code since}. */
    void withoutCommit(String name, long since) {
        journal.putIfCurrent(since, () -> commitStats.put(name, null));
    }

    /** The sorted listing kept since the last change of membership, or null. */
    String[] listing() {
        return listing;
    }

    /** Keeps a sorted listing read after {@code since}, while watching. */
    void keepListing(String[] sorted, long since) {
        journal.putIfCurrent(since, () -> {
            listing = sorted;
            // The rows of the listing are read next, each value kept: room for them all at once (a table is
            // allocated at its first value, so the caches a statement does not use cost nothing).
            int count = (int) Math.min(sorted.length, StatCache.MAX_STATS);
            meta.expect(count);
            payloads.expect(count);
            jsonStats.expect(count);
            pickleStats.expect(count);
        });
    }
}
