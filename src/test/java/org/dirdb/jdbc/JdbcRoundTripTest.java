package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.dirdb.store.DirSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcRoundTripTest {
    @TempDir
    Path dir;
    Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:dirdb:" + dir);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private int update(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private List<String> names(String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    @Test
    void insertSelectUpdateDeleteWithLiterals() throws SQLException {
        assertEquals(2, update("INSERT INTO db (name, meta, data) VALUES ('it''s', '{\"a\":1}', X'CAFE'),"
                + " ('b', NULL, X'00')"));
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM db WHERE name = 'it''s'")) {
            assertTrue(rs.next());
            assertEquals("it's", rs.getString(1));
            assertEquals("{\"a\":1}", rs.getString("META"));
            assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, rs.getBytes("data"));
            assertEquals(2L, rs.getLong("size"));
            assertEquals(2L, rs.getObject("size"));
            assertEquals("bytes", rs.getString("format"));
            assertInstanceOf(Timestamp.class, rs.getObject("modified"));
            assertFalse(rs.next());
        }
        assertEquals(List.of("b", "it's"), names("SELECT name FROM db ORDER BY name"));
        assertEquals(List.of("it's", "b"), names("SELECT name FROM db ORDER BY name DESC"));
        assertEquals(1, update("UPDATE db SET meta = '{\"a\":2}', data = NULL WHERE name = 'it''s'"));
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT meta, data, size, format FROM db WHERE name = 'it''s'")) {
            assertTrue(rs.next());
            assertEquals("{\"a\":2}", rs.getString(1));
            assertNull(rs.getBytes(2));
            assertTrue(rs.wasNull());
            assertEquals(0, rs.getLong(3));
            assertTrue(rs.wasNull());
            assertNull(rs.getString(4));
        }
        assertEquals(0, update("UPDATE db SET meta = '{}' WHERE name = 'missing'"));
        assertEquals(1, update("DELETE FROM db WHERE name = 'b'"));
        assertEquals(0, update("DELETE FROM db WHERE name = 'b'"));
        assertEquals(List.of("it's"), names("SELECT name FROM db"));
    }

    @Test
    void parametersBindTextBytesStreamsAndNull() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            p.setString(1, "a");
            p.setString(2, "{\"k\":\"v\"}");
            p.setBytes(3, new byte[] {1, 2, 3});
            assertEquals(1, p.executeUpdate());
            p.setString(1, "b");
            p.setNull(2, Types.VARCHAR);
            p.setBinaryStream(3, new ByteArrayInputStream(new byte[] {4, 5}), 2);
            assertEquals(1, p.executeUpdate());
            p.setString(1, "c");
            p.setBinaryStream(3, new ByteArrayInputStream(new byte[] {6, 7, 8, 9}));
            assertEquals(1, p.executeUpdate());
            p.setObject(1, "d");
            p.setObject(2, null);
            p.setBlob(3, new ByteArrayInputStream(new byte[] {10}), 1);
            assertEquals(1, p.executeUpdate());
        }
        try (PreparedStatement p = connection.prepareStatement("SELECT data FROM db WHERE name = ?")) {
            p.setString(1, "c");
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(new byte[] {6, 7, 8, 9}, rs.getBinaryStream(1).readAllBytes());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            p.setString(1, "b");
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(new byte[] {4, 5}, rs.getBytes(1));
            }
        }
        try (PreparedStatement p = connection.prepareStatement("UPDATE db SET data = ? WHERE name = ?")) {
            p.setBytes(1, new byte[] {42});
            p.setString(2, "a");
            assertEquals(1, p.executeUpdate());
        }
        assertEquals(List.of("a", "b", "c", "d"), names("SELECT name FROM db"));
    }

    private static String first(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void nativeSqlIsTheTextWithItsEscapesProcessedAsStatementsRunIt() throws SQLException {
        update("INSERT INTO db (name, meta) VALUES ('a_1', '{}'), ('ab1', '{}')");
        // Each escape becomes its SQL, padded with spaces to its length, so positions stay where they were.
        String sql = "SELECT {fn LCASE({fn UCASE(name)})} AS name FROM {oj db}"
                + " WHERE name LIKE 'a!_%' {escape '!'} AND {fn CURRENT_TIMESTAMP()} IS NOT NULL";
        String expected = "SELECT     LCASE(    UCASE(name) )  AS name FROM     db "
                + " WHERE name LIKE 'a!_%'  escape '!'  AND     CURRENT_TIMESTAMP    IS NOT NULL";
        assertEquals(expected, connection.nativeSQL(sql));
        assertEquals(sql.length(), connection.nativeSQL(sql).length());
        assertEquals(List.of("a_1"), names(sql));
        assertEquals(List.of("a_1"), names(connection.nativeSQL(sql)));
        // Text in literals and comments is no escape; escapes of what the dialect lacks stay as written.
        for (String asWritten : List.of("SELECT name FROM db", "SELECT '{fn UCASE(''a'')}' /* {oj */ -- {d\n",
                "SELECT {d '2024-01-31'}", "SELECT {ts '2024-01-31 10:00:00'}", "{call p(?)}", "{? = call f()}")) {
            assertEquals(asWritten, connection.nativeSQL(asWritten));
        }
        // A malformed escape is the syntax error running the text gives, naming the escape and where it is.
        for (String[] t : List.of(new String[] {"SELECT name,\n  {fn UCASE(name) FROM db", "line 2, column 3",
                "{fn UCASE(name) FROM db"}, new String[] {"SELECT {guid 'x'} FROM db", "line 1, column 8", "{guid 'x'}"},
                new String[] {"SELECT {fn LCASE({fn UCASE(name)) FROM db", "line 1, column 8", "{fn LCASE"})) {
            SQLException e = assertThrows(SQLException.class, () -> connection.nativeSQL(t[0]), t[0]);
            assertEquals("42000", e.getSQLState(), t[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("syntax error at " + t[1] + " near '" + t[2]), e.getMessage());
            try (Statement s = connection.createStatement()) {
                SQLException run = assertThrows(SQLException.class, () -> s.executeQuery(t[0]), t[0]);
                assertEquals(e.getSQLState(), run.getSQLState());
                assertEquals(e.getMessage(), run.getMessage());
            }
        }
    }

    @Test
    void escapeProcessingOffPassesEscapeSyntaxToTheParserAsWritten() throws SQLException {
        update("INSERT INTO db (name, meta) VALUES ('a', '{}')");
        try (Statement s = connection.createStatement()) {
            assertEquals("A", first(s, "SELECT {fn UCASE('a')}")); // on by default
            s.setEscapeProcessing(false);
            // Not rewritten, so not SQL: a syntax error naming the escape, from every way to run the text.
            List<String> escapes = List.of("SELECT {fn UCASE('a')}", "SELECT {fn CURRENT_TIMESTAMP()}",
                    "SELECT name FROM db WHERE name = {fn LCASE('A')}", "SELECT {d '2024-01-31'}");
            for (String sql : escapes) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql), sql);
                assertEquals("42000", e.getSQLState(), sql + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(sql.substring(sql.indexOf('{'), sql.indexOf('{') + 3))
                        && e.getMessage().contains("escape processing"), sql + ": " + e.getMessage());
            }
            SQLException e = assertThrows(SQLException.class,
                    () -> s.executeUpdate("UPDATE db SET meta = '{\"k\": 1}' WHERE name = {fn LCASE('A')}"));
            assertEquals("42000", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("line 1, column 46"), e.getMessage());
            s.addBatch("DELETE FROM db WHERE name = {fn LCASE('A')}");
            e = assertThrows(SQLException.class, s::executeBatch);
            assertEquals("42000", e.getSQLState(), e.getMessage());
            assertEquals(List.of("a"), names("SELECT name FROM db"));
            // Braces in literals and comments are text either way; plain SQL runs as before.
            assertEquals("{fn UCASE('a')}", first(s, "SELECT '{fn UCASE(''a'')}' /* {d '2024-01-31'} */"));
            assertEquals("{}", first(s, "SELECT meta FROM db WHERE name = 'a'"));
            s.setEscapeProcessing(true);
            assertEquals("A", first(s, "SELECT {fn UCASE('a')}"));
        }
        // A PreparedStatement's SQL is processed when it is prepared, as JDBC says: the flag changes nothing.
        try (PreparedStatement p = connection.prepareStatement("SELECT {fn UCASE(?)}")) {
            p.setEscapeProcessing(false);
            p.setString(1, "b");
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("B", rs.getString(1));
            }
        }
    }

    @Test
    void missingParameterIs07001() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM db WHERE name = ?")) {
            assertEquals("07001", assertThrows(SQLException.class, p::executeUpdate).getSQLState());
            assertEquals("07009", assertThrows(SQLException.class, () -> p.setString(2, "x")).getSQLState());
        }
    }

    @Test
    void duplicateInsertIs23505AndChangesNothing() throws SQLException {
        update("INSERT INTO db (name, meta, data) VALUES ('a', '{\"x\":1}', X'01')");
        DirSnapshot before = DirSnapshot.of(dir);
        SQLException e = assertThrows(SQLIntegrityConstraintViolationException.class,
                () -> update("INSERT INTO db (name, data) VALUES ('a', X'02')"));
        assertEquals("23505", e.getSQLState());
        assertEquals(before, DirSnapshot.of(dir));
    }

    @Test
    void entryWithNeitherDataNorMetaIs23502() throws SQLException {
        DirSnapshot before = DirSnapshot.of(dir);
        assertEquals("23502", assertThrows(SQLException.class,
                () -> update("INSERT INTO db (name, meta) VALUES ('a', NULL)")).getSQLState());
        assertEquals(before, DirSnapshot.of(dir));
    }

    @Test
    void badJsonIs22032AndChangesNothing() throws SQLException {
        update("INSERT INTO db (name, meta) VALUES ('a', '{}')");
        DirSnapshot before = DirSnapshot.of(dir);
        SQLException bad = assertThrows(SQLDataException.class,
                () -> update("INSERT INTO db (name, meta) VALUES ('b', '{not json')"));
        assertEquals("22032", bad.getSQLState());
        SQLException array = assertThrows(SQLDataException.class,
                () -> update("UPDATE db SET meta = '[1,2]' WHERE name = 'a'"));
        assertTrue(array.getSQLState().startsWith("22"), array.getSQLState());
        assertEquals(before, DirSnapshot.of(dir));
    }

    @Test
    void badNameIs22xxxAndChangesNothing() throws SQLException {
        DirSnapshot before = DirSnapshot.of(dir);
        SQLException e = assertThrows(SQLDataException.class,
                () -> update("INSERT INTO db (name, data) VALUES ('../x', X'01')"));
        assertTrue(e.getSQLState().startsWith("22"), e.getSQLState());
        assertTrue(e.getMessage().contains("../x"), e.getMessage());
        assertEquals(before, DirSnapshot.of(dir));
        assertFalse(java.nio.file.Files.exists(dir.resolveSibling("x.pickle")));
    }

    @Test
    void blobOutlivesResultSetAndStatementAndRereads() throws Exception {
        update("INSERT INTO db (name, data) VALUES ('a', X'0102030405')");
        Blob blob;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT data FROM db")) {
            assertTrue(rs.next());
            blob = (Blob) rs.getObject(1);
        }
        assertEquals(5, blob.length());
        byte[] first;
        byte[] second;
        try (InputStream in = blob.getBinaryStream()) {
            first = in.readAllBytes();
        }
        try (InputStream in = blob.getBinaryStream()) {
            second = in.readAllBytes();
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, first);
        assertArrayEquals(first, second);
        assertArrayEquals(new byte[] {2, 3}, blob.getBytes(2, 2));
        try (InputStream in = blob.getBinaryStream(4, 2)) {
            assertArrayEquals(new byte[] {4, 5}, in.readAllBytes());
        }
        blob.free();
        assertThrows(SQLException.class, blob::length);
    }

    @Test
    void blobParameterCopiesAnotherEntry() throws SQLException {
        update("INSERT INTO db (name, data) VALUES ('a', X'BEEF')");
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT data FROM db");
             PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, data) VALUES ('b', ?)")) {
            assertTrue(rs.next());
            p.setBlob(1, rs.getBlob(1));
            assertEquals(1, p.executeUpdate());
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT data FROM db WHERE name = 'b'")) {
            assertTrue(rs.next());
            assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xEF}, rs.getBytes(1));
        }
    }

    @Test
    void badConversionIs22018() throws SQLException {
        update("INSERT INTO db (name, meta, data) VALUES ('a', '{}', X'01')");
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM db")) {
            assertTrue(rs.next());
            assertEquals("22018", assertThrows(SQLDataException.class, () -> rs.getLong("name")).getSQLState());
            assertEquals("22018", assertThrows(SQLDataException.class, () -> rs.getString("data")).getSQLState());
        }
    }

    @Test
    void executeReportsRowsOrCounts() throws SQLException {
        try (Statement s = connection.createStatement()) {
            assertFalse(s.execute("INSERT INTO db (name, meta) VALUES ('a', '{}')"));
            assertEquals(1, s.getUpdateCount());
            assertTrue(s.execute("SELECT name FROM db"));
            assertEquals(-1, s.getUpdateCount());
            try (ResultSet rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals("name", rs.getMetaData().getColumnLabel(1));
            }
            assertThrows(SQLException.class, () -> s.executeQuery("DELETE FROM db WHERE name = 'zz'"));
            s.setMaxRows(1);
            s.executeUpdate("INSERT INTO db (name, meta) VALUES ('b', '{}')");
            try (ResultSet rs = s.executeQuery("SELECT name FROM db")) {
                assertTrue(rs.next());
                assertFalse(rs.next());
            }
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    @Test
    void metaIsVarcharNamedJsonAndDataIsBlob() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM db")) {
            var md = rs.getMetaData();
            assertEquals(6, md.getColumnCount());
            assertEquals(Types.VARCHAR, md.getColumnType(2));
            assertEquals("JSON", md.getColumnTypeName(2));
            assertEquals(Types.BLOB, md.getColumnType(3));
            assertEquals(Types.BIGINT, md.getColumnType(4));
            assertEquals(Types.TIMESTAMP, md.getColumnType(5));
        }
        try (ResultSet rs = connection.getMetaData().getColumns(null, null, "db", "%")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":" + rs.getInt("DATA_TYPE"));
            }
            assertEquals(List.of("name:VARCHAR:12", "meta:JSON:12", "data:BLOB:2004", "size:BIGINT:-5",
                    "modified:TIMESTAMP:93", "format:VARCHAR:12"), columns);
        }
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
            assertTrue(rs.next());
            assertEquals("db", rs.getString("TABLE_NAME"));
            assertFalse(rs.next());
        }
        try (ResultSet rs = connection.getMetaData().getPrimaryKeys(null, null, "db")) {
            assertTrue(rs.next());
            assertEquals("name", rs.getString("COLUMN_NAME"));
        }
    }

    @Test
    void generatedKeysAreReadFromTheTableTheInsertWrote() throws SQLException {
        update("CREATE TABLE runs");
        update("CREATE TABLE \"runs/2024\"");
        // An entry of the same name in db, with another payload, and one only the sub-tables hold.
        update("INSERT INTO db (name, data) VALUES ('r1', X'0102030405')");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (name, data) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "r1");
            insert.setBytes(2, new byte[] {9, 9});
            assertEquals(1, insert.executeUpdate());
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertEquals("runs", keys.getMetaData().getTableName(1));
                assertTrue(keys.next());
                assertEquals("r1", keys.getString("name"));
                assertEquals(2L, keys.getLong("size"), "the size of runs.r1, not of db.r1");
                assertFalse(keys.next());
            }
        }
        try (Statement s = connection.createStatement()) {
            assertEquals(2, s.executeUpdate("INSERT INTO \"runs/2024\" (name, meta) VALUES ('n1', '{\"k\": 1}'),"
                    + " ('n2', '{\"k\": 2}')", new String[] {"name", "meta"}));
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals("n1", keys.getString(1));
                assertEquals("{\"k\": 1}", keys.getString(2));
                assertTrue(keys.next());
                assertEquals("n2", keys.getString(1));
                assertFalse(keys.next(), "entries that exist only in the sub-table are found there");
            }
        }
    }
}
