package org.dirdb.store;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metadata texts already read, each valid for as long as a stat of {@code NAME.json} shows the same file
 * (device and inode), size and modification time. A writer that replaces the file (the driver) changes
 * its inode; one that rewrites it in place (Python) changes its size or modification time, or truncates it
 * first. So a stat that matches proves the text is current, without opening the file or taking the lock.
 *
 * <p>Modification times have a coarse granularity, so a rewrite of the same size within one tick would
 * look unchanged. Like git's "racy" index entries, a text is therefore only cached when its file was last
 * modified at least {@link #SETTLED_MILLIS} before it was read; anything newer is read again each time.
 * Texts over 64 KiB are not cached, and the cache empties itself past 64 MiB.
 */
final class MetaCache {
    static final long SETTLED_MILLIS = 2000;
    private static final int MAX_TEXT = 64 << 10;
    private static final long MAX_TOTAL = 64L << 20;

    private record Entry(Object fileKey, long size, long modifiedNanos, String text) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** The cached text when {@code attrs} (a stat taken now) shows the file it was read from, else null. */
    String get(String name, BasicFileAttributes attrs) {
        Entry e = entries.get(name);
        if (e == null || attrs == null) {
            return null;
        }
        return Objects.equals(e.fileKey(), attrs.fileKey()) && e.size() == attrs.size()
                && e.modifiedNanos() == nanos(attrs) ? e.text() : null;
    }

    /**
     * Remembers a text read under the entry lock from the file {@code attrs} describes (a stat taken before
     * the read, under the same lock), if the file had settled before {@code readMillis}.
     */
    void put(String name, BasicFileAttributes attrs, String text, long readMillis) {
        if (attrs == null || text == null || text.length() > MAX_TEXT
                || attrs.lastModifiedTime().toMillis() > readMillis - SETTLED_MILLIS) {
            entries.remove(name);
            return;
        }
        Entry old = entries.put(name, new Entry(attrs.fileKey(), attrs.size(), nanos(attrs), text));
        long grown = text.length() - (old == null ? 0 : old.text().length());
        if (total.addAndGet(grown) > MAX_TOTAL) {
            entries.clear();
            total.set(0);
        }
    }

    void forget(String name) {
        Entry old = entries.remove(name);
        if (old != null) {
            total.addAndGet(-old.text().length());
        }
    }

    private static long nanos(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
