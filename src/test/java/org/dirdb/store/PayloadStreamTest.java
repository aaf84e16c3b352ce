package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payload streams return every byte in order whatever the caller's read sizes, through the chunked path too. */
class PayloadStreamTest {
    @TempDir
    Path dir;

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    private static byte[] drain(InputStream in, int bufferSize, int offset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[bufferSize + offset];
        int n;
        while ((n = in.read(buffer, offset, bufferSize)) > 0) {
            out.write(buffer, offset, n);
        }
        return out.toByteArray();
    }

    /** Writes {@code data} as the payload of entry {@code name} and returns where it lies. */
    private static Payload put(Store store, String name, byte[] data) {
        store.write(name, WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data));
        return store.payload(name);
    }

    @Test
    void largeAndSmallReadsReturnThePayloadExactly() throws IOException {
        byte[] data = random((3 << 20) / 2 + 13); // not a multiple of any chunk
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            Payload payload = put(store, "p", data);
            for (int size : new int[] {1, 4096, 8 << 10, (256 << 10) - 1, 256 << 10, 1 << 20, 3 << 20}) {
                try (InputStream in = store.openPayload(payload)) {
                    assertArrayEquals(data, drain(in, size, 3), "reads of " + size);
                }
            }
            try (InputStream in = store.openPayload(payload, 300_000, 700_001)) {
                assertArrayEquals(Arrays.copyOfRange(data, 300_000, 1_000_001), drain(in, 1 << 20, 0));
            }
        }
    }

    @Test
    void readsStartingAtEveryOffsetOfACacheLineReturnTheRightBytes() throws IOException {
        // the chunked path places each read by the file position's offset in a 64-byte line
        byte[] data = random((600 << 10) + 77);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            Payload payload = put(store, "a", data);
            for (int start = 0; start < 130; start++) {
                int length = (256 << 10) + 1000 + start; // crosses a chunk boundary
                byte[] expected = Arrays.copyOfRange(data, start, start + length);
                try (InputStream in = store.openPayload(payload, start, length)) {
                    assertArrayEquals(expected, drain(in, 1 << 20, start % 7), "from byte " + start);
                }
                try (InputStream in = store.openPayload(payload, start, length)) {
                    assertArrayEquals(expected, drain(in, (8 << 10) + start, 0), "from byte " + start + ", small reads");
                }
            }
        }
    }

    @Test
    void twoStreamsReadAlternatelyOnOneThreadKeepTheirOwnBytes() throws IOException {
        byte[] first = random((1 << 20) + 5);
        byte[] second = random((1 << 20) + 39);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            store.write("x", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(first));
            store.write("y", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(second));
            ByteArrayOutputStream gotFirst = new ByteArrayOutputStream();
            ByteArrayOutputStream gotSecond = new ByteArrayOutputStream();
            try (InputStream a = store.openPayload(store.payload("x"));
                    InputStream b = store.openPayload(store.payload("y"))) {
                byte[] buffer = new byte[100_003];
                boolean aDone = false;
                boolean bDone = false;
                while (!aDone || !bDone) {
                    int n;
                    if (!aDone && (n = a.read(buffer, 0, buffer.length)) > 0) {
                        gotFirst.write(buffer, 0, n);
                    } else {
                        aDone = true;
                    }
                    if (!bDone && (n = b.read(buffer, 0, buffer.length)) > 0) {
                        gotSecond.write(buffer, 0, n);
                    } else {
                        bDone = true;
                    }
                }
            }
            assertArrayEquals(first, gotFirst.toByteArray());
            assertArrayEquals(second, gotSecond.toByteArray());
        }
    }

    @Test
    void threadsThatReadOneAfterAnotherReuseOneNativeBuffer() throws Exception {
        // A read holds a buffer only while it runs: fifty short-lived threads (a thread per request, virtual
        // threads) need one buffer between them, where they used to allocate one each, kept until collected.
        byte[] data = random((1 << 20) + 17);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            Payload payload = put(store, "s", data);
            try (InputStream in = store.openPayload(payload)) {
                drain(in, 1 << 20, 0); // the first buffer, if none was made yet
            }
            int before = AlignedChunks.made();
            long missedBefore = AlignedChunks.missed();
            for (int i = 0; i < 50; i++) {
                byte[][] got = new byte[1][];
                Throwable[] failed = new Throwable[1];
                Thread reader = new Thread(() -> {
                    try (InputStream in = store.openPayload(payload)) {
                        got[0] = drain(in, 1 << 20, 0);
                    } catch (Throwable t) {
                        failed[0] = t;
                    }
                });
                reader.start();
                reader.join();
                if (failed[0] != null) {
                    throw new AssertionError("thread " + i, failed[0]);
                }
                assertArrayEquals(data, got[0], "thread " + i);
            }
            assertEquals(0, AlignedChunks.made() - before, "buffers made for 50 threads in turn");
            assertEquals(0, AlignedChunks.missed() - missedBefore, "reads that found every buffer in use");
        }
    }

    @Test
    void atMostKeptBuffersEverExistAndAReleasedOneIsTheNextHandedOut() {
        // Tests run one at a time in this JVM: no other read holds a buffer meanwhile.
        java.util.List<java.nio.ByteBuffer> held = new java.util.ArrayList<>();
        try {
            java.nio.ByteBuffer b;
            while ((b = AlignedChunks.acquire()) != null) {
                java.nio.ByteBuffer got = b;
                boolean twice = held.stream().anyMatch(other -> other == got);
                held.add(b); // given back in the end whatever is asserted
                assertEquals(false, twice, "a buffer handed out twice");
                assertEquals(true, held.size() <= AlignedChunks.KEPT, "more buffers than " + AlignedChunks.KEPT);
            }
            assertEquals(AlignedChunks.KEPT, held.size());
            assertEquals(AlignedChunks.KEPT, AlignedChunks.made());
            java.nio.ByteBuffer back = held.remove(held.size() - 1);
            AlignedChunks.release(back);
            java.nio.ByteBuffer again = AlignedChunks.acquire();
            if (again != null) {
                held.add(again);
            }
            assertEquals(true, again == back, "the buffer given back is the one free");
            java.nio.ByteBuffer beyond = AlignedChunks.acquire();
            if (beyond != null) {
                held.add(beyond);
            }
            assertEquals(null, beyond);
        } finally {
            held.forEach(AlignedChunks::release);
        }
    }

    @Test
    void readsBeyondTheBuffersKeptGoThroughTheJdkAndReturnTheSameBytes() throws IOException {
        byte[] data = random((1 << 20) + 3);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            Payload payload = put(store, "j", data);
            java.util.List<java.nio.ByteBuffer> held = new java.util.ArrayList<>();
            try {
                java.nio.ByteBuffer b;
                while ((b = AlignedChunks.acquire()) != null) {
                    held.add(b); // every aligned buffer in use by other reads
                }
                try (InputStream in = store.openPayload(payload)) {
                    assertArrayEquals(data, drain(in, (300 << 10) + 1, 5));
                }
                assertEquals(AlignedChunks.KEPT, AlignedChunks.made(), "no buffer made beyond the bound");
            } finally {
                held.forEach(AlignedChunks::release);
            }
        }
    }

    @Test
    void threadsReadingAtOnceEachGetTheirOwnBytes() throws Exception {
        int threads = 12;
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            byte[][] data = new byte[threads][];
            for (int t = 0; t < threads; t++) {
                data[t] = random((1 << 20) + 101 * t);
                store.write("c" + t, WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(data[t]));
            }
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                java.util.List<java.util.concurrent.Future<Integer>> reads = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Payload payload = store.payload("c" + t);
                    byte[] expected = data[t];
                    reads.add(pool.submit(() -> {
                        start.await();
                        for (int round = 0; round < 5; round++) { // many reads each, interleaved with the others'
                            try (InputStream in = store.openPayload(payload)) {
                                assertArrayEquals(expected, drain(in, (64 << 10) + round, 0), "round " + round);
                            }
                        }
                        return 5;
                    }));
                }
                for (int t = 0; t < threads; t++) {
                    assertEquals(5, reads.get(t).get(60, java.util.concurrent.TimeUnit.SECONDS), "thread " + t);
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPayloadTruncatedUnderTheReaderIsAnErrorNotAShortPayload() throws IOException {
        byte[] data = random(2 << 20);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            Payload payload = put(store, "t", data);
            try (InputStream in = store.openPayload(payload)) {
                byte[] buffer = new byte[1 << 20];
                assertEquals(1 << 20, in.read(buffer, 0, buffer.length));
                try (FileChannel ch = FileChannel.open(payload.file(), StandardOpenOption.WRITE)) {
                    ch.truncate(1 << 20); // an in-place writer cuts the file short
                }
                assertThrows(IOException.class, () -> drain(in, 1 << 20, 0));
            }
        }
    }
}
