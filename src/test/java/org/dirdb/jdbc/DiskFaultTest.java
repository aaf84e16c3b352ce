package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dirdb.reliability.FaultyIO;
import org.dirdb.reliability.Figures;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;
import org.dirdb.store.StoreOptions;
import org.dirdb.store.WriteMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Disk faults at every write point of every write path: ENOSPC when creating or writing a file, EIO on
 * fsync, on rename and on unlink, injected through the store's I/O seam under a real JDBC connection.
 * The error reaches the caller as an SQLException with an SQLState; the entry stays whole (the old
 * version, or the new one when the fault came after the commit point, in which case the message says
 * the commit will be completed); reopening leaves no store file behind; after a failed fsync the store
 * refuses writes until it is reopened. Also a real full disk (a small tmpfs), and short writes.
 */
class DiskFaultTest {
    private static final byte[] OLD = bytes(3000, 1);
    private static final byte[] NEW = bytes(5000, 2);
    private static final Map<String, Object> FIGURES = Figures.map();
    private static int faults;
    private static int oldKept;
    private static int newCompleted;
    private static final TreeSet<String> KINDS = new TreeSet<>();

    @TempDir
    Path root;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @AfterAll
    static void record() {
        FIGURES.put("faults injected", faults);
        FIGURES.put("kinds of write point", String.join(", ", KINDS));
        FIGURES.put("outcome: old version kept", oldKept);
        FIGURES.put("outcome: new version completed (fault after the commit point)", newCompleted);
        Figures.record(3, "Disk faults",
                "An I/O error at every write point of every write path (ENOSPC on create and write, EIO on "
                        + "creating a commit marker, fsync, rename, unlink and directory fsync) reaches the caller as an SQLException with an "
                        + "SQLState; every entry stays whole, nothing is left behind once the store is reopened, and "
                        + "after a failed fsync the store refuses writes until it is reopened. Short writes are "
                        + "looped over; a really full file system fails the statement and keeps the old version.",
                FIGURES);
    }

    /** One write path: what it does, and the two states an entry may be in afterwards. */
    private record WritePath(String label, Action action, Check check) {}

    private interface Action {
        void run(Connection c, Store s) throws Exception;
    }

    private interface Check {
        /** Returns "old" or "new", or fails. */
        String of(Store s) throws Exception;
    }

    private static byte[] data(Store s, String name) throws IOException {
        var p = s.payload(name);
        if (p == null) {
            return null;
        }
        try (InputStream in = s.openPayload(p)) {
            return in.readAllBytes();
        }
    }

    private static String state(Store s, String name, String meta, byte[] data, String label) throws Exception {
        if (java.util.Objects.equals(s.readMeta(name), meta) && Arrays.equals(data(s, name), data)) {
            return label;
        }
        return null;
    }

