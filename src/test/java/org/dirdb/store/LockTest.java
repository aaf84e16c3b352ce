package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTest {
    @TempDir
    Path dir;

    private static int counter(String json) {
        return Integer.parseInt(json.replaceAll("\\D", ""));
    }

    @Test
    void fourThreadsIncrementingOneEntryLoseNoUpdate() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            store.write("c", WriteMode.INSERT, MetaChange.set("{\"counter\": 0}"), PayloadChange.KEEP);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        store.write("c", WriteMode.UPDATE, new MetaChange.Transform(
                                old -> "{\"counter\": " + (counter(old) + 1) + "}"), PayloadChange.KEEP);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(800, counter(store.readMeta("c")));
        }
    }

    @Test
    void aWriterWaitsForTheHolderAndTimesOutNamingTheEntry() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(300)))) {
            store.write("busy", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try (EntryLock lock = store.lock("busy")) {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            holder.start();
            held.await();
            long t0 = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> store.write("busy", WriteMode.UPDATE,
                    MetaChange.set("{\"a\":1}"), PayloadChange.KEEP));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason());
            assertTrue(e.getMessage().contains("'busy'"), e.getMessage());
            assertTrue(waited >= 250, "waited " + waited + " ms");
            release.countDown();
            holder.join();
            assertTrue(store.write("busy", WriteMode.UPDATE, MetaChange.set("{\"a\":1}"), PayloadChange.KEEP));
        }
    }

    @Test
    void theHolderOfALockMayWriteTheEntryItself() {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(300)))) {
            store.write("mine", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            try (EntryLock lock = store.lock("mine")) {
                assertTrue(store.write("mine", WriteMode.UPDATE, MetaChange.set("{\"b\":2}"), PayloadChange.KEEP));
                assertEquals("{\"b\":2}", store.readMeta("mine"));
            }
        }
    }

    @Test
    void aLockFileReplacedUnderItsHolderStillExcludes() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(400)))) {
            store.write("r", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            Path lock = dir.resolve("r.lock");
            // Another process holds the lock, then a peer deletes and re-creates the lock file and holds the new one.
            int first = NativeFlock.openLockFile(lock, true);
            assertTrue(NativeFlock.tryLock(first, true));
            Files.delete(lock);
            int second = NativeFlock.openLockFile(lock, true);
            assertTrue(NativeFlock.tryLock(second, true));
            NativeFlock.closeQuietly(first);
            StoreException e = assertThrows(StoreException.class, () -> store.write("r", WriteMode.UPDATE,
                    MetaChange.set("{\"x\":1}"), PayloadChange.KEEP));
            assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason());
            NativeFlock.closeQuietly(second);
            assertTrue(store.write("r", WriteMode.UPDATE, MetaChange.set("{\"x\":1}"), PayloadChange.KEEP));
        }
    }

    /**
     * A whole small file needs no lock to be read (docs/storage.md, "Reads without a lock"): metadata and a small
     * payload are served while another process holds the entry's exclusive lock, exactly as they are on disk.
     */
    @Test
    void aWholeSmallFileIsReadWhileAnotherProcessHoldsTheLock() throws Exception {
        assumeLocal();
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(300)))) {
            store.write("s", WriteMode.INSERT, MetaChange.set("{\"a\": 1}"), PayloadChange.of(new byte[] {7, 8}));
            int fd = NativeFlock.openLockFile(dir.resolve("s.lock"), true);
            try {
                assertTrue(NativeFlock.tryLock(fd, true));
                assertEquals("{\"a\": 1}", store.readMeta("s"));
                Store.Lookup lookup = store.lookup("s");
                Payload payload = lookup.payloadToRead();
                try (java.io.InputStream in = lookup.takeRead(payload)) {
                    assertArrayEquals(new byte[] {7, 8}, in.readAllBytes());
                }
            } finally {
                NativeFlock.closeQuietly(fd);
            }
        }
    }

    /** With {@code lockReads=true} every read waits for the lock, whole file or not. */
    @Test
    void withLockReadsEveryReaderWaitsForAnExclusiveHolderOfAnotherProcess() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(300))
                .withLockReads(true))) {
            store.write("s", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {7, 8}));
            int fd = NativeFlock.openLockFile(dir.resolve("s.lock"), true);
            try {
                assertTrue(NativeFlock.tryLock(fd, true));
                StoreException e = assertThrows(StoreException.class, () -> store.readMeta("s"));
                assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason());
                // The payload's record would locate it without a lock; reading its bytes still waits.
                e = assertThrows(StoreException.class, () -> store.lookup("s").payloadToRead());
                assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason());
            } finally {
                NativeFlock.closeQuietly(fd);
            }
            assertEquals("{}", store.readMeta("s"));
        }
    }

    /**
     * Python rewrites a file in place under the exclusive lock: truncate, then write. A reader that finds the
     * file cut short (here: half of the new metadata, and a pickle whose header promises more bytes than the file
     * has) waits for the lock, and then gets the whole new version, never the part it saw.
     */
    @Test
    void aReaderOfAFileBeingRewrittenInPlaceWaitsForItsWriter() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofSeconds(20)))) {
            store.write("w", WriteMode.INSERT, MetaChange.set("{\"gen\": 1}"), PayloadChange.of(new byte[] {1}));
            String newMeta = "{\"gen\": 2, \"pad\": \"" + "x".repeat(100) + "\"}";
            byte[] newPickle = Files.readAllBytes(dir.resolve("w.pickle"));
            newPickle[newPickle.length - 2] = 2; // same layout, payload byte 1 -> 2
            byte[] metaBytes = newMeta.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int fd = NativeFlock.openLockFile(dir.resolve("w.lock"), true);
            assertTrue(NativeFlock.tryLock(fd, true));
            try (var json = java.nio.channels.FileChannel.open(dir.resolve("w.json"),
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                    var pickle = java.nio.channels.FileChannel.open(dir.resolve("w.pickle"),
                            java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                json.write(java.nio.ByteBuffer.wrap(metaBytes, 0, metaBytes.length / 2));
                pickle.write(java.nio.ByteBuffer.wrap(newPickle, 0, newPickle.length - 2));
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    Future<String> meta = pool.submit(() -> store.readMeta("w"));
                    Future<byte[]> data = pool.submit(() -> {
                        Store.Lookup lookup = store.lookup("w");
                        Payload payload = lookup.payloadToRead();
                        InputStream in = lookup.takeRead(payload);
                        try (InputStream s = in != null ? in : store.openPayload(payload)) {
                            return s.readAllBytes();
                        }
                    });
                    Thread.sleep(300);
                    assertFalse(meta.isDone(), "read the metadata while its writer held the lock mid-write");
                    assertFalse(data.isDone(), "read the payload while its writer held the lock mid-write");
                    json.write(java.nio.ByteBuffer.wrap(metaBytes, metaBytes.length / 2,
                            metaBytes.length - metaBytes.length / 2));
                    pickle.write(java.nio.ByteBuffer.wrap(newPickle, newPickle.length - 2, 2));
                    NativeFlock.closeQuietly(fd); // the writer is done: release
                    assertEquals(newMeta, meta.get(10, TimeUnit.SECONDS));
                    assertArrayEquals(new byte[] {2}, data.get(10, TimeUnit.SECONDS));
                } finally {
                    pool.shutdownNow();
                }
            } finally {
                NativeFlock.closeQuietly(fd);
            }
        }
    }

    private void assumeLocal() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LocalFileSystems.holds(dir),
                "reads without a lock are used on local file systems only");
    }

    @Test
    void aLockTakenOnAFileUnlinkedMeanwhileIsRecognisedAsStale() throws Exception {
        Path lock = dir.resolve("u.lock");
        int holder = NativeFlock.openLockFile(lock, true);
        assertTrue(NativeFlock.tryLock(holder, true));
        int contender = NativeFlock.openLockFile(lock, true); // opened before the unlink
        Files.delete(lock);
        int newcomer = NativeFlock.openLockFile(lock, true);
        assertTrue(NativeFlock.tryLock(newcomer, true), "a newcomer locks the new file");
        NativeFlock.closeQuietly(holder);
        try {
            assertTrue(NativeFlock.tryLock(contender, true), "the old file's lock is free now");
            assertFalse(NativeFlock.stillNames(contender, lock), "but it no longer names the lock file");
            assertTrue(NativeFlock.stillNames(newcomer, lock));
        } finally {
            NativeFlock.closeQuietly(contender);
            NativeFlock.closeQuietly(newcomer);
        }
    }

    /** How many descriptors of this JVM hold {@code file} open: a lock loop that gives up must close its own. */
    private static long descriptorsOf(Path file) throws Exception {
        long n = 0;
        Path target = file.toRealPath();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(target)) {
                        n++;
                    }
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    @Test
    void aLockWhoseFileNeverMatchesItsNameTimesOutInsteadOfSpinning() throws Exception {
        Path lock = dir.resolve("never.lock");
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        long started = System.nanoTime();
        StoreException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThrows(StoreException.class, () -> EntryLocks.flockUntil(lock, "never", true, true,
                        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), TimeUnit.MILLISECONDS.toNanos(300),
                        (fd, file) -> {
                            checks.incrementAndGet();
                            return false;
                        })));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason(), e.toString());
        assertTrue(e.getMessage().contains("'never'") && e.getMessage().contains("each time it was locked"),
                e.getMessage());
        assertTrue(tookMillis >= 300, "gave up before its timeout: " + tookMillis + " ms");
        // Waited like a held lock (1, 2, 4 ... 50 ms between tries), not in a loop: a handful of tries.
        assertTrue(checks.get() >= 2 && checks.get() <= 40, checks.get() + " checks in " + tookMillis + " ms");
        assertEquals(0, descriptorsOf(lock), "a descriptor of the lock file was left open");
    }

    @Test
    void aCheckThatFailsWithAnExceptionLeavesNoDescriptorOpen() throws Exception {
        Path lock = dir.resolve("throws.lock");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EntryLocks.flockUntil(lock,
                "throws", true, true, System.nanoTime() + TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(5),
                (fd, file) -> {
                    throw new IllegalStateException("check failed");
                }));
        assertEquals("check failed", e.getMessage());
        assertEquals(0, descriptorsOf(lock), "the lock file's descriptor was left open");
    }

    @Test
    void aLockFileReplacedOnceIsLockedAgainAtOnce() throws Exception {
        Path lock = dir.resolve("once.lock");
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        long started = System.nanoTime();
        int fd = EntryLocks.flockUntil(lock, "once", true, true, System.nanoTime() + TimeUnit.SECONDS.toNanos(5),
                TimeUnit.SECONDS.toNanos(5), (held, file) -> checks.incrementAndGet() > 1);
        try {
            assertTrue(fd >= 0);
            assertEquals(2, checks.get());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "waited after one replacement");
        } finally {
            NativeFlock.closeQuietly(fd);
        }
    }

    /**
     * Only replacements seen one right after the other make the locker wait: a lock found held in between
     * (filelock 3.20.4 deletes its lock file on release, so contention and replacement alternate) starts the
     * count again, and the next replacement is retried at once, even past the deadline.
     */
    @Test
    void aReplacementAfterContentionIsRetriedAtOnce() throws Exception {
        Path lock = dir.resolve("churn.lock");
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        int[] other = {-1};
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            NativeFlock.closeQuietly(other[0]);
        });
        int fd = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                EntryLocks.flockUntil(lock, "churn", true, true, deadline, TimeUnit.MILLISECONDS.toNanos(1000),
                        (held, file) -> {
                            int n = checks.incrementAndGet();
                            try {
                                if (n == 1) {
                                    // Replaced for real (the locker holds the old file), and the new file's
                                    // lock taken by another open file for 50 ms.
                                    Files.move(file, dir.resolve("churn.lock.old"));
                                    other[0] = NativeFlock.openLockFile(file, true);
                                    assertTrue(NativeFlock.tryLock(other[0], true));
                                    release.start();
                                    return false;
                                }
                                if (n == 2) {
                                    // "Replaced" again, only once the deadline has passed: a wait now would
                                    // end in the timeout.
                                    while (System.nanoTime() - deadline < TimeUnit.MILLISECONDS.toNanos(20)) {
                                        Thread.sleep(5);
                                    }
                                    return false;
                                }
                                return true;
                            } catch (java.io.IOException | InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }));
        try {
            release.join();
            assertTrue(fd >= 0);
            assertEquals(3, checks.get());
        } finally {
            NativeFlock.closeQuietly(fd);
        }
        assertEquals(0, descriptorsOf(lock), "a descriptor of the lock file was left open");
    }

    @Test
    void aTempFileWhoseLockNeverMatchesItsNameGivesUpAndLeavesNothing() throws Exception {
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(java.io.IOException.class, () -> TempFile.create(StorageIO.DEFAULT, dir, "t",
                        "json", (fd, file) -> false)));
        assertTrue(e.getMessage().contains(TempFile.CREATE_ATTEMPTS + " attempts"), e.getMessage());
        List<String> left;
        try (var files = Files.list(dir)) {
            left = files.map(p -> p.getFileName().toString()).toList();
        }
        // Each attempt held the lock of the file it made, so each deleted it again.
        assertEquals(List.of(), left);
    }
}
