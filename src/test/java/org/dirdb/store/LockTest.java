package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void readersWaitForAnExclusiveHolderOfAnotherProcess() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(300)))) {
            store.write("s", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            int fd = NativeFlock.openLockFile(dir.resolve("s.lock"), true);
            try {
                assertTrue(NativeFlock.tryLock(fd, true));
                StoreException e = assertThrows(StoreException.class, () -> store.readMeta("s"));
                assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason());
            } finally {
                NativeFlock.closeQuietly(fd);
            }
            assertEquals("{}", store.readMeta("s"));
        }
    }

    @Test
    void aReaderOfASmallPayloadWaitsForAnExclusiveHolderOfAnotherProcess() throws Exception {
        try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(Duration.ofMillis(300)))) {
            store.write("p", WriteMode.INSERT, MetaChange.KEEP, PayloadChange.of(new byte[] {7, 8}));
            int fd = NativeFlock.openLockFile(dir.resolve("p.lock"), true);
            try {
                assertTrue(NativeFlock.tryLock(fd, true));
                // The payload's record would locate it without a lock; reading its bytes still waits.
                StoreException e = assertThrows(StoreException.class, () -> store.lookup("p").payloadToRead());
                assertEquals(StoreException.Reason.LOCK_TIMEOUT, e.reason());
            } finally {
                NativeFlock.closeQuietly(fd);
            }
            Store.Lookup lookup = store.lookup("p");
            Payload payload = lookup.payloadToRead();
            try (java.io.InputStream in = lookup.takeRead(payload)) {
                assertTrue(java.util.Arrays.equals(new byte[] {7, 8}, in.readAllBytes()));
            }
        }
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
}
