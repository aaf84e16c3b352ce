package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which reads go without the lock (docs/storage.md, "Reads without a lock"). Another process holds the entry's
 * exclusive lock throughout and the store gives up at once on a lock it cannot take, so a read that returns
 * went without the lock, and one that fails with {@code LOCK_TIMEOUT} wanted it. Python's in-place writer is
 * played by rewriting the file in place, truncate then write, cut at every length.
 */
class UnlockedReadTest {
    @TempDir
    Path dir;

    private Store store;
    private int holder = -1;

    @BeforeEach
    void open() {
        assumeTrue(LocalFileSystems.holds(dir), "reads without a lock are used on local file systems only");
        store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ZERO).withWatch(false));
    }

    @AfterEach
    void close() {
        NativeFlock.closeQuietly(holder);
        if (store != null) {
            store.close();
        }
    }

    private void holdLock(String name) throws Exception {
        holder = NativeFlock.openLockFile(dir.resolve(name + ".lock"), true);
        org.junit.jupiter.api.Assertions.assertTrue(NativeFlock.tryLock(holder, true));
    }

    private void rewriteInPlace(Path file, byte[] bytes, int length) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes, 0, length));
        }
    }

    private static void assertWaitsForTheLock(org.junit.jupiter.api.function.Executable read, String what) {
        StoreException e = assertThrows(StoreException.class, read, what);
        assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason(), what);
    }

    @Test
    void noCutOfAMetadataFileIsTakenForAWholeVersion() throws Exception {
        List<String> versions = List.of("{}", "{\"a\": 1}", "{\"model\": \"mlp\", \"score\": 0.75, \"tags\": [1, 2, {\"x\": null}]}",
                "{\"mean\": NaN, \"max\": Infinity, \"text\": \"é € 😀 \\\" \\\\ }\"}");
        store.write("m", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
        holdLock("m");
        Path json = dir.resolve("m.json");
        for (String version : versions) {
            byte[] bytes = version.getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut < bytes.length; cut++) {
                rewriteInPlace(json, bytes, cut);
                assertWaitsForTheLock(() -> store.readMeta("m"), version + " cut at " + cut);
            }
            rewriteInPlace(json, bytes, bytes.length);
            assertEquals(version, store.readMeta("m"));
        }
    }

    @Test
    void metadataThatIsNotOneObjectIsReadUnderTheLock() throws Exception {
        store.write("m", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
        holdLock("m");
        for (String text : List.of("[1, 2]", "{\"a\": 1} {\"b\": 2}", "{\"a\": 1}\u0000", "\"text\"")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            rewriteInPlace(dir.resolve("m.json"), bytes, bytes.length);
            assertWaitsForTheLock(() -> store.readMeta("m"), text);
        }
    }

    @Test
    void noCutOfABytesPickleIsTakenForAWholeVersion() throws Exception {
        // The driver's protocol 4 layout, and protocol 3 as Python writes a short bytes object (memoized).
        byte[] driver = pickleOf(new byte[] {5, 6, 7, 8, 9});
        byte[] python3 = {(byte) 0x80, 3, 'C', 3, 10, 11, 12, 'q', 0, '.'};
        for (byte[] version : List.of(driver, python3)) {
            Files.deleteIfExists(dir.resolve("p.pickle"));
            Files.write(dir.resolve("p.pickle"), version);
            if (holder < 0) {
                holdLock("p");
            }
            for (int cut = 0; cut < version.length; cut++) {
                rewriteInPlace(dir.resolve("p.pickle"), version, cut);
                int at = cut;
                assertWaitsForTheLock(() -> store.lookup("p").payloadToRead(), "pickle cut at " + at);
            }
            rewriteInPlace(dir.resolve("p.pickle"), version, version.length);
            Store.Lookup lookup = store.lookup("p");
            Payload payload = lookup.payloadToRead();
            try (InputStream in = lookup.takeRead(payload)) {
                assertArrayEquals(version == driver ? new byte[] {5, 6, 7, 8, 9} : new byte[] {10, 11, 12},
                        in.readAllBytes());
            }
        }
    }

    @Test
    void aPickleOfAnythingButBytesIsReadUnderTheLock() throws Exception {
        Files.write(dir.resolve("n.pickle"), new byte[] {(byte) 0x80, 2, 'K', 5, '.'}); // the int 5
        holdLock("n");
        assertWaitsForTheLock(() -> store.lookup("n").payloadToRead(), "an int pickle");
    }

    @Test
    void aFileOfSeveralPagesIsReadWithoutTheLockOnceItsLastChangeHasSettled() throws Exception {
        String big = "{\"pad\": \"" + "x".repeat(3 * UnlockedRead.ONE_PAGE) + "\"}";
        byte[] payload = new byte[3 * UnlockedRead.ONE_PAGE];
        java.util.Arrays.fill(payload, (byte) 3);
        store.write("b", WriteMode.INSERT, MetaChange.set(big), PayloadChange.of(payload));
        Thread.sleep(2 * UnlockedRead.SETTLED_NANOS / 1_000_000);
        holdLock("b");
        assertEquals(big, store.readMeta("b"));
        Store.Lookup lookup = store.lookup("b");
        Payload located = lookup.payloadToRead();
        try (InputStream in = lookup.takeRead(located)) {
            assertArrayEquals(payload, in.readAllBytes());
        }
    }

    @Test
    void aFileOfSeveralPagesChangedAMomentAgoIsReadUnderTheLock() throws Exception {
        // whole versions of the same size, so only the change time tells that a writer was just at work
        String first = "{\"pad\": \"" + "a".repeat(3 * UnlockedRead.ONE_PAGE) + "\"}";
        String second = "{\"pad\": \"" + "b".repeat(3 * UnlockedRead.ONE_PAGE) + "\"}";
        store.write("c", WriteMode.INSERT, MetaChange.set(first), PayloadChange.KEEP);
        Thread.sleep(2 * UnlockedRead.SETTLED_NANOS / 1_000_000);
        holdLock("c");
        assertEquals(first, store.readMeta("c"), "settled: read without the lock");
        Path json = dir.resolve("c.json");
        java.nio.file.attribute.FileTime modified = java.nio.file.Files.getLastModifiedTime(json);
        byte[] bytes = second.getBytes(StandardCharsets.UTF_8);
        rewriteInPlace(json, bytes, bytes.length);
        java.nio.file.Files.setLastModifiedTime(json, modified); // a tool that restores the time
        assertWaitsForTheLock(() -> store.readMeta("c"), "rewritten just now, modification time restored");
        Thread.sleep(2 * UnlockedRead.SETTLED_NANOS / 1_000_000);
        assertEquals(second, store.readMeta("c"), "settled again");
    }

    @Test
    void theSettlingRuleAllowsForWholeSecondTimesAndAClockSteppedBack() throws Exception {
        Path f = dir.resolve("t.json");
        java.nio.file.Files.writeString(f, "{\"t\": 1}");
        java.nio.file.attribute.BasicFileAttributes stat =
                java.nio.file.Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
        long size = stat.size();
        long modified = stat.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        long second = 1_000_000_000L;
        // a read that began half a second into a past second
        long started = (System.currentTimeMillis() / 1000 - 5) * second + second / 2;
        assertTrue(UnlockedRead.settledThrough(new FileStamp(1, 2, size, modified, started - second / 2 + 7), stat, started),
                "a fine-grained change time half a second back");
        assertFalse(UnlockedRead.settledThrough(new FileStamp(1, 2, size, modified, started - 10_000_000L), stat, started),
                "changed 10 ms before the read began");
        assertFalse(UnlockedRead.settledThrough(new FileStamp(1, 2, size, modified, started - second / 2), stat, started),
                "a whole-second change time may stand for any instant of its second, which lasted past the start");
        assertTrue(UnlockedRead.settledThrough(new FileStamp(1, 2, size, modified, started - 3 * second / 2), stat, started),
                "a whole second that ended half a second before the start");
        assertFalse(UnlockedRead.settledThrough(new FileStamp(1, 2, size, modified + 1, started - second / 2 + 7), stat, started),
                "another modification time");
        assertFalse(UnlockedRead.settledThrough(new FileStamp(1, 2, size + 1, modified, started - second / 2 + 7), stat, started),
                "another size");
        long ahead = System.currentTimeMillis() * 1_000_000L + 60 * second; // the clock now reads earlier than then
        assertFalse(UnlockedRead.settledThrough(new FileStamp(1, 2, size, modified, ahead - second / 2 + 7), stat, ahead),
                "the clock stepped back during the read");
    }

    @Test
    void aFileLargerThanTheLimitIsReadUnderTheLock() throws Exception {
        String big = "{\"pad\": \"" + "x".repeat(UnlockedRead.MAX_BYTES) + "\"}";
        store.write("l", WriteMode.INSERT, MetaChange.set(big), PayloadChange.KEEP);
        Thread.sleep(2 * UnlockedRead.SETTLED_NANOS / 1_000_000);
        holdLock("l");
        assertWaitsForTheLock(() -> store.readMeta("l"), "metadata over the limit");
    }

    private static byte[] pickleOf(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x80).put((byte) 4).put((byte) 0x8e).putLong(payload.length).put(payload).put((byte) '.');
        return b.array();
    }
}
