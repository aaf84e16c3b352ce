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

class MetaCacheTest {
    @TempDir
    Path dir;

    private final AtomicInteger opens = new AtomicInteger();

    private Store open() {
        StorageIO counting = new StorageIO() {
            @Override
            public FileChannel openRead(Path file) throws IOException {
                if (file.getFileName().toString().endsWith(".json")) {
                    opens.incrementAndGet();
                }
                return StorageIO.super.openRead(file);
            }
        };
        return Store.open(dir, StoreOptions.defaults().withIo(counting));
    }

    private void settle(String name) throws IOException {
        Files.setLastModifiedTime(dir.resolve(name + ".json"), FileTime.from(Instant.now().minusSeconds(60)));
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
}
