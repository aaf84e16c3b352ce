package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-file commit of renames only costs three fsyncs: its marker is removed after the store's next
 * directory fsync rather than after one of its own, and only while it is still this commit's.
 */
class FinishedMarkersTest {
    @TempDir
    Path dir;

    private final CallCounter io = new CallCounter();
    private long delayBefore;

    @BeforeEach
    void noSweepUnlessATestWantsOne() {
        delayBefore = FinishedMarkers.delayMillis;
        FinishedMarkers.delayMillis = 600_000; // the tests decide when the next fsync comes
    }

    @AfterEach
    void restoreTheSweep() {
        FinishedMarkers.delayMillis = delayBefore;
    }

    private Store open() {
        return Store.open(dir, StoreOptions.defaults().withIo(io));
    }

    private static void insert(Store store, String name, String meta, byte[] payload) {
        store.write(name, WriteMode.INSERT, MetaChange.set(meta), PayloadChange.of(payload));
    }

    private static byte[] payload(Store store, String name) throws IOException {
        try (InputStream in = store.openPayload(store.payload(name))) {
            return in.readAllBytes();
        }
    }

    private Path marker(String name) {
        return dir.resolve("." + name + CommitRecord.SUFFIX);
    }

    private List<String> hidden() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".")).sorted().toList();
        }
    }

    private Map<String, Integer> fsyncs() {
        Map<String, Integer> taken = io.taken();
        taken.keySet().retainAll(List.of("fsync directory", "fsync file"));
        return taken;
    }

    @Test
    void anInsertMakesThreeFsyncsAndItsMarkerGoesWithTheNextCommitsFsync() throws IOException {
        try (Store store = open()) {
            io.reset();
            insert(store, "a", "{\"v\": 1}", new byte[] {1});
            assertEquals(Map.of("fsync file", 2, "fsync directory", 1), fsyncs());
            // Durable since the commit point; the renames are done, so it names files that are gone.
            // A second name of the new metadata file, so it allocated no inode, and its removal frees none.
            assertTrue(CommitMarkers.isHardLink(marker("a")));
            assertTrue(Files.isSameFile(marker("a"), dir.resolve("a.json")));
            assertEquals(List.of(".a.commit"), hidden());

            insert(store, "b", "{\"v\": 2}", new byte[] {2});
            assertEquals(Map.of("fsync file", 2, "fsync directory", 1), fsyncs());
            assertEquals(List.of(".b.commit"), hidden(), "a's renames are durable with b's commit point");
            assertEquals("{\"v\": 1}", store.readMeta("a"));
            assertArrayEquals(new byte[] {2}, payload(store, "b"));
        }
        assertEquals(Map.of("fsync directory", 1), fsyncs(), "the close makes b's renames durable");
        assertEquals(List.of(), hidden());
    }

    @Test
    void withoutAnotherCommitTheMarkerGoesAfterTheDelay() throws Exception {
        FinishedMarkers.delayMillis = 50;
        try (Store store = open()) {
            io.reset();
            insert(store, "a", "{}", new byte[] {1});
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (Files.exists(marker("a"), java.nio.file.LinkOption.NOFOLLOW_LINKS) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(), hidden(), "removed while the store is still open");
            assertEquals(Map.of("fsync file", 2, "fsync directory", 2), fsyncs());
        }
        assertEquals(Map.of(), fsyncs(), "nothing left for the close to sync");
    }

    @Test
    void anotherWritersMarkerUnderTheSameNameIsLeftInPlace() throws IOException {
        try (Store first = open(); Store second = Store.open(dir, StoreOptions.defaults())) {
            insert(first, "x", "{\"by\": \"first\"}", new byte[] {1});
            String firsts = CommitMarkers.text(marker("x"));

            // The second store finishes the first's marker before it commits, then leaves its own.
            second.write("x", WriteMode.UPDATE, MetaChange.set("{\"by\": \"second\"}"), PayloadChange.of(new byte[] {2}));
            String seconds = CommitMarkers.text(marker("x"));
            assertNotEquals(firsts, seconds);

            // The first store's next fsync must not take the second's marker for its own.
            insert(first, "y", "{}", new byte[] {3});
            assertTrue(CommitMarkers.isMarker(marker("x")));
            assertEquals(seconds, CommitMarkers.text(marker("x")));
            assertEquals("{\"by\": \"second\"}", first.readMeta("x"));
            assertArrayEquals(new byte[] {2}, payload(first, "x"));
        }
        assertEquals(List.of(), hidden(), "each store removed its own at close");
    }

    @Test
    void aMarkerWhoseEntryIsLockedIsRemovedOnceTheLockIsFree() throws IOException {
        try (Store store = open()) {
            insert(store, "a", "{}", new byte[] {1});
            try (EntryLock held = lockInAnotherThread(store, "a", true)) {
                insert(store, "b", "{}", new byte[] {2});
                assertEquals(List.of(".a.commit", ".b.commit"), hidden(), "a's entry was locked: left, not waited for");
            }
            insert(store, "c", "{}", new byte[] {3});
            assertEquals(List.of(".c.commit"), hidden());
        }
        assertEquals(List.of(), hidden());
    }

    /**
     * The entry's lock (exclusive or shared), held by another thread as another process would hold it: the
     * in-JVM part of a lock is reentrant per thread. Not through another store, whose opening would finish the
     * marker.
     */
    private static EntryLock lockInAnotherThread(Store store, String name, boolean exclusive) {
        java.util.concurrent.CompletableFuture<Void> locked = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Path lockFile = store.file(name, ".lock");
        Thread t = new Thread(() -> {
            try (EntryLock lock = exclusive ? EntryLocks.exclusive(store.directory(), name, lockFile, 1_000_000_000L)
                    : EntryLocks.shared(store.directory(), name, lockFile, 1_000_000_000L)) {
                locked.complete(null);
                release.await();
            } catch (Throwable e) {
                locked.completeExceptionally(e);
            }
        });
        t.start();
        locked.join();
        return new EntryLock() {
            @Override
            public String entry() {
                return name;
            }

            @Override
            public void close() {
                release.countDown();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void aCommitThatDeletesAFileKeepsItsFourthFsyncAndLeavesNoMarker() throws IOException {
        try (Store store = open()) {
            insert(store, "x", "{}", new byte[] {1});
            store.write("y", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1}));
            io.reset();
            store.write("x", WriteMode.UPDATE, MetaChange.REMOVE, PayloadChange.of(new byte[] {2}));
            assertEquals(Map.of("fsync file", 1, "fsync directory", 2), fsyncs());
            assertFalse(Files.exists(marker("x"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(dir.resolve("x.json")));
        }
    }

    @Test
    void anotherStoreReadsTheNewVersionWithoutWaitingForTheLock() throws Exception {
        try (Store reader = Store.open(dir, StoreOptions.defaults().withLockTimeout(java.time.Duration.ofMillis(300)));
                Store writer = open()) {
            insert(writer, "x", "{\"v\": 2}", new byte[] {2, 2});
            assertTrue(CommitMarkers.isMarker(marker("x")));
            // A Python reader holds the entry's shared lock: a reader that took the marker for an unfinished
            // commit would wait for the exclusive lock to finish it, and time out.
            try (EntryLock shared = lockInAnotherThread(writer, "x", false)) {
                long t0 = System.nanoTime();
                assertEquals("{\"v\": 2}", reader.readMeta("x"));
                assertArrayEquals(new byte[] {2, 2}, payload(reader, "x"));
                assertEquals(List.of("x"), reader.list());
                assertTrue(System.nanoTime() - t0 < 250_000_000L, "waited for the lock");
                assertTrue(CommitMarkers.isMarker(marker("x")), "left for the writer's next fsync");
            }
        }
        assertEquals(List.of(), hidden());
    }

    @Test
    void aStatementRefusedBeforeItLocksLeavesTheWaitingMarkerAlone() throws IOException {
        try (Store store = open()) {
            insert(store, "a", "{}", new byte[] {1});
            Map<String, String> before = snapshot();
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> insert(store, "a", "{}", new byte[] {2}));
            assertEquals(StoreException.Reason.EXISTS, e.reason());
            assertEquals(before, snapshot());
        }
    }

    /** Not {@link DirSnapshot}, which waits for finished markers to go: here one must stay. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                files.put(p.getFileName().toString(), CommitMarkers.isMarker(p) ? "-> " + CommitMarkers.text(p)
                        : Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    @Test
    void theRemovalMakesNoLockFileForAnEntryDeletedMeanwhile() throws Exception {
        try (Store store = open()) {
            insert(store, "a", "{}", new byte[] {1});
            // Deleted, marker and lock file too, by another process or by a DROP TABLE of its sub-database
            // that opened a store of its own: the sweep of this store must not make the lock file again (it
            // made a dropped sub-database's directory "gain files" while it was being removed).
            for (String f : List.of(".a.commit", "a.pickle", "a.json", "a.lock")) {
                Files.delete(dir.resolve(f));
            }
            insert(store, "b", "{}", new byte[] {2}); // its fsync triggers the removal of a's marker
            assertFalse(Files.exists(dir.resolve("a.lock")));
            assertEquals(List.of("b"), store.list());
        }
    }

    @Test
    void aStoreWithoutSyncStillSyncsBeforeItRemovesAnotherStoresMarker() {
        CallCounter unsynced = new CallCounter();
        try (Store writer = open();
                Store other = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(unsynced))) {
            insert(writer, "x", "{}", new byte[] {1});
            unsynced.reset();
            other.write("x", WriteMode.UPDATE, MetaChange.set("{\"v\": 2}"), PayloadChange.KEEP);
            // The writer's renames are not durable yet: its marker may go only after a directory fsync.
            assertEquals(1, unsynced.count("fsync directory"));
        }
    }

    @Test
    void aStoreWithoutSyncMakesNoFsyncForItsOwnTwoFileCommits() throws IOException {
        try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(io))) {
            io.reset();
            insert(store, "a", "{\"v\": 1}", new byte[] {1});
            store.write("a", WriteMode.UPDATE, MetaChange.set("{\"v\": 2}"), PayloadChange.of(new byte[] {2}));
            store.write("a", WriteMode.UPDATE, MetaChange.REMOVE, PayloadChange.of(new byte[] {3}));
            assertEquals(Map.of(), fsyncs());
            assertEquals(List.of(), hidden(), "each marker is gone with its statement");
            assertArrayEquals(new byte[] {3}, payload(store, "a"));
            assertEquals(null, store.readMeta("a"));
        }
        assertEquals(Map.of(), fsyncs());
    }

    @Test
    void whereTheFileSystemKeepsNoAttributesTheMarkerIsASymbolicLink() throws IOException {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        StorageIO noAttributes = new StorageIO() {
            @Override
            public void setXattr(Path file, String name, byte[] value) {
                if (name.equals(CommitRecord.MARKER_ATTRIBUTE)) {
                    asked.incrementAndGet();
                }
                throw new UnsupportedOperationException("no user attributes here");
            }
        };
        assertMarkersAreSymbolicLinks(noAttributes, asked, "a file system without user attributes is asked once");
    }

    /** Two inserts through {@code io} make symbolic-link markers, and {@code asked} counted one try of the other form. */
    private void assertMarkersAreSymbolicLinks(StorageIO io, java.util.concurrent.atomic.AtomicInteger asked,
                                               String askedOnce) throws IOException {
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(io))) {
            insert(store, "a", "{\"v\": 1}", new byte[] {1});
            assertTrue(Files.isSymbolicLink(marker("a")));
            insert(store, "b", "{\"v\": 2}", new byte[] {2});
            assertTrue(Files.isSymbolicLink(marker("b")));
            assertEquals(1, asked.get(), askedOnce);
        }
        assertEquals(List.of(), hidden());
        try (Store store = open()) {
            assertEquals("{\"v\": 2}", store.readMeta("b"));
            assertArrayEquals(new byte[] {1}, payload(store, "a"));
        }
    }

    @Test
    void anAttributeThatCannotBeSetMakesThatCommitsMarkerASymbolicLink() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean(true);
        StorageIO noRoomOnce = new StorageIO() {
            @Override
            public void setXattr(Path file, String name, byte[] value) throws IOException {
                if (name.equals(CommitRecord.MARKER_ATTRIBUTE) && full.getAndSet(false)) {
                    throw new IOException("setxattr of " + file + " failed: errno 28");
                }
                StorageIO.super.setXattr(file, name, value);
            }
        };
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(noRoomOnce))) {
            insert(store, "a", "{}", new byte[] {1});
            assertTrue(Files.isSymbolicLink(marker("a")), "the statement does not fail for want of the attribute");
            insert(store, "b", "{}", new byte[] {2});
            assertTrue(CommitMarkers.isHardLink(marker("b")), "asked again at the next commit");
        }
        assertEquals(List.of(), hidden());
    }

    @Test
    void aStoreClosedOnAnInterruptedThreadStillSyncsAndRemovesItsMarker() throws IOException {
        Store store = open();
        insert(store, "a", "{}", new byte[] {1});
        io.reset();
        Thread.currentThread().interrupt();
        try {
            store.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is set again for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(Map.of("fsync directory", 1), fsyncs());
        assertEquals(List.of(), hidden(), "the marker went with the close's fsync");
    }

    @Test
    void aMarkerWhoseRemovalMeetsAnInterruptIsRemovedAllTheSame() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        StorageIO interrupting = new StorageIO() {
            @Override
            public void syncDirectory(Path directory) throws IOException {
                StorageIO.super.syncDirectory(directory);
                if (armed.getAndSet(false)) {
                    Thread.currentThread().interrupt(); // lands between the fsync and the removals it allows
                }
            }
        };
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(interrupting))) {
            insert(store, "a", "{}", new byte[] {1});
            armed.set(true);
            try {
                insert(store, "b", "{}", new byte[] {2}); // its commit point's fsync would remove a's marker
            } finally {
                Thread.interrupted();
            }
            // The lock is only tried, which an interrupt does not stop.
            assertFalse(CommitMarkers.isMarker(marker("a")), "removed after b's commit point, as without an interrupt");
        }
        assertEquals(List.of(), hidden());
    }

    @Test
    void whereTheFileSystemRefusesHardLinksTheMarkerIsASymbolicLink() throws IOException {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        StorageIO noHardLinks = new StorageIO() {
            @Override
            public void createLink(Path link, Path existing) throws IOException {
                asked.incrementAndGet();
                throw new java.nio.file.FileSystemException(link.toString(), existing.toString(),
                        "Operation not permitted");
            }
        };
        assertMarkersAreSymbolicLinks(noHardLinks, asked, "a file system that refuses hard links is asked once");
    }
}
