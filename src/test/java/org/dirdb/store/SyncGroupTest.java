package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: inside a {@link SyncGroup}, the directory fsync that makes a one-file commit durable is made
 * once when the group closes, while every fsync that orders the commit protocol is still made in place.
 */
class SyncGroupTest {
    private static final String FSYNC_DIR = "fsync directory";

    @TempDir
    Path dir;

    private long sweepBefore;

    @BeforeEach
    void countedFsyncsComeOnlyFromTheStatements() {
        // The marker of fill()'s last insert would otherwise get an fsync of its own 50 ms later.
        sweepBefore = FinishedMarkers.delayMillis;
        FinishedMarkers.delayMillis = 600_000;
    }

    @AfterEach
    void restoreTheSweep() {
        FinishedMarkers.delayMillis = sweepBefore;
    }

    private Store open(StorageIO io) {
        return Store.open(dir, StoreOptions.defaults().withIo(io).withWatch(false));
    }

    private static void fill(Store s, int n) {
        for (int i = 0; i < n; i++) {
            s.write("e" + i, WriteMode.INSERT, MetaChange.set("{\"v\":0}"), PayloadChange.of(new byte[] {(byte) i}));
        }
    }

    /**
     * Fills entries through a store that is then closed: a store keeps the marker of its last two-file commit
     * until its next directory fsync, and an update of that entry would have to finish it with one.
     */
    private void filled(int n) {
        try (Store setUp = open(StorageIO.DEFAULT)) {
            fill(setUp, n);
        }
    }

    private static void updateAll(Store s, int n, int v) {
        for (int i = 0; i < n; i++) {
            assertTrue(s.write("e" + i, WriteMode.UPDATE, MetaChange.set("{\"v\":" + v + "}"), PayloadChange.KEEP));
        }
    }

    @Test
    void metadataUpdatesInAGroupShareOneDirectoryFsync() {
        CallCounter io = new CallCounter();
        try (Store s = open(io)) {
            fill(s, 20);
            io.taken();
            updateAll(s, 20, 1);
            assertEquals(20, io.count(FSYNC_DIR), "one per update outside a group");
            io.taken();
            try (SyncGroup group = SyncGroup.open()) {
                updateAll(s, 20, 2);
                assertEquals(0, io.count(FSYNC_DIR), "none while the group is open");
            }
            assertEquals(1, io.count(FSYNC_DIR), "one when it closes");
            for (int i = 0; i < 20; i++) {
                assertEquals("{\"v\":2}", s.readMeta("e" + i));
            }
        }
    }

    @Test
    void aTwoFileCommitKeepsItsOrderingFsyncsInsideAGroup() {
        CallCounter io = new CallCounter();
        try (Store s = open(io)) {
            io.taken();
            try (SyncGroup group = SyncGroup.open()) {
                s.write("both", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1, 2}));
                // the commit point (the marker durable) cannot wait; the marker's removal waits for the next
                // fsync, as outside a group
                assertEquals(1, io.count(FSYNC_DIR));
                assertTrue(CommitMarkers.isMarker(dir.resolve(".both.commit")));
            }
            assertEquals(1, io.count(FSYNC_DIR), "nothing was put off");
            assertEquals("{}", s.readMeta("both"));
        }
        assertEquals(2, io.count(FSYNC_DIR), "the close made the renames durable");
        assertTrue(java.nio.file.Files.notExists(dir.resolve(".both.commit"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void anInnerGroupJoinsTheOuterOne() {
        CallCounter io = new CallCounter();
        filled(3);
        try (Store s = open(io)) {
            io.taken();
            try (SyncGroup outer = SyncGroup.open()) {
                try (SyncGroup inner = SyncGroup.open()) {
                    updateAll(s, 3, 1);
                }
                assertEquals(0, io.count(FSYNC_DIR), "the inner close syncs nothing");
                updateAll(s, 3, 2);
            }
            assertEquals(1, io.count(FSYNC_DIR));
            try (SyncGroup again = SyncGroup.open()) {
                updateAll(s, 3, 3);
            }
            assertEquals(2, io.count(FSYNC_DIR), "a closed group is gone from the thread");
        }
    }

    @Test
    void eachDirectoryIsSyncedOnceAndOtherThreadsAreNotDeferred() throws Exception {
        CallCounter io = new CallCounter();
        try (Store setUp = open(StorageIO.DEFAULT)) {
            setUp.createSub("sub");
            fill(setUp, 2);
            try (Store sub = setUp.sub("sub")) {
                fill(sub, 2);
            }
        }
        try (Store s = open(io)) {
            Store sub = s.sub("sub");
            io.taken();
            try (SyncGroup group = SyncGroup.open()) {
                updateAll(s, 2, 1);
                updateAll(sub, 2, 1);
                Thread other = new Thread(() -> s.write("e0", WriteMode.UPDATE, MetaChange.set("{\"t\":1}"),
                        PayloadChange.KEEP));
                other.start();
                other.join();
                assertEquals(1, io.count(FSYNC_DIR), "another thread's statement syncs for itself");
            }
            assertEquals(3, io.count(FSYNC_DIR), "then one for each of the two directories");
        }
    }

    @Test
    void aFailedGroupFsyncIsThrownAndRefusesFurtherWrites() {
        filled(3);
        FailingDirectorySync io = new FailingDirectorySync();
        try (Store s = open(io)) {
            io.failing(true);
            SyncGroup group = SyncGroup.open();
            updateAll(s, 3, 1);
            StoreException e = assertThrows(StoreException.class, group::close);
            assertEquals(StoreException.Reason.IO, e.reason());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            io.failing(false);
            StoreException refused = assertThrows(StoreException.class, () -> updateAll(s, 1, 2));
            assertEquals(StoreException.Reason.POISONED, refused.reason());
            // The updates were applied before the failed fsync; only their durability is unknown.
            assertEquals("{\"v\":1}", s.readMeta("e0"));
        }
    }

    @Test
    void aGroupClosedOnAnInterruptedThreadStillSyncsAndTheStoreGoesOn() {
        filled(3);
        CallCounter io = new CallCounter();
        try (Store s = open(io)) {
            io.taken();
            try (SyncGroup group = SyncGroup.open()) {
                updateAll(s, 3, 1);
                // A statement stopped at a row by an interrupt (a pool's timeout) still closes its group.
                Thread.currentThread().interrupt();
            } finally {
                assertTrue(Thread.interrupted(), "the flag is set again for the caller");
            }
            assertEquals(1, io.count(FSYNC_DIR), "the group's fsync was made");
            updateAll(s, 3, 2); // the store was not taken for one whose fsync failed
            assertEquals("{\"v\":2}", s.readMeta("e2"));
        }
    }
}
