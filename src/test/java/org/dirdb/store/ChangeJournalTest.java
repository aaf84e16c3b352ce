package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a store caches while it watches its directory: served without touching the disk, and never after
 * a change that returned before the read began, however the change was made. Changes here are made with
 * plain file operations, as another process would make them (the kernel reports them the same way); the
 * reliability suite repeats this with real Python and JVM processes.
 */
class ChangeJournalTest {
    @TempDir
    Path dir;

    private final CallCounter counting = new CallCounter();

    @BeforeEach
    void needsAWatch() {
        DirectoryWatch probe = StorageIO.DEFAULT.watch(dir);
        assumeTrue(probe != null, "no exact change notification for " + dir + " here (not Linux, or not a local"
                + " file system): stores validate with a stat, which SettledCacheTest covers");
        probe.close();
    }

    private Store open(boolean watch) {
        return Store.open(dir, StoreOptions.defaults().withIo(counting).withWatch(watch));
    }

    private void reset() {
        counting.reset();
    }

    @Test
    void aReadValueIsServedFromMemoryUntilItsFileChanges() throws IOException {
        try (Store store = open(true)) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.of(new byte[] {1, 2}));
            assertEquals("{\"n\":1}", store.readMeta("a"));
            assertEquals(2, store.payload("a").length());
            reset();
            for (int i = 0; i < 5; i++) {
                assertEquals("{\"n\":1}", store.readMeta("a"), "no settling needed: a just-written file is cached");
                assertEquals(2, store.payload("a").length());
                assertEquals(14, store.stat("a").payloadFileSize(), "the pickle: 2 bytes and 12 of framing");
            }
            assertEquals(0, counting.count("open json"), "opens of a.json");
            assertEquals(0, counting.of("stat"), "stats");
            Files.writeString(dir.resolve("a.json"), "{\"n\":22}"); // in place, as Python rewrites
            assertEquals("{\"n\":22}", store.readMeta("a"));
            assertEquals(1, counting.count("open json"));
        }
    }

    @Test
    void anEntryNobodyEverLockedIsCachedToo() throws IOException {
        Files.writeString(dir.resolve("plain.json"), "{\"n\":1}"); // written the way a script would, no lock file
        try (Store store = open(true)) {
            assertEquals("{\"n\":1}", store.readMeta("plain"));
            reset();
            assertEquals("{\"n\":1}", store.readMeta("plain"));
            assertEquals(0, counting.count("open json"), "read once, without a lock, and kept");
            Files.writeString(dir.resolve("plain.json"), "{\"n\":2}");
            assertEquals("{\"n\":2}", store.readMeta("plain"));
            assertEquals(false, Files.exists(dir.resolve("plain.lock")), "a reader never creates a lock file");
        }
    }

    /**
     * The case a stat cannot tell apart: rewritten in place to the same size, with the modification time it
     * had before (a rewrite within one tick of a coarse clock looks exactly like this). The second half shows
     * that this test can fail: validated by a stat, the old text is served.
     */
    @Test
    void aSameSizeRewriteWithTheSameModificationTimeIsSeen() throws IOException {
        Path json = dir.resolve("a.json");
        try (Store store = open(true)) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.KEEP);
            Files.setLastModifiedTime(json, FileTime.from(Instant.now().minusSeconds(60)));
            assertEquals("{\"n\":1}", store.readMeta("a"));
            rewriteKeepingTime(json, "{\"n\":2}");
            assertEquals("{\"n\":2}", store.readMeta("a"));
            rewriteKeepingTime(json, "{\"n\":3}");
            assertEquals("{\"n\":3}", store.readMeta("a"));
        }
        try (Store store = open(false)) {
            assertEquals("{\"n\":3}", store.readMeta("a"));
            rewriteKeepingTime(json, "{\"n\":4}");
            assertEquals("{\"n\":3}", store.readMeta("a"), "validated by a stat, this rewrite is invisible");
        }
    }

    private static void rewriteKeepingTime(Path file, String text) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        Files.setLastModifiedTime(file, before);
        assertEquals(before, Files.getLastModifiedTime(file));
    }

    @Test
    void openingAndTheFirstListingReadTheDirectoryOnce() throws IOException {
        try (Store store = open(true)) {
            for (String name : new String[] {"a", "b", "c"}) {
                store.write(name, WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            }
        }
        reset();
        try (Store store = open(true)) {
            assertEquals(List.of("a", "b", "c"), store.list());
            assertEquals(1, counting.of("list"), "the open's pass over the directory serves the first listing");
        }
        try (Store store = open(true)) {
            Files.writeString(dir.resolve("d.json"), "{}"); // by someone else, between the open and the listing
            Files.delete(dir.resolve("a.json"));
            assertEquals(List.of("b", "c", "d"), store.list());
        }
        reset();
        try (Store store = open(false)) {
            assertEquals(List.of("b", "c", "d"), store.list());
            assertEquals(2, counting.of("list"), "not watching, the first listing reads the directory again");
        }
    }

    @Test
    void theListingIsServedFromMemoryUntilAnEntryComesOrGoes() throws IOException {
        try (Store store = open(true)) {
            for (String name : new String[] {"a", "b", "c"}) {
                store.write(name, WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            }
            assertEquals(List.of("a", "b", "c"), store.list());
            store.readMeta("a"); // starts the watch, as the first row of a listing does
            assertEquals(List.of("a", "b", "c"), store.list());
            reset();
            assertEquals(List.of("a", "b", "c"), store.list());
            assertEquals(List.of("a", "b", "c"), store.list());
            assertEquals(0, counting.of("list"), "directory listings");

            Files.writeString(dir.resolve("d.json"), "{}"); // a new entry, written by someone else
            assertEquals(List.of("a", "b", "c", "d"), store.list());
            Files.delete(dir.resolve("b.json"));
            assertEquals(List.of("a", "c", "d"), store.list());
            Files.move(dir.resolve("c.json"), dir.resolve("e.json"));
            assertEquals(List.of("a", "d", "e"), store.list());
            Files.writeString(dir.resolve("notes.txt"), "not an entry");
            Files.writeString(dir.resolve("a.lock"), "");
            reset();
            assertEquals(List.of("a", "d", "e"), store.list());
            assertEquals(0, counting.of("list"), "files that are no entry's do not make the store list again");
        }
    }

    @Test
    void aPayloadRewrittenInPlaceAndATouchAreSeen() throws IOException {
        try (Store store = open(true)) {
            store.write("p", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[] {1, 2, 3}));
            assertEquals(3, store.payload("p").length());
            Instant modified = store.stat("p").modified();
            Files.write(dir.resolve("p.pickle"), pickleOf(new byte[] {9, 8, 7, 6, 5}));
            Payload p = store.payload("p");
            assertEquals(5, p.length());
            try (InputStream in = store.openPayload(p)) {
                assertArrayEquals(new byte[] {9, 8, 7, 6, 5}, in.readAllBytes());
            }
            Instant later = Instant.parse("2030-01-02T03:04:05Z");
            Files.setLastModifiedTime(dir.resolve("p.pickle"), FileTime.from(later));
            assertEquals(later, store.stat("p").modified());
            assertNotEquals(modified, later);
        }
    }

    /** A protocol 3 pickle of one bytes object, as Python writes it. */
    private static byte[] pickleOf(byte[] data) {
        byte[] out = new byte[data.length + 8];
        out[0] = (byte) 0x80;
        out[1] = 3;
        out[2] = 'C';
        out[3] = (byte) data.length;
        System.arraycopy(data, 0, out, 4, data.length);
        out[4 + data.length] = 'q';
        out[5 + data.length] = 0;
        out[6 + data.length] = '.';
        return java.util.Arrays.copyOf(out, data.length + 7);
    }

    @Test
    void changesBeyondTheKernelsQueueAreNotLost() throws IOException {
        long queued = Long.parseLong(Files.readString(Path.of("/proc/sys/fs/inotify/max_queued_events")).trim());
        assumeTrue(queued <= 100_000, "the event queue holds " + queued + " events; flooding it takes too long");
        try (Store store = open(true)) {
            for (String name : new String[] {"a", "b", "c"}) {
                store.write(name, WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.KEEP);
                assertEquals("{\"n\":1}", store.readMeta(name));
            }
            // Fill the queue (alternating two files: the kernel merges repeats of one event), then rewrite a.json:
            // its event is dropped, and only the overflow says that anything changed.
            for (long i = 0; i < queued + 10; i++) {
                Files.setLastModifiedTime(dir.resolve(i % 2 == 0 ? "b.json" : "c.json"), FileTime.fromMillis(i));
            }
            Files.writeString(dir.resolve("a.json"), "{\"n\":2}");
            assertEquals("{\"n\":2}", store.readMeta("a"));
            assertEquals("{\"n\":1}", store.readMeta("b"));
            Files.writeString(dir.resolve("a.json"), "{\"n\":3}");
            assertEquals("{\"n\":3}", store.readMeta("a"), "the watch still works after an overflow");
        }
    }

    @Test
    void aDirectoryReplacedUnderAWatchingStoreIsNotServedFromMemory() throws IOException {
        Path db = dir.resolve("db");
        try (Store store = Store.open(db, StoreOptions.defaults().withIo(counting))) {
            store.write("old", WriteMode.INSERT, MetaChange.set("{\"v\":\"old\"}"), PayloadChange.KEEP);
            store.readMeta("old");
            assertEquals(List.of("old"), store.list());
            assertEquals(List.of("old"), store.list());
            Files.move(db, dir.resolve("db-moved"));
            Files.createDirectory(db);
            Files.writeString(db.resolve("new.json"), "{\"v\":\"new\"}");
            Files.writeString(db.resolve("old.json"), "{\"v\":\"replaced\"}");
            // The store keeps its path; what the path names now is what it must answer with.
            assertEquals(List.of("new", "old"), store.list());
            assertEquals("{\"v\":\"replaced\"}", store.readMeta("old"));
        }
    }

    @Test
    void closingAStoreReleasesItsWatchAndSubDatabasesTakeNone() throws IOException {
        Files.createDirectory(dir.resolve("runs"));
        long before = inotifyDescriptors();
        for (int i = 0; i < 40; i++) {
            try (Store store = open(true)) {
                store.write("e" + i, WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
                store.readMeta("e" + i);
                Store sub = store.sub("runs"); // a statement's sub-database store is never closed
                sub.write("s" + i, WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
                sub.readMeta("s" + i);
                sub.list();
                sub.list();
                assertEquals(before + 1, inotifyDescriptors(), "one watch while the store is open");
            }
        }
        assertEquals(before, inotifyDescriptors(), "inotify descriptors left open");
        try (Store store = open(true)) {
            assertNull(store.readMeta("missing"));
        }
    }

    private static long inotifyDescriptors() throws IOException {
        long n = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().contains("inotify")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        }
        return n;
    }
}
