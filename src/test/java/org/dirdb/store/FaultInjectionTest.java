package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An I/O error at every write point of a payload+metadata update: the error reaches the caller, the
 * entry stays whole (old before the commit point, new after it), nothing is left behind once the store
 * is reopened, and after a failed fsync the store refuses writes.
 */
class FaultInjectionTest {
    @TempDir
    Path root;

    /** Fails the n-th mutating call (1-based) with the given message; counts them all. */
    static final class Faulty implements StorageIO {
        final int failAt;
        final AtomicInteger calls = new AtomicInteger();
        final List<String> points = new ArrayList<>();
        String failedPoint;

        Faulty(int failAt) {
            this.failAt = failAt;
        }

        private void point(String what) throws IOException {
            int n = calls.incrementAndGet();
            points.add(what);
            if (n == failAt) {
                failedPoint = what;
                throw new IOException("injected fault at " + what + " (" + (what.startsWith("write") ? "ENOSPC" : "EIO") + ")");
            }
        }

        @Override
        public FileChannel createNew(Path file) throws IOException {
            point("create");
            return StorageIO.super.createNew(file);
        }

        @Override
        public int write(FileChannel channel, ByteBuffer source) throws IOException {
            point("write");
            return StorageIO.super.write(channel, source);
        }

        @Override
        public int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
            point("write-at");
            return StorageIO.super.write(channel, source, position);
        }

        @Override
        public void force(FileChannel channel) throws IOException {
            point("fsync");
            StorageIO.super.force(channel);
        }

        @Override
        public void atomicMove(Path source, Path target) throws IOException {
            point("rename");
            StorageIO.super.atomicMove(source, target);
        }

        @Override
        public boolean deleteIfExists(Path file) throws IOException {
            point("unlink");
            return StorageIO.super.deleteIfExists(file);
        }

        @Override
        public void createSymbolicLink(Path link, String target) throws IOException {
            point("create-marker");
            StorageIO.super.createSymbolicLink(link, target);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            point("fsync-dir");
            StorageIO.super.syncDirectory(directory);
        }
    }

    private static byte[] payload(Store store) throws IOException {
        try (InputStream in = store.openPayload(store.payload("x"))) {
            return in.readAllBytes();
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFaultAtEveryWritePointLeavesTheEntryWholeAndNothingBehind() throws IOException {
        byte[] oldData = new byte[3000];
        byte[] newData = new byte[5000];
        java.util.Arrays.fill(newData, (byte) 7);
        int points = 0;
        List<String> seen = new ArrayList<>();
        for (int k = 1; ; k++) {
            Path dir = root.resolve("k" + k);
            try (Store store = Store.open(dir, StoreOptions.defaults())) {
                store.write("x", WriteMode.INSERT, MetaChange.set("{\"v\":1}"), PayloadChange.of(oldData));
            }
            Faulty io = new Faulty(k);
            boolean failed;
            try (Store store = Store.open(dir, StoreOptions.defaults().withIo(io))) {
                io.calls.set(0);
                io.points.clear();
                try {
                    store.write("x", WriteMode.UPDATE, MetaChange.set("{\"v\":2}"), PayloadChange.of(newData));
                    failed = false;
                } catch (StoreException e) {
                    failed = true;
                    assertTrue(e.getMessage().contains("injected fault"), e.getMessage());
                    assertTrue(e.getMessage().contains("'x'") || e.getMessage().contains("x"), e.getMessage());
                    if (io.failedPoint.startsWith("fsync")) {
                        StoreException refused = assertThrows(StoreException.class, () -> store.write("y",
                                WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP));
                        assertEquals(StoreException.Reason.POISONED, refused.reason(), "after " + io.failedPoint);
                    }
                }
            }
            if (!failed) {
                assertEquals(k - 1, points, "every point before the last was injected once");
                break;
            }
            points++;
            seen.add(io.failedPoint);
            try (Store store = Store.open(dir, StoreOptions.defaults())) {
                String meta = store.readMeta("x");
                byte[] data = payload(store);
                boolean old = meta.equals("{\"v\":1}") && java.util.Arrays.equals(data, oldData);
                boolean neu = meta.equals("{\"v\":2}") && java.util.Arrays.equals(data, newData);
                if (!old && !neu) {
                    fail("torn entry after a fault at " + io.failedPoint + " (#" + k + "): meta " + meta);
                }
            }
            assertEquals(List.of("x.json", "x.lock", "x.pickle"), files(dir), "after a fault at " + io.failedPoint);
        }
        assertTrue(points >= 10, "write points exercised: " + seen);
        assertTrue(seen.containsAll(List.of("create", "write", "write-at", "fsync", "rename", "fsync-dir")), seen.toString());
    }

    @Test
    void shortWritesAreLoopedOver() throws IOException {
        StorageIO trickle = new StorageIO() {
            @Override
            public int write(FileChannel channel, ByteBuffer source) throws IOException {
                ByteBuffer part = source.slice();
                part.limit(Math.min(part.remaining(), 7));
                int n = channel.write(part);
                source.position(source.position() + n);
                return n;
            }
        };
        byte[] data = new byte[10_000];
        new java.util.Random(3).nextBytes(data);
        try (Store store = Store.open(root, StoreOptions.defaults().withIo(trickle))) {
            store.write("x", WriteMode.INSERT, MetaChange.set("{\"long\": \"" + "a".repeat(100) + "\"}"),
                    PayloadChange.of(data));
            assertArrayEquals(data, payload(store));
            assertTrue(store.readMeta("x").contains("a".repeat(100)));
        }
    }
}
