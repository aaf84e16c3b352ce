package org.dirdb.store;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Values read from an entry's file (its metadata text, its payload's place in the pickle), each valid for
 * as long as a stat of the file shows the same file (device and inode), size and modification time. A
 * writer that replaces the file (the driver) changes its inode; one that rewrites it in place (Python)
 * changes its size or modification time, or truncates it first. So a stat that matches proves the value is
 * current, without opening the file or taking the lock.
 *
 * <p>Modification times have a coarse granularity, so a rewrite of the same size within one tick would
 * look unchanged. Like git's "racy" index entries, a value is therefore only cached when its file was last
 * modified at least {@link #SETTLED_MILLIS} before it was read; anything newer is read again each time.
 * Values heavier than {@code maxWeight} are not cached, and the cache empties itself past
 * {@code maxTotal}.
 */
final class SettledCache<V> {
    static final long SETTLED_MILLIS = 2000;

    private record Entry<V>(Object fileKey, long size, long modifiedNanos, V value) {}

    private volatile ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final ToLongFunction<V> weight;
    private final long maxWeight;
    private final long maxTotal;

    SettledCache(ToLongFunction<V> weight, long maxWeight, long maxTotal) {
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.maxTotal = maxTotal;
    }

    /** The cached value when {@code attrs} (a stat taken now) shows the file it was read from, else null. */
    V get(String name, BasicFileAttributes attrs) {
        Entry<V> e = entries.get(name);
        if (e == null || attrs == null) {
            return null;
        }
        return Objects.equals(e.fileKey(), attrs.fileKey()) && e.size() == attrs.size()
                && e.modifiedNanos() == nanos(attrs) ? e.value() : null;
    }

    /**
     * Remembers a value read under the entry lock from the file {@code attrs} describes (a stat taken
     * before the read, under the same lock), if the file had settled before {@code readMillis}.
     */
    void put(String name, BasicFileAttributes attrs, V value, long readMillis) {
        if (attrs == null || value == null || weight.applyAsLong(value) > maxWeight
                || attrs.lastModifiedTime().toMillis() > readMillis - SETTLED_MILLIS) {
            forget(name);
            return;
        }
        remember(name, attrs, value);
    }

    /**
     * Remembers a value that is proven for every future stat showing the state {@code attrs} describes (a
     * payload's place from its {@link PayloadRecord}), so it needs no settling.
     */
    void putProven(String name, BasicFileAttributes attrs, V value) {
        if (attrs == null || value == null || weight.applyAsLong(value) > maxWeight) {
            forget(name);
            return;
        }
        remember(name, attrs, value);
    }

    private void remember(String name, BasicFileAttributes attrs, V value) {
        Entry<V> old = entries.put(name, new Entry<>(attrs.fileKey(), attrs.size(), nanos(attrs), value));
        long grown = weight.applyAsLong(value) - (old == null ? 0 : weight.applyAsLong(old.value()));
        if (total.addAndGet(grown) > maxTotal) {
            entries.clear();
            total.set(0);
        }
    }

    /**
     * Makes room for about {@code count} values at once while nothing is held (the table is allocated at the
     * first value): a listing that is about to read that many would otherwise grow the table a dozen times,
     * a cost its first, interpreted rows feel. A value put meanwhile may be lost, which only costs a read.
     */
    void expect(int count) {
        if (count > 64 && entries.isEmpty()) {
            entries = new ConcurrentHashMap<>(count);
        }
    }

    /** The size of the file state the value was cached for, or -1 when nothing is cached. */
    long knownSize(String name) {
        Entry<V> e = entries.get(name);
        return e == null ? -1 : e.size();
    }

    /** True when a value is held for the name (valid or not). */
    boolean has(String name) {
        return entries.containsKey(name);
    }

    void clear() {
        entries.clear();
        total.set(0);
    }

    void forget(String name) {
        Entry<V> old = entries.remove(name);
        if (old != null) {
            total.addAndGet(-weight.applyAsLong(old.value()));
        }
    }

    private static long nanos(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }
}
