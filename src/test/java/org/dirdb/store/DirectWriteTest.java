package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big payloads written around the page cache ({@link DirectPickleWriter}): the file is byte for byte what
 * a buffered write makes (the layout Python reads), whatever the payload's length against the chunks and
 * the alignment; the direct path is taken only when it should be; a file system that refuses direct I/O
 * gets a buffered write; and a failure in the middle of a direct write fails the statement and leaves the
 * old version and no temp file.
 */
class DirectWriteTest {
    /** Chunks of two pages, so that small payloads cross several chunks. */
    private static final long MIN = 8192;

    @TempDir
    Path dir;

    /** Counts the direct opens and writes, and can fail or shorten them. */
    private static class Counting implements StorageIO {
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        volatile int failWriteAt = -1;
        volatile boolean refuseOpen;
        volatile boolean shortWrites;

        @Override
        public FileChannel openDirect(Path file) throws IOException {
            opens.incrementAndGet();
            if (refuseOpen) {
                throw new IOException(file + ": Invalid argument");
            }
            return StorageIO.super.openDirect(file);
        }

        @Override
        public int writeDirect(FileChannel channel, ByteBuffer source, long position) throws IOException {
            if (writes.incrementAndGet() == failWriteAt) {
                throw new IOException("injected: Input/output error");
            }
            if (shortWrites) {
                // one page, reported whole or (every other call) as 1,000 bytes, a count off the alignment:
                // both must still give the same file
                StorageIO.super.writeDirect(channel, source.slice().limit(4096), position);
                int n = writes.get() % 2 == 0 ? 4096 : 1000;
                source.position(source.position() + n);
                return n;
            }
            return StorageIO.super.writeDirect(channel, source, position);
        }
    }

    @BeforeEach
    void requireADiskFileSystem() throws IOException {
        Assumptions.assumeTrue(LocalFileSystems.onDisk(Files.getFileStore(dir)),
                "direct writes are used on local disk file systems only; " + dir + " is "
                        + Files.getFileStore(dir).type());
    }

    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(Store store, String name) throws IOException {
        try (InputStream in = store.openPayload(store.payload(name))) {
            return in.readAllBytes();
        }
    }

    private Store open(Counting io) {
        return Store.open(dir, StoreOptions.defaults().withIo(io).withDirectWriteMin(MIN));
    }

    /** Exactly what a buffered write leaves: header, payload, STOP, and the pickle layout Python reads. */
    private void assertWhole(Store store, String name, byte[] data) throws IOException {
        byte[] file = Files.readAllBytes(dir.resolve(name + ".pickle"));
        assertEquals(data.length + 12, file.length, name);
        ByteBuffer expected = ByteBuffer.allocate(data.length + 12);
        expected.put(PickleLayout.header(data.length)).put(data).put(PickleLayout.trailer());
        assertArrayEquals(expected.array(), file, name + ": the file differs from a buffered write's");
        Payload p = store.payload(name);
        assertEquals(Payload.Format.BYTES, p.format());
        assertEquals(data.length, p.length());
        assertArrayEquals(data, read(store, name), name);
    }

