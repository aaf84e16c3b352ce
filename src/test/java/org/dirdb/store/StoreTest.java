package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path dir;

    private Store open() {
        return Store.open(dir, StoreOptions.defaults());
    }

    private static byte[] read(Store store, Payload p) throws IOException {
        try (InputStream in = store.openPayload(p)) {
            return in.readAllBytes();
        }
    }

    /** A stream that hands out its bytes in irregular pieces, as a network or decompressing stream does. */
    private static InputStream inPieces(byte[] data, long seed) {
        Random sizes = new Random(seed);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + sizes.nextInt(sizes.nextBoolean() ? 97 : 400_000)));
            }
        };
    }

    @Test
    void payloadsStreamedInIrregularPiecesAreWrittenExactly() throws IOException {
        for (boolean sync : new boolean[] {false, true}) {
            Path where = dir.resolve("sync-" + sync);
            try (Store store = Store.open(where, StoreOptions.defaults().withSync(sync))) {
                for (int i = 0; i < 6; i++) {
                    byte[] data = new byte[(300 << 10) * i + 13 * i + 1];
                    new Random(i).nextBytes(data);
                    assertTrue(store.write("e" + i, WriteMode.INSERT, MetaChange.KEEP,
                            PayloadChange.of(inPieces(data, i), i % 2 == 0 ? data.length : -1)));
                    byte[] file = Files.readAllBytes(where.resolve("e" + i + ".pickle"));
                    assertEquals(data.length + 12, file.length, "entry e" + i);
                    assertArrayEquals(data, java.util.Arrays.copyOfRange(file, PickleLayout.WRITTEN_HEADER,
                            file.length - 1), "entry e" + i + ", sync=" + sync);
                    assertArrayEquals(data, read(store, store.payload("e" + i)));
                }
            }
        }
    }

    @Test
    void insertWritesThePythonLayoutAndReadsItBack() throws IOException {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        try (Store store = open()) {
            assertTrue(store.write("run-1", WriteMode.INSERT, MetaChange.set("{\"epoch\": 3}"), PayloadChange.of(data)));
            assertEquals(List.of("run-1"), store.list());
            assertEquals("{\"epoch\": 3}", store.readMeta("run-1"));
            Payload p = store.payload("run-1");
            assertEquals(Payload.Format.BYTES, p.format());
            assertEquals(data.length, p.length());
            assertEquals(PickleLayout.WRITTEN_HEADER, p.offset());
            assertArrayEquals(data, read(store, p));
        }
        byte[] file = Files.readAllBytes(dir.resolve("run-1.pickle"));
        assertEquals(data.length + 12, file.length);
        assertEquals((byte) 0x80, file[0]);
        assertEquals('.', file[file.length - 1]);
        assertTrue(Files.exists(dir.resolve("run-1.lock")), "the lock file stays");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("run-1.json", "run-1.lock", "run-1.pickle"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temp file or record left");
        }
    }

    /**
     * A lookup that reads the bytes next reads a small payload whole, with its location, under the shared lock
     * (an exclusive lock cannot be taken on another descriptor meanwhile, as a Python writer would try), opens
     * the file once, and serves the bytes once; a larger payload is only located and streamed from its file.
     * With {@code lockReads}: without it, a small file may be read without the lock instead
     * ({@link UnlockedReadTest}), with the same single open.
     */
    @Test
    void aSmallPayloadIsReadWithItsLocationUnderTheSharedLock() throws IOException {
        List<String> opened = new ArrayList<>();
        StorageIO io = new StorageIO() {
            @Override
            public FileChannel openRead(Path file) throws IOException {
                String f = file.getFileName().toString();
                if (f.endsWith(".pickle")) {
                    int fd = NativeFlock.openLockFile(file.resolveSibling(f.replace(".pickle", ".lock")), false);
                    try {
                        opened.add(f + (NativeFlock.tryLock(fd, true) ? " without the lock" : " under the lock"));
                    } finally {
                        NativeFlock.closeQuietly(fd);
                    }
                }
                return StorageIO.super.openRead(file);
            }
        };
        byte[] small = new byte[(64 << 10) - 12]; // the largest payload whose file is read whole
        byte[] big = new byte[(64 << 10) - 11];
        new Random(3).nextBytes(small);
        new Random(4).nextBytes(big);
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(io).withLockReads(true))) {
            store.write("small", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(small));
            store.write("big", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(big));
            opened.clear();

            Store.Lookup lookup = store.lookup("small");
            Payload p = lookup.payloadToRead();
            assertEquals(List.of("small.pickle under the lock"), opened);
            try (InputStream in = lookup.takeRead(p)) {
                assertArrayEquals(small, in.readAllBytes());
            }
            assertNull(lookup.takeRead(p), "the bytes are served once");
            assertEquals(List.of("small.pickle under the lock"), opened, "from memory");
            assertArrayEquals(small, read(store, p), "the payload still opens as usual");

            opened.clear();
            Store.Lookup bigLookup = store.lookup("big");
            Payload q = bigLookup.payloadToRead();
            assertNull(bigLookup.takeRead(q), "a larger payload is streamed from its file");
            assertArrayEquals(big, read(store, q));
            assertEquals(List.of("big.pickle under the lock"), opened, "located from its record, opened once");

            // The same under the lock that reads metadata and payload together for one row.
            opened.clear();
            Store.Lookup both = store.lookup("small");
            Store.Version version = both.versionToRead();
            assertEquals("{}", version.meta());
            try (InputStream in = both.takeRead(version.payload())) {
                assertArrayEquals(small, in.readAllBytes());
            }
            assertEquals(List.of("small.pickle under the lock"), opened);
            assertNull(both.takeRead(p), "only for the payload handed out with the bytes");
        }
    }

    @Test
    void streamWithoutLengthIsCountedAndStreamWithLengthIsExact() throws IOException {
        try (Store store = open()) {
            store.write("a", WriteMode.INSERT, MetaChange.KEEP,
                    PayloadChange.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)), -1));
            assertEquals(5, store.payload("a").length());
            store.write("b", WriteMode.INSERT, MetaChange.KEEP,
                    PayloadChange.of(new ByteArrayInputStream("hello world".getBytes(StandardCharsets.US_ASCII)), 5));
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), read(store, store.payload("b")));
            DirSnapshot before = DirSnapshot.contentsOf(dir);
            StoreException short1 = assertThrows(StoreException.class, () -> store.write("c", WriteMode.INSERT,
                    MetaChange.KEEP, PayloadChange.of(new ByteArrayInputStream(new byte[3]), 10)));
            assertEquals(StoreException.Reason.INVALID_DATA, short1.reason());
            assertEquals(before, DirSnapshot.contentsOf(dir), "the temp file is gone again");
        }
    }

    @Test
    void insertOfAnExistingEntryFailsAndChangesNothing() {
        try (Store store = open()) {
            store.write("x", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1}));
            DirSnapshot before = DirSnapshot.of(dir);
            StoreException e = assertThrows(StoreException.class, () -> store.write("x", WriteMode.INSERT,
                    MetaChange.set("{\"a\":1}"), PayloadChange.of(new byte[] {2})));
            assertEquals(StoreException.Reason.EXISTS, e.reason());
            assertTrue(e.getMessage().contains("'x'"), e.getMessage());
            assertEquals(before, DirSnapshot.of(dir));
        }
    }

    @Test
    void updateOfAMissingEntryReportsFalseAndCreatesNoFile() {
        try (Store store = open()) {
            DirSnapshot before = DirSnapshot.of(dir);
            assertFalse(store.write("ghost", WriteMode.UPDATE, MetaChange.set("{}"), PayloadChange.KEEP));
            assertFalse(store.delete("ghost"));
            assertNull(store.readMeta("ghost"));
            assertNull(store.payload("ghost"));
            assertNull(store.stat("ghost"));
            assertEquals(before, DirSnapshot.of(dir));
        }
    }

    @Test
    void metadataOnlyEntriesExistAndNullingBothIsRefused() {
        try (Store store = open()) {
            store.write("m", WriteMode.INSERT, MetaChange.set("{\"k\": NaN}"), PayloadChange.KEEP);
            EntryStat stat = store.stat("m");
            assertTrue(stat.hasMeta());
            assertFalse(stat.hasPayload());
            assertNull(store.payload("m"));
            assertEquals(List.of("m"), store.list());
            StoreException e = assertThrows(StoreException.class,
                    () -> store.write("m", WriteMode.UPDATE, MetaChange.REMOVE, PayloadChange.KEEP));
            assertEquals(StoreException.Reason.EMPTY_ENTRY, e.reason());
            assertThrows(StoreException.class,
                    () -> store.write("n", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.KEEP));
        }
    }

    @Test
    void settingMetaToNullRemovesTheJsonFile() {
        try (Store store = open()) {
            store.write("e", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {7}));
            assertTrue(store.write("e", WriteMode.UPDATE, MetaChange.REMOVE, PayloadChange.KEEP));
            assertFalse(Files.exists(dir.resolve("e.json")));
            assertNull(store.readMeta("e"));
            assertTrue(store.delete("e"));
            assertEquals(List.of(), store.list());
            assertTrue(Files.exists(dir.resolve("e.lock")), "lock files are never deleted");
        }
    }

    @Test
    void invalidMetadataIsRefusedBeforeAnythingIsWritten() {
        try (Store store = open()) {
            DirSnapshot before = DirSnapshot.of(dir);
            for (String bad : new String[] {"{", "[1,2]", "42", "\"s\"", "null", "{} {}", ""}) {
                StoreException e = assertThrows(StoreException.class, () -> store.write("j", WriteMode.INSERT,
                        MetaChange.set(bad), PayloadChange.of(new byte[] {1})), bad);
                assertEquals(StoreException.Reason.INVALID_META, e.reason(), bad);
            }
            assertEquals(before, DirSnapshot.of(dir));
        }
    }

    @Test
    void transformIsAReadModifyWriteUnderTheLock() {
        try (Store store = open()) {
            store.write("t", WriteMode.INSERT, MetaChange.set("{\"n\": 1}"), PayloadChange.KEEP);
            store.write("t", WriteMode.UPDATE, new MetaChange.Transform(old -> old.replace("1", "2")), PayloadChange.KEEP);
            assertEquals("{\"n\": 2}", store.readMeta("t"));
        }
    }

    @Test
    void payloadReplacedAfterItWasExaminedIsReportedAsChanged() throws IOException {
        try (Store store = open()) {
            store.write("c", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[] {1, 2, 3}));
            Payload old = store.payload("c");
            InputStream stillOpen = store.openPayload(old);
            store.write("c", WriteMode.UPDATE, MetaChange.KEEP, PayloadChange.of(new byte[] {9, 9, 9, 9}));
            assertArrayEquals(new byte[] {1, 2, 3}, stillOpen.readAllBytes(), "an open stream keeps its version");
            stillOpen.close();
            StoreException e = assertThrows(StoreException.class, () -> store.openPayload(old));
            assertEquals(StoreException.Reason.CHANGED, e.reason());
            assertArrayEquals(new byte[] {9, 9, 9, 9}, read(store, store.payload("c")));
        }
    }

    @Test
    void truncatedPickleIsAnErrorNamingTheEntryAndIsNeverRewritten() throws IOException {
        try (Store store = open()) {
            store.write("t", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[1000]));
        }
        Path file = dir.resolve("t.pickle");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, 500));
        DirSnapshot before = DirSnapshot.of(dir);
        try (Store store = open()) {
            StoreException e = assertThrows(StoreException.class, () -> store.payload("t"));
            assertEquals(StoreException.Reason.CORRUPT, e.reason());
            assertTrue(e.getMessage().contains("'t'"), e.getMessage());
            assertEquals(List.of("t"), store.list());
        }
        assertEquals(before, DirSnapshot.of(dir));
    }

    @Test
    void symlinkedFilesAreNeverFollowed(@TempDir Path outside) throws IOException {
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, "{\"secret\": true}");
        Files.createSymbolicLink(dir.resolve("evil.json"), secret);
        Files.createSymbolicLink(dir.resolve("evil.lock"), outside.resolve("created-by-lock"));
        try (Store store = open()) {
            StoreException read = assertThrows(StoreException.class, () -> store.readMeta("evil"));
            assertTrue(read.getMessage().contains("symbolic link"), read.getMessage());
            assertThrows(StoreException.class, () -> store.write("evil", WriteMode.UPDATE,
                    MetaChange.set("{}"), PayloadChange.KEEP));
        }
        assertEquals("{\"secret\": true}", Files.readString(secret));
        assertFalse(Files.exists(outside.resolve("created-by-lock")), "no file created through a planted link");
    }

    @Test
    void readOnlyStoreRefusesWrites() {
        try (Store store = open()) {
            store.write("r", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
        }
        try (Store store = Store.open(dir, StoreOptions.defaults().withReadOnly(true))) {
            assertEquals("{}", store.readMeta("r"));
            StoreException e = assertThrows(StoreException.class, () -> store.delete("r"));
            assertEquals(StoreException.Reason.READ_ONLY, e.reason());
        }
    }

    @Test
    void missingDirectoryIsCreatedUnlessCreateIsFalse() {
        Path nested = dir.resolve("a/b");
        StoreException e = assertThrows(StoreException.class,
                () -> Store.open(nested, StoreOptions.defaults().withCreate(false)));
        assertEquals(StoreException.Reason.NOT_FOUND, e.reason());
        assertFalse(Files.exists(nested));
        try (Store store = Store.open(nested, StoreOptions.defaults())) {
            assertTrue(Files.isDirectory(nested));
            assertEquals(List.of(), store.list());
        }
    }

    @Test
    void closedStoreRefusesCalls() {
        Store store = open();
        store.close();
        store.close();
        StoreException e = assertThrows(StoreException.class, store::list);
        assertEquals(StoreException.Reason.CLOSED, e.reason());
    }
}
