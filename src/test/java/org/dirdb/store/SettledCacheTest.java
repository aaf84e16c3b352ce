package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettledCacheTest {
    @TempDir
    Path dir;

    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger pickleOpens = new AtomicInteger();

    private Store open() {
        StorageIO counting = new StorageIO() {
            @Override
            public FileChannel openRead(Path file) throws IOException {
                if (file.getFileName().toString().endsWith(".json")) {
                    opens.incrementAndGet();
                }
                if (file.getFileName().toString().endsWith(".pickle")) {
                    pickleOpens.incrementAndGet();
                }
                return StorageIO.super.openRead(file);
            }
        };
        // Validation by a stat, as where no exact change notification exists (ChangeJournalTest covers the watch).
        return Store.open(dir, StoreOptions.defaults().withIo(counting).withWatch(false));
    }

    private void settle(String name) throws IOException {
        for (String suffix : new String[] {".json", ".pickle"}) {
            if (Files.exists(dir.resolve(name + suffix))) {
                Files.setLastModifiedTime(dir.resolve(name + suffix), FileTime.from(Instant.now().minusSeconds(60)));
            }
        }
    }

    @Test
    void aSettledPayloadsPlaceIsServedFromAStatAndARewriteIsSeen() throws IOException {
        try (Store store = open()) {
            store.write("p", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[] {1, 2, 3}));
            settle("p");
            for (int i = 0; i < 4; i++) {
                assertEquals(3, store.payload("p").length());
            }
            assertEquals(1, pickleOpens.get(), "header reads of p.pickle");
            store.write("p", WriteMode.UPDATE, MetaChange.KEEP, PayloadChange.of(new byte[] {1, 2, 3, 4, 5}));
            assertEquals(5, store.payload("p").length(), "a replaced payload is examined again");
            try (var in = store.openPayload(store.payload("p"))) {
                assertEquals(5, in.readAllBytes().length);
            }
        }
    }

    @Test
    void aSettledFileIsReadOnceAndThenServedFromAStat() throws IOException {
        try (Store store = open()) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.KEEP);
            settle("a");
            for (int i = 0; i < 5; i++) {
                assertEquals("{\"n\":1}", store.readMeta("a"));
            }
            assertEquals(1, opens.get(), "opens of a.json");
        }
    }

    @Test
    void anInPlaceRewriteIsSeenAtOnce() throws IOException {
        try (Store store = open()) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.KEEP);
            settle("a");
            assertEquals("{\"n\":1}", store.readMeta("a"));
            Files.writeString(dir.resolve("a.json"), "{\"n\":2}"); // same size, the way Python rewrites
            assertEquals("{\"n\":2}", store.readMeta("a"));
        }
    }

    @Test
    void aReplacementByAnotherWriterIsSeenAtOnce() throws IOException {
        try (Store store = open(); Store other = Store.open(dir, StoreOptions.defaults())) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.KEEP);
            settle("a");
            assertEquals("{\"n\":1}", store.readMeta("a"));
            other.write("a", WriteMode.UPDATE, MetaChange.set("{\"n\":3}"), PayloadChange.KEEP);
            assertEquals("{\"n\":3}", store.readMeta("a"));
            other.write("a", WriteMode.UPDATE, MetaChange.REMOVE, PayloadChange.of(new byte[] {1}));
            assertEquals(null, store.readMeta("a"));
        }
    }

    @Test
    void aRecentlyModifiedFileIsReadEveryTime() throws IOException {
        try (Store store = open()) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{\"n\":1}"), PayloadChange.KEEP);
            for (int i = 0; i < 3; i++) {
                assertEquals("{\"n\":1}", store.readMeta("a"));
            }
            assertEquals(3, opens.get(), "a file modified within the last seconds is never trusted to a stat");
        }
    }

    /** Room made for a listing's values never drops one that is held, and a fresh table works as the old. */
    @Test
    void makingRoomKeepsWhatIsHeld() throws IOException {
        Files.writeString(dir.resolve("a.json"), "{}");
        var attrs = Files.readAttributes(dir.resolve("a.json"), java.nio.file.attribute.BasicFileAttributes.class);
        SettledCache<String> cache = new SettledCache<>(String::length, 1 << 10, 1 << 20);
        cache.putProven("a", attrs, "{}");
        cache.expect(10_000);
        assertEquals("{}", cache.get("a", attrs), "held before room was made");
        cache.clear();
        cache.expect(10_000);
        assertEquals(null, cache.get("a", attrs));
        cache.putProven("a", attrs, "{}");
        assertEquals("{}", cache.get("a", attrs), "kept in the new table");
        cache.forget("a");
        assertEquals(false, cache.has("a"));
    }
}
