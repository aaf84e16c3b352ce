package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The states a crash can leave behind, built by hand, and what opening the store makes of them. */
class RecoveryTest {
    private static final String OLD_META = "{\"v\": 1}";
    private static final String NEW_META = "{\"v\": 2}";

    @TempDir
    Path dir;

    private void writeOld() {
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            store.write("x", WriteMode.INSERT, MetaChange.set(OLD_META), PayloadChange.of(new byte[] {1}));
        }
    }

    private static byte[] pickleOf(byte[] payload) {
        byte[] out = new byte[payload.length + 12];
        PickleLayout.header(payload.length).get(out, 0, 11);
        System.arraycopy(payload, 0, out, 11, payload.length);
        out[out.length - 1] = '.';
        return out;
    }

    private String plantTemps() throws IOException {
        Files.write(dir.resolve(".x.pickle.00112233445566aa.tmp"), pickleOf(new byte[] {2, 2}));
        Files.writeString(dir.resolve(".x.json.00112233445566bb.tmp"), NEW_META);
        return "{\"format\":\"dirdb-commit/1\",\"entry\":\"x\",\"ops\":["
                + "{\"target\":\"x.pickle\",\"source\":\".x.pickle.00112233445566aa.tmp\"},"
                + "{\"target\":\"x.json\",\"source\":\".x.json.00112233445566bb.tmp\"}]}";
    }

    /** The rename of a planted temp file (kind "pickle" or "json") that a crash may or may not have reached. */
    private void renameTemp(String kind) throws IOException {
        Files.move(dir.resolve(".x." + kind + ".00112233445566" + (kind.equals("pickle") ? "aa" : "bb") + ".tmp"),
                dir.resolve("x." + kind), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Opening the store finishes the planted commit: the new version, and nothing of the store's own left. */
    private void assertCompletedToTheNewVersion() throws IOException {
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(NEW_META, store.readMeta("x"));
            assertArrayEquals(new byte[] {2, 2}, payload(store, "x"));
        }
        assertEquals(List.of("x.json", "x.lock", "x.pickle"), files());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] payload(Store store, String name) throws IOException {
        try (InputStream in = store.openPayload(store.payload(name))) {
            return in.readAllBytes();
        }
    }

    @Test
    void crashAfterTheFirstRenameIsCompletedToTheNewVersion() throws IOException {
        writeOld();
        String record = plantTemps();
        Files.writeString(dir.resolve(".x.commit"), record);
        renameTemp("pickle");
        assertCompletedToTheNewVersion();
    }

    @Test
    void aCommitMarkerLinkIsReplayedAndNeverFollowed() throws IOException {
        writeOld();
        plantTemps();
        // What a crash right after the commit point leaves: the marker names both temp files.
        Files.createSymbolicLink(dir.resolve(".x.commit"), Path.of("dirdb1:00112233445566aa:00112233445566bb"));
        assertCompletedToTheNewVersion();
    }

    /** The hard-link form of the marker: a second name of the metadata temp file, whose attribute is the text. */
    private void linkMarker(String text, String linkedFile) throws IOException {
        Path target = dir.resolve(linkedFile);
        Files.getFileAttributeView(target, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("dirdb.commit", java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Files.createLink(dir.resolve(".x.commit"), target);
    }

    @Test
    void aHardLinkMarkerIsReplayedFromItsAttribute() throws IOException {
        writeOld();
        plantTemps();
        linkMarker("dirdb1:00112233445566aa:00112233445566bb", ".x.json.00112233445566bb.tmp");
        assertCompletedToTheNewVersion();
    }

    @Test
    void aHardLinkMarkerAfterItsFirstRenameIsCompleted() throws IOException {
        writeOld();
        plantTemps();
        linkMarker("dirdb1:00112233445566aa:00112233445566bb", ".x.json.00112233445566bb.tmp");
        renameTemp("pickle");
        assertCompletedToTheNewVersion();
    }

    @Test
    void aHardLinkMarkerWhoseRenamesAreDoneGoesAndLeavesTheMetadataItNames() throws IOException {
        writeOld();
        plantTemps();
        linkMarker("dirdb1:00112233445566aa:00112233445566bb", ".x.json.00112233445566bb.tmp");
        renameTemp("pickle");
        renameTemp("json");
        // The crash came before the marker's removal: it is now a second name of x.json.
        assertTrue(Files.isSameFile(dir.resolve(".x.commit"), dir.resolve("x.json")));
        assertCompletedToTheNewVersion();
        assertEquals(NEW_META, Files.readString(dir.resolve("x.json")));
    }

    @Test
    void aRegularFileWhoseAttributeIsNotAMarkerIsRemovedWithoutTouchingWhatItLinks() throws IOException {
        writeOld();
        linkMarker("/etc/passwd", "x.json");
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(OLD_META, store.readMeta("x"));
            assertArrayEquals(new byte[] {1}, payload(store, "x"));
        }
        assertEquals(List.of("x.json", "x.lock", "x.pickle"), files());
        assertEquals(OLD_META, Files.readString(dir.resolve("x.json")));
    }

    @Test
    void aHardLinkMarkerWhoseAttributeCannotBeReadIsNeitherReplayedNorDiscarded() throws IOException {
        writeOld();
        plantTemps();
        linkMarker("dirdb1:00112233445566aa:00112233445566bb", ".x.json.00112233445566bb.tmp");
        renameTemp("pickle"); // the crash came between the renames
        StorageIO unreadable = new StorageIO() {
            @Override
            public byte[] readXattr(Path file, String name, int max) throws IOException {
                throw new IOException("getxattr of " + file + " failed: errno 5");
            }
        };
        List<String> before = files();
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(unreadable))) {
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> store.readMeta("x"));
            assertEquals(StoreException.Reason.IO, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains(".x.commit"), e.getMessage());
        }
        assertEquals(before, files(), "the marker and the metadata temp file wait for a store that can read it");
        assertCompletedToTheNewVersion();
    }

    @Test
    void aSecondNameWithoutAMarkersAttributeIsNeverReadAsARecord() throws IOException {
        writeOld();
        // Metadata that reads as a record deleting both files, under a second name at the record's place:
        // what a marker whose attribute was dropped (a copy without attributes) would look like.
        String deleteBoth = "{\"format\":\"dirdb-commit/1\",\"entry\":\"x\",\"ops\":[{\"target\":\"x.pickle\"},"
                + "{\"target\":\"x.json\"}]}";
        Files.delete(dir.resolve("x.json")); // a new file: the one the insert wrote carries its marker's attribute
        Files.writeString(dir.resolve("x.json"), deleteBoth);
        Files.createLink(dir.resolve(".x.commit"), dir.resolve("x.json"));
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                    () -> store.readMeta("x"));
            assertEquals(StoreException.Reason.CORRUPT, e.reason(), e.getMessage());
        }
        assertEquals(List.of(".x.commit", "x.json", "x.lock", "x.pickle"), files());
        assertEquals(deleteBoth, Files.readString(dir.resolve("x.json")));
    }

    @Test
    void aHardLinkMarkerNeverHoldsAnUnlink() throws IOException {
        writeOld();
        linkMarker("dirdb1:-:-", "x.json"); // planted: a real one always renames both files
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(OLD_META, store.readMeta("x"));
            assertArrayEquals(new byte[] {1}, payload(store, "x"));
        }
        assertEquals(List.of("x.json", "x.lock", "x.pickle"), files());
    }

    @Test
    void aMarkerThatIsNotOursIsRemovedWithoutTouchingTheEntry() throws IOException {
        writeOld();
        Files.createSymbolicLink(dir.resolve(".x.commit"), Path.of("/etc/passwd"));
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(OLD_META, store.readMeta("x"));
        }
        assertEquals(List.of("x.json", "x.lock", "x.pickle"), files());
    }

    @Test
    void aCommittedRecordIsReplayedEvenBeforeAnyRename() throws IOException {
        writeOld();
        Files.writeString(dir.resolve(".x.commit"), plantTemps());
        try (Store store = Store.open(dir, StoreOptions.defaults().withReadOnly(false))) {
            assertEquals(NEW_META, store.readMeta("x"));
        }
        assertEquals(List.of("x.json", "x.lock", "x.pickle"), files());
    }

    @Test
    void aTornRecordMeansTheChangeNeverCommitted() throws IOException {
        writeOld();
        String record = plantTemps();
        Files.writeString(dir.resolve(".x.commit"), record.substring(0, record.length() / 2));
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(OLD_META, store.readMeta("x"));
            assertArrayEquals(new byte[] {1}, payload(store, "x"));
        }
        assertEquals(List.of("x.json", "x.lock", "x.pickle"), files(), "record and stray temps removed");
    }

    @Test
    void aRecordNamingFilesOfAnotherEntryIsDiscardedNotObeyed() throws IOException {
        writeOld();
        Files.writeString(dir.resolve("victim.json"), "{}");
        Files.writeString(dir.resolve(".x.commit"), "{\"format\":\"dirdb-commit/1\",\"entry\":\"x\",\"ops\":["
                + "{\"target\":\"victim.json\"}]}");
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(List.of("victim", "x"), store.list());
        }
        assertTrue(Files.exists(dir.resolve("victim.json")));
        assertFalse(Files.exists(dir.resolve(".x.commit")));
    }

    @Test
    void pendingRecordIsFinishedBeforeTheEntryIsReadEvenWithoutReopening() throws IOException {
        writeOld();
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            Files.writeString(dir.resolve(".x.commit"), plantTemps()); // another process died mid-commit
            assertEquals(List.of("x"), store.list());
            assertEquals(NEW_META, store.readMeta("x"));
        }
    }

    @Test
    void aLiveWritersTempFileIsLeftAloneAndADeadOnesIsRemoved() throws IOException {
        writeOld();
        Path temp = dir.resolve(".x.pickle.0123456789abcdef.tmp");
        Files.write(temp, new byte[] {0});
        int fd = NativeFlock.openExisting(temp);
        try {
            assertTrue(NativeFlock.tryLock(fd, true));
            Store.open(dir, StoreOptions.defaults()).close();
            assertTrue(Files.exists(temp), "a temp file whose writer holds its lock is live");
        } finally {
            NativeFlock.closeQuietly(fd);
        }
        Store.open(dir, StoreOptions.defaults()).close();
        assertFalse(Files.exists(temp), "its writer is gone: a stray");
    }

    @Test
    void everyFileTheStoreCreatesIsHiddenFromBothListings() {
        List<Path> created = new java.util.concurrent.CopyOnWriteArrayList<>();
        StorageIO recording = new StorageIO() {
            @Override
            public java.nio.channels.FileChannel createNew(Path file) throws IOException {
                created.add(file);
                return StorageIO.super.createNew(file);
            }

            @Override
            public void createSymbolicLink(Path link, String target) throws IOException {
                created.add(link);
                StorageIO.super.createSymbolicLink(link, target);
            }

            @Override
            public void createLink(Path link, Path existing) throws IOException {
                created.add(link);
                StorageIO.super.createLink(link, existing);
            }
        };
        try (Store store = Store.open(dir, StoreOptions.defaults().withIo(recording))) {
            store.write("a.pickle", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1}));
            store.write("a.pickle", WriteMode.UPDATE, MetaChange.set("{\"b\":1}"), PayloadChange.of(new byte[] {2}));
            assertEquals(List.of("a.pickle"), store.list());
        }
        assertTrue(created.size() >= 5, "temp files and a commit record: " + created);
        for (Path p : created) {
            String f = p.getFileName().toString();
            assertTrue(f.startsWith("."), f);
            assertFalse(f.endsWith(".pickle") || f.endsWith(".json"), f + " would be listed as an entry");
        }
    }

    @Test
    void storesOpenedBesideWritersNeverDeleteALiveWritersTempFile() throws Exception {
        writeOld();
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                try (Store store = Store.open(dir, StoreOptions.defaults().withSync(false))) {
                    while (System.nanoTime() < until) {
                        store.write("x", WriteMode.UPDATE, MetaChange.set("{\"w\":" + writes.incrementAndGet() + "}"),
                                PayloadChange.of(new byte[] {3}));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
            threads.add(new Thread(() -> {
                while (System.nanoTime() < until) {
                    Store.open(dir, StoreOptions.defaults()).close(); // each open removes strays
                    opens.incrementAndGet();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures, writes + " writes beside " + opens + " opens");
        assertTrue(writes.get() > 100 && opens.get() > 100, writes + " writes, " + opens + " opens");
    }

    @Test
    void aFullDirectoryUnderARecordsNameTakesNoLockAndAnEmptyOneGoes() throws Exception {
        writeOld();
        Path full = Files.createDirectories(dir.resolve(".x.commit"));
        Files.writeString(full.resolve("inside"), "not the store's");
        StoreOptions options = StoreOptions.defaults().withLockTimeout(java.time.Duration.ofMillis(300));
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (EntryLocks.Held lock = EntryLocks.exclusive(dir.toRealPath(), "x", dir.resolve("x.lock"),
                    java.util.concurrent.TimeUnit.SECONDS.toNanos(5))) {
                held.countDown();
                done.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        try {
            assertTrue(held.await(5, java.util.concurrent.TimeUnit.SECONDS));
            // With x's lock held elsewhere, a listing that took it for the directory would time out.
            try (Store store = Store.open(dir, options)) {
                assertEquals(List.of("x"), store.list());
                assertEquals(List.of("x"), store.list());
            }
        } finally {
            done.countDown();
            holder.join();
        }
        assertEquals("not the store's", Files.readString(full.resolve("inside")));
        Files.delete(full.resolve("inside"));
        try (Store store = Store.open(dir, options)) {
            assertEquals(OLD_META, store.readMeta("x"));
        }
        assertFalse(Files.exists(full), "an empty directory under a record's name is removed under the lock");
    }

    @Test
    void aDirectorySyncThatFailsWhileOpeningStillFailsTheOpen() throws IOException {
        writeOld();
        plantTemps();
        Files.createSymbolicLink(dir.resolve(".x.commit"), Path.of("dirdb1:00112233445566aa:00112233445566bb"));
        StorageIO failingSync = new StorageIO() {
            @Override
            public void syncDirectory(Path directory) throws IOException {
                throw new IOException("injected: fsync of the directory failed");
            }
        };
        // One entry that cannot be finished yet does not keep the store shut; a store that can no longer
        // write anything (its fsync failed) does.
        StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class,
                () -> Store.open(dir, StoreOptions.defaults().withIo(failingSync)).close());
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            assertEquals(NEW_META, store.readMeta("x"));
            assertArrayEquals(new byte[] {2, 2}, payload(store, "x"));
        }
    }
}
