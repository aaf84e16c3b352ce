package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The payload record ({@code user.dirdb.payload}): its format, when it is written and trusted, that it
 * travels with the temp file through a commit replay, and that no failure around it fails a write or a read.
 */
class PayloadRecordTest {
    @TempDir
    Path dir;

    private final AtomicInteger pickleOpens = new AtomicInteger();

    /** Counts opens of payload files; otherwise the real file system. */
    private class Counting implements StorageIO {
        @Override
        public FileChannel openRead(Path file) throws IOException {
            if (file.getFileName().toString().endsWith(".pickle")) {
                pickleOpens.incrementAndGet();
            }
            return StorageIO.super.openRead(file);
        }
    }

    private static boolean supported(Path directory) throws IOException {
        Path probe = Files.createTempFile(directory, ".probe", ".tmp");
        try {
            NativeXattr.set(probe, "user.dirdb.probe", new byte[] {1});
            return NativeXattr.get(probe, "user.dirdb.probe", 8) != null;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    private void requireSupport() throws IOException {
        Assumptions.assumeTrue(supported(dir), "the file system of " + dir + " keeps no user extended attributes");
    }

    private static String record(Path file) {
        byte[] value = NativeXattr.get(file, PayloadRecord.ATTRIBUTE, PayloadRecord.MAX_BYTES);
        return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }

    private static long mtime(Path file) throws IOException {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
    }

    private static byte[] read(Store store, String name) throws IOException {
        try (InputStream in = store.openPayload(store.payload(name))) {
            return in.readAllBytes();
        }
    }

    // ---- the value ----

    @Test
    void aValueIsUsedOnlyForTheExactStateItRecords() {
        byte[] v = PayloadRecord.encode(Payload.Format.BYTES, 11, 5, 17, 1_795_000_000_123_456_788L);
        assertEquals("v1 bytes 11 5 17 1795000000123456788", new String(v, StandardCharsets.US_ASCII));
        assertEquals(new PickleLayout.Slice(Payload.Format.BYTES, 11, 5), PayloadRecord.decode(v, 17, 1_795_000_000_123_456_788L));
        assertNull(PayloadRecord.decode(v, 18, 1_795_000_000_123_456_788L), "another size");
        assertNull(PayloadRecord.decode(v, 17, 1_795_000_000_123_456_789L), "another modification time");
        assertNull(PayloadRecord.decode(null, 17, 0));
        assertEquals(new PickleLayout.Slice(Payload.Format.PICKLE, 0, 40),
                PayloadRecord.decode(ascii("v1 pickle 0 40 40 -5"), 40, -5), "times before 1970 are negative");
    }

    @Test
    void anythingButAWellFormedVersion1ValueIsIgnored() {
        for (String bad : List.of("", "v1", "v2 bytes 11 5 17 9", "v1 bytes 11 5 17 9 extra", "v1 text 11 5 17 9",
                "v1 bytes 011 5 17 9", "v1 bytes +11 5 17 9", "v1 bytes -1 5 17 9", "v1 bytes 11 6 17 9",
                "v1 bytes 1 5 17 9", "v1 bytes 11 99999999999999999999 17 9", "v1 pickle 1 16 17 9",
                "v1 pickle 0 16 17 9", "v1  bytes 11 5 17 9", "v1 bytes 11 5 17 ", "v1 bytes 11 5 17 9 ",
                "V1 bytes 11 5 17 9")) {
            assertNull(PayloadRecord.decode(ascii(bad), 17, 9), '"' + bad + '"');
        }
        assertNull(PayloadRecord.decode(new byte[PayloadRecord.MAX_BYTES + 1], 17, 9));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- writing it ----

    @Test
    void theWriterRecordsThePayloadAndSetsTheTimeOneNanosecondBack() throws IOException {
        requireSupport();
        List<long[]> shifts = Collections.synchronizedList(new ArrayList<>());
        StorageIO io = new Counting() {
            @Override
            public void setModified(Path file, long epochNanos) throws IOException {
                shifts.add(new long[] {mtime(file), epochNanos});
                super.setModified(file, epochNanos);
            }
        };
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(io))) {
            byte[] payload = "hello, record".getBytes(StandardCharsets.UTF_8);
            store.write("x", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(payload));
            Path file = dir.resolve("x.pickle");
            assertEquals(1, shifts.size());
            assertEquals(shifts.get(0)[0] - 1, shifts.get(0)[1], "one nanosecond before the last write's time");
            assertEquals(shifts.get(0)[1], mtime(file));
            assertEquals("v1 bytes 11 13 25 " + mtime(file), record(file));
            Payload p = store.payload("x");
            assertEquals(13, p.length());
            assertEquals(Payload.Format.BYTES, p.format());
            assertEquals(0, pickleOpens.get(), "located from the record, no open");
            assertArrayEquals(payload, read(store, "x"));
        }
    }

    @Test
    void onCoarseTimestampsNothingIsRecordedAndTheTrueTimeIsKept() throws IOException {
        requireSupport();
        // A file system that keeps whole seconds: the shifted time does not hold.
        StorageIO coarse = new Counting() {
            @Override
            public void setModified(Path file, long epochNanos) throws IOException {
                super.setModified(file, Math.floorDiv(epochNanos, 1_000_000_000L) * 1_000_000_000L);
            }
        };
        Path file = Files.writeString(dir.resolve("t.tmp"), "0123456789");
        long written = mtime(file);
        long truncated = Math.floorDiv(written, 1_000_000_000L) * 1_000_000_000L;
        assertEquals(PayloadRecord.Stamp.NOT_RECORDED, PayloadRecord.stamp(coarse, file, 0));
        assertNull(record(file));
        assertEquals(truncated, mtime(file), "the time this file system can keep, not one second earlier");
    }

    @Test
    void theRecordIsOnTheTempFileBeforeTheRenameAndSurvivesACommitReplay() throws IOException {
        requireSupport();
        List<String> seenBeforeRename = Collections.synchronizedList(new ArrayList<>());
        // The first rename after the commit point fails: the process "dies" with its commit marker durable.
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        StorageIO crashing = new Counting() {
            @Override
            public void atomicMove(Path source, Path target) throws IOException {
                if (target.getFileName().toString().endsWith(".pickle")) {
                    seenBeforeRename.add(record(source));
                }
                if (CommitMarkers.isMarker(dir.resolve(".x.commit")) && armed.getAndSet(false)) {
                    throw new IOException("simulated crash after the commit point");
                }
                super.atomicMove(source, target);
            }
        };
        byte[] v1 = new byte[] {1};
        byte[] v2 = "the new version".getBytes(StandardCharsets.UTF_8);
        // Inserted through a store of its own, closed: a store keeps its last marker until its next directory
        // fsync, and the update would first finish that one (the rename the crash is armed for).
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(crashing))) {
            store.write("x", WriteMode.INSERT, MetaChange.set("{\"v\": 1}"), PayloadChange.of(v1));
        }
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(crashing))) {
            armed.set(true);
            assertThrows(StoreException.class, () -> store.write("x", WriteMode.UPDATE, MetaChange.set("{\"v\": 2}"),
                    PayloadChange.of(v2)));
        }
        assertTrue(CommitMarkers.isMarker(dir.resolve(".x.commit")), "the crash left the commit marker");
        assertEquals(2, seenBeforeRename.size());
        for (String value : seenBeforeRename) {
            assertNotNull(value, "every payload temp file carries its record before it is renamed");
        }
        assertTrue(seenBeforeRename.get(1).startsWith("v1 bytes 11 15 27 "), seenBeforeRename.get(1));

        pickleOpens.set(0);
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(new Counting()))) { // replays the marker
            assertFalse(Files.exists(dir.resolve(".x.commit")));
            assertEquals(seenBeforeRename.get(1), record(dir.resolve("x.pickle")), "the replayed file kept it");
            assertEquals(15, store.payload("x").length());
            assertEquals("{\"v\": 2}", store.readMeta("x"));
            assertEquals(0, pickleOpens.get(), "size after the replay costs a stat");
            assertArrayEquals(v2, read(store, "x"));
        }
    }

    @Test
    void aRenamedEntryAndCopiesOfAStagedPayloadKeepValidRecords() throws IOException {
        requireSupport();
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(new Counting()))) {
            store.write("a", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1, 2, 3}));
            assertTrue(store.rename("a", "b"));
            try (StagedPayload staged = store.stage(new ByteArrayInputStream(new byte[300]), 300);
                    StagedPayload copy = staged.duplicate()) {
                store.write("c", WriteMode.INSERT, MetaChange.KEEP, new PayloadChange.Staged(staged));
                store.write("d", WriteMode.INSERT, MetaChange.KEEP, new PayloadChange.Staged(copy));
            }
            pickleOpens.set(0);
            assertEquals(3, store.payload("b").length());
            assertEquals(300, store.payload("c").length());
            assertEquals(300, store.payload("d").length());
            assertEquals(0, pickleOpens.get());
            for (String name : List.of("b", "c", "d")) {
                Path file = dir.resolve(name + ".pickle");
                assertEquals(mtime(file), Long.parseLong(record(file).split(" ")[5]), name);
            }
        }
    }

    // ---- failures never fail a write or a read ----

    @Test
    void aFailingOrUnsupportedAttributeNeverFailsAWriteOrARead() throws IOException {
        AtomicInteger sets = new AtomicInteger();
        StorageIO full = new Counting() {
            @Override
            public void setXattr(Path file, String name, byte[] value) throws IOException {
                sets.incrementAndGet();
                throw new IOException("No space left on device");
            }

            @Override
            public byte[] getXattr(Path file, String name, int max) {
                throw new IllegalStateException("a broken native call");
            }
        };
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(full))) {
            store.write("x", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[] {4, 5}));
            store.write("y", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[] {6}));
            assertEquals(2, sets.get(), "a transient failure is tried again at the next write");
            assertEquals(2, store.payload("x").length());
            assertArrayEquals(new byte[] {6}, read(store, "y"));
        }
        sets.set(0);
        StorageIO unsupported = new Counting() {
            @Override
            public void setXattr(Path file, String name, byte[] value) {
                sets.incrementAndGet();
                throw new UnsupportedOperationException("no user attributes here");
            }
        };
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(unsupported))) {
            for (int i = 0; i < 3; i++) {
                store.write("z" + i, WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[i]));
            }
            assertEquals(1, sets.get(), "a file system without user attributes is asked once per store");
            pickleOpens.set(0);
            assertEquals(2, store.payload("z2").length());
            assertEquals(1, pickleOpens.get(), "no record: the header is read");
        }
    }

    @Test
    void onAFileSystemWithoutUserAttributesEverythingStillWorks() throws Exception {
        // ramfs has no extended attributes at all: what NFS without xattr support or old tmpfs give.
        Path mount = Files.createDirectory(dir.resolve("ramfs"));
        Process m = new ProcessBuilder("mount", "-t", "ramfs", "ramfs", mount.toString()).redirectErrorStream(true).start();
        String why = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0,
                "cannot mount a ramfs here (needs root): " + why);
        try {
            assertFalse(supported(mount), "ramfs keeps no user attributes");
            try (Store store = Store.open(mount, StoreOptions.defaults().withIo(new Counting()))) {
                byte[] payload = "on ramfs".getBytes(StandardCharsets.UTF_8);
                store.write("x", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(payload));
                assertNull(record(mount.resolve("x.pickle")));
                pickleOpens.set(0);
                assertEquals(8, store.payload("x").length());
                assertEquals(1, pickleOpens.get(), "the header is read");
                assertArrayEquals(payload, read(store, "x"));
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
