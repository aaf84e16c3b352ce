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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dirdb.reliability.FaultyIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModifyAndRenameTest {
    @TempDir
    Path dir;

    private Store open() {
        return Store.open(dir, StoreOptions.defaults());
    }

    private static byte[] data(Store store, String name) throws IOException {
        try (InputStream in = store.openPayload(store.payload(name))) {
            return in.readAllBytes();
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void modifyDecidesUnderTheLockAndReportsWhatItDid() {
        try (Store store = open()) {
            Store.Change set = new Store.Change(MetaChange.set("{\"v\":1}"), PayloadChange.KEEP);
            assertEquals(Store.Outcome.CREATED, store.modify("a", cur -> set));
            assertEquals(Store.Outcome.UNCHANGED, store.modify("a", cur -> cur.meta().contains("2") ? set : null));
            assertEquals(Store.Outcome.UPDATED, store.modify("a", cur -> new Store.Change(
                    MetaChange.set("{\"v\":2,\"was\":" + cur.meta() + "}"), PayloadChange.KEEP)));
            assertEquals("{\"v\":2,\"was\":{\"v\":1}}", store.readMeta("a"));
        }
    }

    @Test
    void aDecisionToDoNothingOnAMissingEntryLeavesNoFileBehind() {
        try (Store store = open()) {
            DirSnapshot before = DirSnapshot.of(dir);
            assertEquals(Store.Outcome.UNCHANGED, store.modify("ghost", cur -> null));
            assertFalse(store.delete("ghost", cur -> true));
            assertEquals(before, DirSnapshot.of(dir));
        }
    }

    @Test
    void conditionalDeleteChecksUnderTheLock() {
        try (Store store = open()) {
            store.write("k", WriteMode.INSERT, MetaChange.set("{\"keep\":true}"), PayloadChange.KEEP);
            assertFalse(store.delete("k", cur -> cur.meta().contains("false")));
            assertEquals(List.of("k"), store.list());
            assertTrue(store.delete("k", cur -> cur.meta().contains("true")));
            assertEquals(List.of(), store.list());
        }
    }

    @Test
    void aStagedPayloadIsWrittenOnceAndDuplicatesServeMoreEntries() throws IOException {
        try (Store store = open()) {
            byte[] bytes = {4, 5, 6};
            try (StagedPayload staged = store.stage(new ByteArrayInputStream(bytes), -1)) {
                assertEquals(3, staged.length());
                StagedPayload copy = staged.duplicate();
                store.modify("one", cur -> new Store.Change(MetaChange.KEEP, new PayloadChange.Staged(staged)));
                store.modify("two", cur -> new Store.Change(MetaChange.KEEP, new PayloadChange.Staged(copy)));
                assertThrows(IllegalStateException.class, staged::duplicate);
                copy.close();
            }
            assertArrayEquals(new byte[] {4, 5, 6}, data(store, "one"));
            assertArrayEquals(new byte[] {4, 5, 6}, data(store, "two"));
            try (StagedPayload unused = store.stage(new ByteArrayInputStream(bytes), 3)) {
                assertTrue(files().stream().anyMatch(f -> f.startsWith(".dirdb-staged.")));
            }
        }
        assertEquals(List.of("one.lock", "one.pickle", "two.lock", "two.pickle"), files(), "no staged file left");
    }

    @Test
    void renameMovesEveryFileAndRefusesAnExistingTarget() throws IOException {
        try (Store store = open()) {
            store.write("old", WriteMode.INSERT, MetaChange.set("{\"m\":1}"), PayloadChange.of(new byte[] {1}));
            store.write("other", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP);
            DirSnapshot before = DirSnapshot.of(dir);
            StoreException e = assertThrows(StoreException.class, () -> store.rename("old", "other"));
            assertEquals(StoreException.Reason.EXISTS, e.reason());
            assertEquals(before, DirSnapshot.of(dir));
            assertTrue(store.rename("old", "new"));
            assertEquals(List.of("new", "other"), store.list());
            assertEquals("{\"m\":1}", store.readMeta("new"));
            assertArrayEquals(new byte[] {1}, data(store, "new"));
            assertFalse(store.rename("old", "again"));
            assertFalse(files().stream().anyMatch(f -> f.startsWith(".")), files().toString());
        }
    }

    /**
     * Entry {@code from} ({@code {"r":1}}, payload {@code 9}) in {@code store} as a crash in its rename to
     * {@code to} leaves it: both records written, the payload renamed, the metadata not yet.
     */
    private static void interruptedRename(Path store) throws IOException {
        try (Store s = Store.open(store, StoreOptions.defaults())) {
            s.write("from", WriteMode.INSERT, MetaChange.set("{\"r\":1}"), PayloadChange.of(new byte[] {9}));
        }
        String record = "{\"format\":\"dirdb-commit/1\",\"entry\":\"to\",\"from\":\"from\",\"ops\":["
                + "{\"target\":\"to.pickle\",\"source\":\"from.pickle\"},"
                + "{\"target\":\"to.json\",\"source\":\"from.json\"}]}";
        Files.writeString(store.resolve(".from.commit"), record);
        Files.writeString(store.resolve(".to.commit"), record);
        Files.move(store.resolve("from.pickle"), store.resolve("to.pickle"));
    }

    @Test
    void aRenameInterruptedAfterItsCommitPointIsFinishedFromEitherName() throws IOException {
        for (String usedFirst : List.of("from", "to")) {
            Path sub = dir.resolve(usedFirst);
            interruptedRename(sub);
            try (Store store = Store.open(sub, StoreOptions.defaults().withReadOnly(true))) {
                assertEquals(List.of("from", "to"), store.list(), "read-only: shown as on disk");
            }
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                if (usedFirst.equals("from")) {
                    assertNull(store.readMeta("from"));
                } else {
                    assertEquals("{\"r\":1}", store.readMeta("to"));
                }
                assertEquals(List.of("to"), store.list());
                assertArrayEquals(new byte[] {9}, data(store, "to"));
            }
            try (Stream<Path> s = Files.list(sub)) {
                assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".commit")));
            }
        }
    }

    @Test
    void openingWaitsBrieflyForTheOtherEntryOfAnInterruptedRename() throws Exception {
        interruptedRename(dir);
        // Another process holds the entry the rename goes to; the store's lock timeout is long.
        int holder = NativeFlock.openLockFile(dir.resolve("to.lock"), true);
        try {
            assertTrue(NativeFlock.tryLock(holder, true));
            long started = System.nanoTime();
            try (Store store = Store.open(dir, StoreOptions.defaults().withLockTimeout(java.time.Duration.ofSeconds(30)))) {
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                // One second for each name's recovery at most, not the 30 s the statements would wait.
                assertTrue(seconds < 10, "the opening took " + seconds + " s");
                assertTrue(Files.exists(dir.resolve(".from.commit")), "left for the entry's next use");
                NativeFlock.closeQuietly(holder);
                holder = -1;
                assertEquals(List.of("to"), store.list());
                assertArrayEquals(new byte[] {9}, data(store, "to"));
                assertEquals("{\"r\":1}", store.readMeta("to"));
            }
        } finally {
            NativeFlock.closeQuietly(holder);
        }
    }

    /**
     * A rename's record commits only once it is under both names (the second is written before the directory
     * fsync that is the commit point), so a record under one name alone is a rename that never committed, or
     * one whose replay has finished: it is removed and nothing is renamed. So is a record under one name that
     * the other name's record does not match, or that the other name holds only through a link.
     */
    @Test
    void aRenameRecordUnderOneNameAloneIsDiscardedAndRenamesNothing() throws IOException {
        String record = "{\"format\":\"dirdb-commit/1\",\"entry\":\"to\",\"from\":\"from\",\"ops\":["
                + "{\"target\":\"to.pickle\",\"source\":\"from.pickle\"},"
                + "{\"target\":\"to.json\",\"source\":\"from.json\"}]}";
        String another = record.replace("\"from\"", "\"x\"").replace("from.", "x.");
        String link = "a link to a file holding the same record";
        String[][] cases = {{record, null}, {null, record}, {record, another}, {record, link}};
        for (int i = 0; i < cases.length; i++) {
            Path sub = dir.resolve("case" + i);
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                store.write("from", WriteMode.INSERT, MetaChange.set("{\"r\":1}"), PayloadChange.of(new byte[] {9}));
            }
            if (cases[i][0] != null) {
                Files.writeString(sub.resolve(".from.commit"), cases[i][0]);
            }
            if (cases[i][1] == link) {
                Files.createSymbolicLink(sub.resolve(".to.commit"),
                        Files.writeString(dir.resolve("same-record" + i), record));
            } else if (cases[i][1] != null) {
                Files.writeString(sub.resolve(".to.commit"), cases[i][1]);
            }
            String what = "case " + i;
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                assertEquals(List.of("from"), store.list(), what);
                assertEquals("{\"r\":1}", store.readMeta("from"), what);
                assertArrayEquals(new byte[] {9}, data(store, "from"), what);
            }
            try (Stream<Path> s = Files.list(sub)) {
                assertEquals(List.of("from.json", "from.pickle"), s.map(p -> p.getFileName().toString())
                        .filter(f -> !f.endsWith(".lock")).sorted().toList(), what + ": no record is left");
            }
        }
    }

    /**
     * A rename refused after its first record was written (a directory holds the second record's name) must
     * stay refused even when that first record cannot be removed: a later recovery finds it alone and
     * renames nothing.
     */
    @Test
    void aRefusedRenameWhoseFirstRecordCannotBeRemovedNeverTakesEffect() throws IOException {
        int unlinkOfFirstRecord = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            Path sub = dir.resolve("attempt" + attempt);
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                store.write("from", WriteMode.INSERT, MetaChange.set("{\"r\":1}"), PayloadChange.of(new byte[] {9}));
            }
            Path planted = Files.createDirectories(sub.resolve(".to.commit").resolve("kept"));
            // The first attempt only counts the write points, to find the removal of the first record.
            FaultyIO io = FaultyIO.failingAt(unlinkOfFirstRecord);
            try (Store store = Store.open(sub, StoreOptions.defaults().withIo(io))) {
                io.arm();
                StoreException e = assertThrows(StoreException.class, () -> store.rename("from", "to"));
                assertEquals(StoreException.Reason.CORRUPT, e.reason(), e.getMessage());
                assertTrue(e.getMessage().contains(".to.commit"), e.getMessage());
            }
            if (attempt == 0) {
                List<String> points = io.points();
                unlinkOfFirstRecord = points.lastIndexOf("create") + 2;
                assertEquals("unlink", points.get(unlinkOfFirstRecord - 1), points.toString());
                assertFalse(Files.exists(sub.resolve(".from.commit")));
                continue;
            }
            assertEquals("unlink", io.failedPoint());
            assertTrue(Files.exists(sub.resolve(".from.commit")), "the record the refused rename could not remove");
            Files.delete(planted);
            Files.delete(planted.getParent());
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                assertEquals(List.of("from"), store.list());
                assertEquals("{\"r\":1}", store.readMeta("from"));
                assertArrayEquals(new byte[] {9}, data(store, "from"));
            }
            assertFalse(Files.exists(sub.resolve(".from.commit")));
        }
    }

    /**
     * A disk that goes read-only as the second copy of a rename's record is made durable: both copies are whole
     * and neither can be removed, so recovery will complete the rename. The error says so instead of reporting
     * a rename that did not happen, and the store refuses writes until it is reopened; reopened, it has the
     * rename done, whole.
     */
    @Test
    void aRenameWhoseWholeRecordsCannotBeRemovedReportsThatRecoveryCompletesIt() throws IOException {
        int secondRecordFsync = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            Path sub = dir.resolve("attempt" + attempt);
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                store.write("from", WriteMode.INSERT, MetaChange.set("{\"r\":1}"), PayloadChange.of(new byte[] {9}));
            }
            // The first attempt only counts the write points, to find the fsync of the second copy.
            FaultyIO io = FaultyIO.failingFrom(secondRecordFsync);
            try (Store store = Store.open(sub, StoreOptions.defaults().withIo(io))) {
                io.arm();
                if (attempt == 0) {
                    assertTrue(store.rename("from", "to"));
                    List<String> points = io.points();
                    secondRecordFsync = points.subList(0, points.lastIndexOf("create")).size() + 3;
                    assertEquals(List.of("create", "write", "fsync"),
                            points.subList(secondRecordFsync - 3, secondRecordFsync), points.toString());
                    continue;
                }
                StoreException e = assertThrows(StoreException.class, () -> store.rename("from", "to"));
                assertEquals("fsync", io.failedPoint());
                assertTrue(e.getMessage().contains("recovery completes that change")
                        && e.getMessage().contains(".from.commit") && e.getMessage().contains(".to.commit"),
                        e.getMessage());
                StoreException refused = assertThrows(StoreException.class, () -> store.write("other",
                        WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP));
                assertEquals(StoreException.Reason.POISONED, refused.reason(), refused.getMessage());
            }
            try (Store store = Store.open(sub, StoreOptions.defaults())) {
                assertEquals(List.of("to"), store.list());
                assertEquals("{\"r\":1}", store.readMeta("to"));
                assertArrayEquals(new byte[] {9}, data(store, "to"));
            }
            try (Stream<Path> s = Files.list(sub)) {
                assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".commit")));
            }
        }
    }

    @Test
    void subDatabasesAreCreatedListedOpenedAndDroppedOnlyWhenTheyHoldEntries() throws IOException {
        try (Store store = open()) {
            store.createSub("runs");
            assertThrows(StoreException.class, () -> store.createSub("runs"));
            Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("runs"));
            Files.createDirectory(dir.resolve(".hidden"));
            assertEquals(List.of("runs"), store.subdirectories());
            StoreException link = assertThrows(StoreException.class, () -> store.sub("linked"));
            assertEquals(StoreException.Reason.NOT_FOUND, link.reason());
            try (Store runs = store.sub("runs")) {
                runs.write("r1", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1}));
                runs.createSub("2024");
            }
            StoreException nested = assertThrows(StoreException.class, () -> store.dropSub("runs"));
            assertEquals(StoreException.Reason.NOT_EMPTY, nested.reason());
            try (Store runs = store.sub("runs")) {
                assertEquals(List.of("r1"), runs.list());
                assertTrue(runs.dropSub("2024"));
                Files.writeString(runs.directory().resolve("notes.txt"), "mine");
            }
            StoreException foreign = assertThrows(StoreException.class, () -> store.dropSub("runs"));
            assertTrue(foreign.getMessage().contains("notes.txt"), foreign.getMessage());
            Files.delete(dir.resolve("runs/notes.txt"));
            assertTrue(store.dropSub("runs"));
            assertFalse(Files.exists(dir.resolve("runs")));
            assertFalse(store.dropSub("runs"));
        }
    }
}