    private List<String> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
        }
    }

    @Test
    void everyLengthAroundTheChunksAndTheAlignmentGivesTheSameFileAsABufferedWrite() throws IOException {
        Counting io = new Counting();
        // payloads from directWriteMin up; files (payload + 12 bytes) at, just below and just above two and
        // three chunks of 8 KiB, and larger ones with and without a tail off the alignment
        int[] sizes = {8192, 16372, 16373, 16371, 24564, 24565, 40_000, 1 << 20, (1 << 20) + 4095, (1 << 20) - 12};
        List<String> names = new ArrayList<>();
        try (Store store = open(io)) {
            for (int size : sizes) {
                String name = "p" + size;
                names.add(name);
                assertTrue(store.write(name, WriteMode.INSERT, MetaChange.set("{\"size\": " + size + "}"),
                        PayloadChange.of(data(size, size))));
            }
            for (int i = 0; i < sizes.length; i++) {
                assertWhole(store, names.get(i), data(sizes[i], sizes[i]));
            }
        }
        assertEquals(sizes.length, io.opens.get(), "every payload of at least directWriteMin went direct");
        assertTrue(io.writes.get() > 2 * sizes.length, "direct writes: " + io.writes.get());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void aStreamOfUnknownLengthGoesDirectAndASmallOneThroughThePageCache() throws IOException {
        Counting io = new Counting();
        byte[] big = data(100_003, 7);
        byte[] small = data(5000, 8);
        try (Store store = open(io)) {
            store.write("big", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new ByteArrayInputStream(big), -1));
            int afterBig = io.writes.get();
            assertTrue(afterBig > 0, "an unknown length is written direct once it fills a chunk");
            store.write("small", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new ByteArrayInputStream(small), -1));
            assertEquals(afterBig, io.writes.get(), "a stream smaller than one chunk is written through the page cache");
            assertWhole(store, "big", big);
            assertWhole(store, "small", small);
        }
    }

    @Test
    void onlyDurableWritesOfBigPayloadsGoDirect() throws IOException {
        Counting io = new Counting();
        try (Store store = open(io)) {
            store.write("below", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data((int) MIN - 1, 1)));
        }
        assertEquals(0, io.opens.get(), "a payload known to be below directWriteMin");
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(io).withDirectWriteMin(MIN).withSync(false))) {
            store.write("nosync", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data(100_000, 2)));
        }
        assertEquals(0, io.opens.get(), "sync=false writes through the page cache");
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(io).withDirectWriteMin(0))) {
            store.write("off", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data(100_000, 3)));
            assertWhole(store, "off", data(100_000, 3));
        }
        assertEquals(0, io.opens.get(), "directWriteMin=0 turns direct writes off");
    }

    @Test
    void aFileSystemThatRefusesDirectIoGetsBufferedWritesAndIsNotAskedAgain() throws IOException {
        Counting io = new Counting();
        io.refuseOpen = true;
        try (Store store = open(io)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(store.write("e" + i, WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data(50_000, i))));
                assertWhole(store, "e" + i, data(50_000, i));
            }
        }
        assertEquals(1, io.opens.get(), "asked once");
        assertEquals(0, io.writes.get());
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void shortDirectWritesStillGiveTheWholeFile() throws IOException {
        Counting io = new Counting();
        io.shortWrites = true;
        try (Store store = open(io)) {
            for (int size : new int[] {40_000, 100_003, 16372}) {
                store.write("s" + size, WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data(size, size)));
                assertWhole(store, "s" + size, data(size, size));
            }
        }
    }

    @Test
    void aFailedDirectWriteFailsTheStatementAndKeepsTheOldVersion() throws IOException {
        byte[] old = data(30_000, 1);
        try (Store store = open(new Counting())) {
            store.write("x", WriteMode.INSERT, MetaChange.set("{\"v\": 1}"), PayloadChange.of(old));
        }
        // the first chunk, a chunk in flight while the next one fills, and the first block's rewrite at the end
        for (int failAt : new int[] {1, 3, 13}) {
            Counting io = new Counting();
            io.failWriteAt = failAt;
            try (Store store = open(io)) {
                StoreException e = assertThrows(StoreException.class, () -> store.write("x", WriteMode.UPDATE,
                        MetaChange.set("{\"v\": 2}"), PayloadChange.of(data(100_000, 2))));
                assertEquals(StoreException.Reason.IO, e.reason(), e.getMessage());
                assertTrue(e.getMessage().contains("injected"), e.getMessage());
                assertEquals("x", e.entry());
                assertTrue(e.getMessage().contains(dir.toString() + "/."), "names the temp file: " + e.getMessage());
            }
            try (Store store = Store.open(dir, StoreOptions.defaults())) {
                assertEquals("{\"v\": 1}", store.readMeta("x"));
                assertArrayEquals(old, read(store, "x"), "fault at direct write " + failAt);
            }
            assertEquals(List.of(), tempFiles(), "fault at direct write " + failAt);
        }
    }

    @Test
    void aStreamThatFailsWhileAChunkIsInFlightLeavesNothingBehind() throws IOException {
        byte[] old = data(30_000, 1);
        Counting io = new Counting();
        try (Store store = open(io)) {
            store.write("x", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(old));
            InputStream failing = new InputStream() {
                private int given;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (given > 50_000) {
                        throw new IOException("the producer died");
                    }
                    int n = Math.min(len, 4000);
                    given += n;
                    return n;
                }
            };
            StoreException e = assertThrows(StoreException.class, () -> store.write("x", WriteMode.UPDATE,
                    MetaChange.KEEP, PayloadChange.of(failing, 200_000)));
            assertEquals(StoreException.Reason.INVALID_DATA, e.reason(), e.getMessage());
            assertTrue(io.writes.get() > 2, "chunks went out before the failure: " + io.writes.get());
            assertArrayEquals(old, read(store, "x"));
        }
        assertEquals(List.of(), tempFiles());
    }
}