    private static String either(String a, String b, String what) {
        if (a != null) {
            return a;
        }
        if (b != null) {
            return b;
        }
        throw new AssertionError("torn entry after " + what);
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof byte[] b) {
                    p.setBinaryStream(i + 1, new ByteArrayInputStream(b), b.length);
                } else {
                    p.setObject(i + 1, params[i]);
                }
            }
            p.executeUpdate();
        }
    }

    private static List<WritePath> paths() {
        String v1 = "{\"v\":1}";
        String v2 = "{\"v\":2}";
        return List.of(
                new WritePath("INSERT meta+data", (c, s) -> exec(c, "INSERT INTO db (name, meta, data) VALUES (?, ?, ?)",
                        "z", v2, NEW), s -> either(s.stat("z") == null ? "old" : null, state(s, "z", v2, NEW, "new"),
                        "insert")),
                new WritePath("UPDATE meta", (c, s) -> exec(c, "UPDATE db SET meta = ? WHERE name = ?", v2, "x"),
                        s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", v2, OLD, "new"), "update meta")),
                new WritePath("UPDATE data", (c, s) -> exec(c, "UPDATE db SET data = ? WHERE name = ?", NEW, "x"),
                        s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", v1, NEW, "new"), "update data")),
                new WritePath("batch of two UPDATE meta", (c, s) -> {
                    try (PreparedStatement p = c.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
                        for (String meta : new String[] {"{\"v\":3}", v2}) {
                            p.setString(1, meta);
                            p.setString(2, "x");
                            p.addBatch();
                        }
                        p.executeBatch();
                    }
                }, s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", "{\"v\":3}", OLD, "new") != null ? "new"
                        : state(s, "x", v2, OLD, "new"), "batch of updates")),
                new WritePath("UPDATE meta+data", (c, s) -> exec(c, "UPDATE db SET meta = ?, data = ? WHERE name = ?",
                        v2, NEW, "x"), s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", v2, NEW, "new"),
                        "update both")),
                new WritePath("UPDATE meta = NULL", (c, s) -> exec(c, "UPDATE db SET meta = NULL WHERE name = ?", "x"),
                        s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", null, OLD, "new"), "meta to null")),
                new WritePath("DELETE", (c, s) -> exec(c, "DELETE FROM db WHERE name = ?", "x"),
                        s -> either(state(s, "x", v1, OLD, "old"), s.stat("x") == null ? "new" : null, "delete")),
                new WritePath("rename", (c, s) -> s.rename("x", "x2"),
                        s -> either(s.stat("x2") == null ? state(s, "x", v1, OLD, "old") : null,
                                s.stat("x") == null ? state(s, "x2", v1, OLD, "new") : null, "rename")),
                new WritePath("read-modify-write of meta", (c, s) -> s.write("x", WriteMode.UPDATE,
                        new MetaChange.Transform(m -> v2), PayloadChange.KEEP),
                        s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", v2, OLD, "new"), "transform")),
                new WritePath("staged payload upsert", (c, s) -> {
                    try (var staged = s.stage(new ByteArrayInputStream(NEW), NEW.length)) {
                        s.modify("x", cur -> new Store.Change(MetaChange.set(v2), new PayloadChange.Staged(staged)));
                    }
                }, s -> either(state(s, "x", v1, OLD, "old"), state(s, "x", v2, NEW, "new"), "staged upsert")));
    }

    private Path fresh(String name) {
        Path dir = root.resolve(name);
        try (Store s = Store.open(dir, StoreOptions.defaults())) {
            s.write("x", WriteMode.INSERT, MetaChange.set("{\"v\":1}"), PayloadChange.of(OLD));
            s.write("y", WriteMode.INSERT, MetaChange.set("{\"y\":1}"), PayloadChange.KEEP);
        }
        return dir;
    }

    private static List<String> storeFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
        }
    }

    /** With the default, the 5,000-byte payload goes through the page cache; with 4096, around it. */
    @ParameterizedTest(name = "directWriteMin={0}")
    @ValueSource(longs = {StoreOptions.DEFAULT_DIRECT_WRITE_MIN, 4096})
    void aFaultAtEveryWritePointOfEveryPathKeepsEntriesWhole(long directWriteMin) throws Exception {
        int pathNo = 0;
        for (WritePath path : paths()) {
            pathNo++;
            // How many write points does this path have?
            FaultyIO counting = FaultyIO.failingAt(0);
            int during;
            Path probe = fresh("probe" + pathNo);
            try (Store s = Store.open(probe, StoreOptions.defaults().withIo(counting).withDirectWriteMin(directWriteMin));
                    Connection c = new DirdbConnection("jdbc:dirdb:" + probe, s)) {
                counting.arm();
                path.action().run(c, s);
                during = counting.points().size();
            }
            // The points after the statement are the close's: the directory fsync and the removal of a marker
            // that waited for it (a commit of two files leaves its marker for the store's next fsync).
            int points = counting.points().size();
            FIGURES.put("write points: " + path.label() + (directWriteMin < NEW.length ? ", direct" : ""),
                    points + " (" + String.join(" ", counting.points()) + ")");
            assertTrue(points >= 2, path.label() + ": " + counting.points());
            for (int k = 1; k <= points; k++) {
                Path dir = fresh("p" + pathNo + "k" + k);
                FaultyIO io = FaultyIO.failingAt(k);
                try (Store s = Store.open(dir, StoreOptions.defaults().withIo(io).withDirectWriteMin(directWriteMin));
                        Connection c = new DirdbConnection("jdbc:dirdb:" + dir, s)) {
                    io.arm();
                    if (k > during) {
                        // A fault at the close: the statement was acknowledged, and its marker is durable.
                        path.action().run(c, s);
                        faults++;
                    } else {
                        Exception e = assertThrows(Exception.class, () -> path.action().run(c, s),
                                path.label() + " with a fault at point " + k);
                        faults++;
                        KINDS.add(io.failedPoint());
                        String message = e.getMessage();
                        assertTrue(message.contains("injected fault"), message);
                        if (e instanceof SQLException sql) {
                            assertNotNull(sql.getSQLState(), message);
                            assertEquals("58030", sql.getSQLState(), path.label() + " at " + io.failedPoint() + ": " + message);
                        } else if (!(e instanceof StoreException)) {
                            fail(path.label() + " threw " + e);
                        }
                        if (io.failedPoint().startsWith("fsync")) {
                            SQLException refused = assertThrows(SQLException.class,
                                    () -> exec(c, "UPDATE db SET meta = ? WHERE name = ?", "{\"after\":1}", "y"));
                            assertEquals("58030", refused.getSQLState());
                            assertTrue(refused.getMessage().contains("refuses writes"), refused.getMessage());
                        }
                    }
                }
                try (Store s = Store.open(dir, StoreOptions.defaults())) {
                    String outcome = path.check().of(s);
                    if (k > during) {
                        assertEquals("new", outcome, path.label() + ": acknowledged before the fault at the close");
                    }
                    if (outcome.equals("old")) {
                        oldKept++;
                    } else {
                        newCompleted++;
                    }
                    assertEquals("{\"y\":1}", s.readMeta("y"), "the other entry is untouched");
                }
                assertEquals(List.of(), storeFiles(dir), path.label() + " after a fault at " + io.failedPoint());
            }
        }
        assertTrue(faults >= 20, "faults injected: " + faults);
        assertTrue(KINDS.containsAll(List.of("create", "create-marker", "write", "write-at", "fsync", "rename", "unlink",
                "fsync-dir")),
                KINDS.toString());
    }

    @ParameterizedTest(name = "directWriteMin={0}")
    @ValueSource(longs = {StoreOptions.DEFAULT_DIRECT_WRITE_MIN, 4096})
    void shortWritesAreLoopedOverOnEveryPath(long directWriteMin) throws Exception {
        int pathNo = 0;
        for (WritePath path : paths()) {
            Path dir = fresh("short" + pathNo++);
            try (Store s = Store.open(dir, StoreOptions.defaults().withIo(FaultyIO.shortWrites().arm())
                    .withDirectWriteMin(directWriteMin));
                    Connection c = new DirdbConnection("jdbc:dirdb:" + dir, s)) {
                path.action().run(c, s);
            }
            try (Store s = Store.open(dir, StoreOptions.defaults())) {
                assertEquals("new", path.check().of(s), path.label());
            }
        }
        FIGURES.put("paths completed with 7-byte writes", pathNo);
    }

    @Test
    void aReallyFullFileSystemFailsTheStatementAndKeepsTheOldVersion() throws Exception {
        Path mount = root.resolve("tmpfs");
        Files.createDirectories(mount);
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String why = new String(m.getInputStream().readAllBytes()).trim();
        Assumptions.assumeTrue(m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0,
                "cannot mount a small tmpfs here (needs root): " + why);
        try {
            byte[] mib = bytes(1 << 20, 3);
            try (Connection c = new DirdbConnection("jdbc:dirdb:" + mount, Store.open(mount, StoreOptions.defaults()))) {
                exec(c, "INSERT INTO db (name, meta, data) VALUES (?, ?, ?)", "keep", "{\"k\":1}", mib);
                int filler = 0;
                SQLException full = null;
                while (full == null && filler < 10) {
                    try {
                        exec(c, "INSERT INTO db (name, meta, data) VALUES (?, ?, ?)", "fill" + filler, "{}", mib);
                        filler++;
                    } catch (SQLException e) {
                        full = e;
                    }
                }
                assertNotNull(full, "the 4 MiB file system never filled up");
                assertEquals("58030", full.getSQLState(), full.getMessage());
                assertTrue(full.getMessage().contains("No space left"), full.getMessage());
                SQLException update = assertThrows(SQLException.class,
                        () -> exec(c, "UPDATE db SET data = ? WHERE name = ?", bytes(3 << 20, 4), "keep"));
                assertEquals("58030", update.getSQLState());
                String lastMarker = ".fill" + (filler - 1) + ".commit"; // the last commit's, kept for the next fsync
                assertEquals(List.of(), storeFiles(mount).stream().filter(f -> !f.equals(lastMarker)).toList(),
                        "no temp file left on the full file system");
                exec(c, "DELETE FROM db WHERE name = ?", "fill0");
                exec(c, "UPDATE db SET meta = ? WHERE name = ?", "{\"k\":2}", "keep");
                FIGURES.put("full tmpfs: entries written before ENOSPC", filler + 1);
            }
            assertEquals(List.of(), storeFiles(mount), "nothing of the store's own left once it is closed");
            try (Store s = Store.open(mount, StoreOptions.defaults())) {
                assertArrayEquals(mib, data(s, "keep"), "the old payload survived the failed update");
                assertEquals("{\"k\":2}", s.readMeta("keep"), "ENOSPC does not poison the store");
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
