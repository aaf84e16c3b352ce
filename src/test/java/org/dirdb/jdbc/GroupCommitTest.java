package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.CallCounter;
import org.dirdb.store.FailingDirectorySync;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit through JDBC, with durable writes: a batch, or one statement that changes many entries,
 * makes the directory fsync of its one-file commits once, when it ends, and still once when it stops at a
 * failing statement, so that the statements before it are durable when the exception is thrown.
 */
class GroupCommitTest {
    private static final int N = 30;
    private static final String FSYNC_DIR = "fsync directory";

    @TempDir
    Path dir;
    private final CallCounter io = new CallCounter();
    private Store store;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        store = Store.open(dir, StoreOptions.defaults().withIo(io).withWatch(false));
        c = new DirdbConnection("jdbc:dirdb:" + dir, store);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO db (name, meta) VALUES (?, ?)")) {
            for (int i = 0; i < N; i++) {
                ps.setString(1, name(i));
                ps.setString(2, "{\"v\": 0}");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        io.taken();
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
        store.close();
    }

    private static String name(int i) {
        return String.format("e%02d", i);
    }

    private List<String> metas() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT meta FROM db ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aPreparedBatchOfMetadataUpdatesSyncsTheDirectoryOnce() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
            for (int i = 0; i < N; i++) {
                ps.setString(1, "{\"v\": " + (i + 1) + "}");
                ps.setString(2, name(i));
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            assertEquals(N, java.util.Arrays.stream(counts).filter(n -> n == 1).count());
        }
        assertEquals(1, io.count(FSYNC_DIR));
        List<String> metas = metas();
        for (int i = 0; i < N; i++) {
            assertEquals("{\"v\": " + (i + 1) + "}", metas.get(i));
        }
        io.taken();
        try (PreparedStatement ps = c.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
            ps.setString(1, "{\"single\": true}");
            ps.setString(2, name(0));
            assertEquals(1, ps.executeUpdate());
        }
        assertEquals(1, io.count(FSYNC_DIR), "a single statement syncs as before");
    }

    @Test
    void aStatementBatchSyncsTheDirectoryOnce() throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < N; i++) {
                s.addBatch("UPDATE db SET meta = '{\"s\": " + i + "}' WHERE name = '" + name(i) + "'");
            }
            assertEquals(N, s.executeBatch().length);
        }
        assertEquals(1, io.count(FSYNC_DIR));
        assertEquals("{\"s\": " + (N - 1) + "}", metas().get(N - 1));
    }

    @Test
    void oneStatementThatChangesManyEntriesSyncsTheDirectoryOnce() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertEquals(N, s.executeUpdate("UPDATE db SET meta = JSON_SET(meta, '$.all', 1)"));
        }
        assertEquals(1, io.count(FSYNC_DIR));
        assertEquals(List.of("{\"v\":0,\"all\":1}"), metas().stream().distinct().toList());
    }

    @Test
    void aBatchThatStopsAtAFailureSyncsWhatWentBeforeIt() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
            for (int i = 0; i < 5; i++) {
                ps.setString(1, i == 3 ? "[\"not an object\"]" : "{\"b\": " + i + "}");
                ps.setString(2, name(i));
                ps.addBatch();
            }
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertEquals("22032", e.getSQLState(), e.getMessage());
            assertArrayEquals(new long[] {1, 1, 1}, e.getLargeUpdateCounts());
            assertEquals(true, e.getMessage().contains("batch statement 4"), e.getMessage());
            assertEquals(true, e.getMessage().contains(name(3)), e.getMessage());
        }
        assertEquals(1, io.count(FSYNC_DIR), "the three updates before the failure were made durable");
        List<String> metas = metas();
        assertEquals(List.of("{\"b\": 0}", "{\"b\": 1}", "{\"b\": 2}", "{\"v\": 0}", "{\"v\": 0}"), metas.subList(0, 5));
    }

    @Test
    void aBatchOnASubTableSyncsItsDirectoryOnceAndTheTableCanBeDropped() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (name VARCHAR PRIMARY KEY, meta VARCHAR, data BLOB)");
            s.executeUpdate("INSERT INTO t (name, meta) VALUES ('a', '{}'), ('b', '{}'), ('c', '{}')");
        }
        io.taken();
        try (PreparedStatement ps = c.prepareStatement("UPDATE t SET meta = ? WHERE name = ?")) {
            for (String name : List.of("a", "b", "c", "a")) {
                ps.setString(1, "{\"n\": \"" + name + "\"}");
                ps.setString(2, name);
                ps.addBatch();
            }
            assertArrayEquals(new int[] {1, 1, 1, 1}, ps.executeBatch());
        }
        assertEquals(1, io.count(FSYNC_DIR), "each statement opens the sub-table anew; its directory is synced once");
        try (Statement s = c.createStatement()) {
            // A batch that changes the table and then drops it: the put-off fsync finds the directory gone.
            s.addBatch("UPDATE t SET meta = '{\"last\": 1}' WHERE name = 'b'");
            s.addBatch("DROP TABLE t");
            s.executeBatch();
            SQLException gone = assertThrows(SQLException.class, () -> s.executeQuery("SELECT name FROM t"));
            assertEquals("42S02", gone.getSQLState());
            assertEquals(1, s.executeUpdate("UPDATE db SET meta = '{}' WHERE name = 'e00'"), "the store still writes");
        }
    }

    @Test
    void aFailedFsyncAtTheEndOfABatchIsThrownWithTheCounts(@TempDir Path other) throws SQLException {
        FailingDirectorySync failing = new FailingDirectorySync();
        try (Store s = Store.open(other, StoreOptions.defaults().withIo(failing).withWatch(false));
                Connection conn = new DirdbConnection("jdbc:dirdb:" + other, s);
                PreparedStatement ps = conn.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("INSERT INTO db (name, meta) VALUES ('a', '{}'), ('b', '{}'), ('c', '{}')");
            }
            failing.failing(true);
            for (String name : List.of("a", "b", "c")) {
                ps.setString(1, name.equals("c") ? "[]" : "{\"x\": 1}");
                ps.setString(2, name);
                ps.addBatch();
            }
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertEquals("58030", e.getSQLState(), e.getMessage());
            assertArrayEquals(new long[] {1, 1}, e.getLargeUpdateCounts());
            assertEquals(true, e.getMessage().contains("could not be made durable"), e.getMessage());
            assertEquals("22032", ((SQLException) e.getSuppressed()[0]).getSQLState(), "the failing statement's own error");
            failing.failing(false);
            ps.setString(1, "{}");
            ps.setString(2, "a");
            SQLException refused = assertThrows(SQLException.class, ps::executeUpdate);
            assertEquals(true, refused.getMessage().contains("refuses writes"), refused.getMessage());
        }
    }
}
