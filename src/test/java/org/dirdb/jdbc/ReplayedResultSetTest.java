package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.DirectoryWatch;
import org.dirdb.store.StorageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result read from rows held in memory (a query replayed on an unchanged directory, a sorted result) skips
 * the per-value checks that would all pass; everything an application can observe must stay as it is on a
 * first run, read row by row from the files: values, conversions, wasNull, maxRows and every error with its
 * state and message, including those of a closed result set or connection.
 */
class ReplayedResultSetTest {
    private static final String QUERY = "SELECT name AS n, meta, size AS bytes, modified FROM db";

    @TempDir
    Path dir;

    @BeforeEach
    void fill() throws SQLException {
        DirectoryWatch probe = StorageIO.DEFAULT.watch(dir);
        assumeTrue(probe != null, "no change notification here: nothing is ever replayed");
        probe.close();
        try (Connection c = open();
             PreparedStatement ps = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            String[][] entries = {{"a", "{\"k\": 1}"}, {"b", null}, {"c", "{\"k\": \"x\"}"}};
            for (String[] e : entries) {
                ps.setString(1, e[0]);
                ps.setString(2, e[1]);
                ps.setBytes(3, new byte[] {1, 2});
                ps.executeUpdate();
            }
        }
    }

    private Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false");
    }

    /** Whether the result set replays a kept result rather than reading the files, the case under test. */
    private static boolean isReplay(ResultSet rs) throws ReflectiveOperationException {
        Field f = DirdbResultSet.class.getDeclaredField("rows");
        f.setAccessible(true);
        return f.get(rs).getClass().getSimpleName().equals("Replay");
    }

    /** Runs QUERY until it is replayed (the first runs read the files and keep the result). */
    private ResultSet replayed(Statement s) throws Exception {
        for (int run = 0; run < 3; run++) {
            ResultSet rs = s.executeQuery(QUERY);
            if (isReplay(rs)) {
                return rs;
            }
            while (rs.next()) {
                rs.getString(1);
            }
            rs.close();
        }
        throw new AssertionError("the third run of an unchanged query was not replayed");
    }

    private interface Step {
        Object run() throws SQLException;
    }

    private static void record(List<String> out, String what, Step step) {
        try {
            Object v = step.run();
            out.add(what + " = " + (v instanceof byte[] b ? java.util.Arrays.toString(b) : v));
        } catch (SQLException e) {
            out.add(what + " ! " + e.getSQLState() + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** What an application sees reading every row every way, then past the end and after closing. */
    private static List<String> transcript(ResultSet rs) {
        List<String> out = new ArrayList<>();
        record(out, "before next", () -> rs.getString(1));
        for (int row = 0; row < 5; row++) {
            boolean on;
            try {
                on = rs.next();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            out.add("next = " + on);
            if (!on) {
                break;
            }
            record(out, "getRow", rs::getRow);
            record(out, "isFirst", rs::isFirst);
            for (int i = 1; i <= 4; i++) {
                int c = i;
                record(out, "getString " + c, () -> rs.getString(c));
                record(out, "wasNull", rs::wasNull);
                record(out, "getObject " + c, () -> rs.getObject(c));
                record(out, "getLong " + c, () -> rs.getLong(c));
                record(out, "wasNull", rs::wasNull);
                record(out, "getInt " + c, () -> rs.getInt(c));
                record(out, "getShort " + c, () -> rs.getShort(c));
                record(out, "getByte " + c, () -> rs.getByte(c));
                record(out, "getDouble " + c, () -> rs.getDouble(c));
                record(out, "getBigDecimal " + c, () -> rs.getBigDecimal(c));
                record(out, "getBoolean " + c, () -> rs.getBoolean(c));
                record(out, "getTimestamp " + c, () -> rs.getTimestamp(c));
                record(out, "getBytes " + c, () -> rs.getBytes(c));
                record(out, "getBlob " + c, () -> rs.getBlob(c));
                record(out, "getObject(String.class) " + c, () -> rs.getObject(c, String.class));
            }
            record(out, "getString META", () -> rs.getString("META"));
            record(out, "getString 0", () -> rs.getString(0));
            record(out, "getString 5", () -> rs.getString(5));
            record(out, "getLong -1", () -> rs.getLong(-1));
        }
        record(out, "past the end", () -> rs.getString(1));
        record(out, "isAfterLast", rs::isAfterLast);
        record(out, "next again", rs::next);
        try {
            rs.close();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        record(out, "closed getString", () -> rs.getString(1));
        record(out, "closed next", rs::next);
        record(out, "closed wasNull", rs::wasNull);
        return out;
    }

    @Test
    void aReplayedResultReadsAndFailsExactlyAsTheFirstRun() throws Exception {
        List<String> first;
        try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            assertFalse(isReplay(rs), "a first run reads the files");
            first = transcript(rs);
        }
        assertTrue(first.contains("getString 2 = null") && first.contains("getLong 1 ! 22018 SQLDataException:"
                + " cannot read column n (String) as a long"), String.join("\n", first));
        assertTrue(first.contains("getString 5 ! 07009 SQLException: column index 5 out of range 1..4"),
                String.join("\n", first));
        try (Connection c = open(); Statement s = c.createStatement()) {
            assertEquals(first, transcript(replayed(s)));
            try (ResultSet sorted = s.executeQuery(QUERY + " ORDER BY name")) {
                assertEquals(first, transcript(sorted), "a sorted result, computed whole before its first row");
            }
        }
    }

    @Test
    void maxRowsLimitsAReplayAsItLimitsAFirstRun() throws Exception {
        List<String> first;
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.setMaxRows(2);
            first = transcript(s.executeQuery(QUERY));
        }
        assertEquals(1, first.stream().filter("next = false"::equals).count());
        assertTrue(first.contains("isAfterLast = true"));
        try (Connection c = open(); Statement s = c.createStatement()) {
            ResultSet rs = replayed(s);
            rs.close();
            s.setMaxRows(2);
            rs = s.executeQuery(QUERY);
            assertTrue(isReplay(rs));
            assertEquals(first, transcript(rs));
        }
    }

    /** What a result set on its first row reports once its connection is closed or aborted under it. */
    private static List<String> afterClosing(ResultSet rs, Connection c, boolean abort) throws SQLException {
        assertTrue(rs.next());
        List<String> out = new ArrayList<>();
        record(out, "open", () -> rs.getString(1));
        List<Runnable> release = new ArrayList<>();
        if (abort) {
            c.abort(release::add); // closed at once; the release of the files waits
        } else {
            c.close();
        }
        record(out, "getString", () -> rs.getString(1));
        record(out, "getLong", () -> rs.getLong(3));
        record(out, "getString out of range", () -> rs.getString(9));
        record(out, "wasNull", rs::wasNull);
        record(out, "next", rs::next);
        release.forEach(Runnable::run);
        return out;
    }

    @Test
    void aConnectionClosedDuringAReplayFailsItsGettersAsDuringAFirstRun() throws Exception {
        for (boolean abort : new boolean[] {false, true}) {
            List<String> first;
            try (Connection c = open()) {
                ResultSet rs = c.createStatement().executeQuery(QUERY);
                assertFalse(isReplay(rs));
                first = afterClosing(rs, c, abort);
            }
            assertEquals("open = a", first.get(0));
            assertEquals(abort ? "getString ! 08003 SQLNonTransientConnectionException: the connection is closed"
                    : "getString ! 24000 SQLException: the result set is closed", first.get(1));
            try (Connection c = open()) {
                assertEquals(first, afterClosing(replayed(c.createStatement()), c, abort));
            }
        }
    }
}
