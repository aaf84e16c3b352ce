package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code setObject} with a target SQL type converts the value to that type before binding it. */
class SetObjectTargetTypeTest {
    @TempDir
    Path dir;
    Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:dirdb:" + dir);
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("INSERT INTO db (name, meta) VALUES ('a', '{\"n\": 1, \"x\": 2.5, \"ok\": true}'),"
                    + " ('b', '{\"n\": 2}')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private List<String> names(PreparedStatement p) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The value parameter 1 carries once bound, as {@code SELECT ?} hands it back. */
    private Object bound(Object x, int targetSqlType) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT ? AS v")) {
            p.setObject(1, x, targetSqlType);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                return rs.getObject(1);
            }
        }
    }

    @Test
    void textBoundAsAnIntegerMatchesAJsonNumber() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT name FROM db WHERE JSON_VALUE(meta, '$.n') = ?")) {
            p.setObject(1, "1", Types.INTEGER);
            assertEquals(List.of("a"), names(p));
            p.setObject(1, " 2 ", JDBCType.BIGINT);
            assertEquals(List.of("b"), names(p));
            p.setObject(1, "2.5", Types.DECIMAL);
            assertEquals(List.of(), names(p));
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT name FROM db WHERE JSON_VALUE(meta, '$.x') = ?")) {
            p.setObject(1, "2.5", Types.DOUBLE);
            assertEquals(List.of("a"), names(p));
            p.setObject(1, "2.54", Types.NUMERIC, 1);
            assertEquals(List.of("a"), names(p));
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT name FROM db WHERE JSON_VALUE(meta, '$.ok') = ?")) {
            p.setObject(1, "TRUE", Types.BOOLEAN);
            assertEquals(List.of("a"), names(p));
        }
    }

    @Test
    void aNumberBoundAsTextIsItsDecimalForm() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, meta) VALUES (?, '{}')")) {
            p.setObject(1, 5, Types.VARCHAR);
            assertEquals(1, p.executeUpdate());
        }
        try (PreparedStatement p = connection.prepareStatement("SELECT name FROM db WHERE name = ?")) {
            p.setObject(1, 5L, JDBCType.NVARCHAR);
            assertEquals(List.of("5"), names(p));
        }
        assertEquals("5", bound(5, Types.VARCHAR));
        assertEquals("true", bound(true, Types.CHAR));
    }

    @Test
    void eachTargetTypeGetsItsOwnKindOfValue() throws SQLException {
        assertEquals(1L, bound("1", Types.INTEGER));
        assertEquals(2L, bound(1.5, Types.SMALLINT)); // half up, as CAST(1.5 AS INTEGER)
        assertEquals(1L, bound(true, Types.TINYINT));
        assertEquals(new BigDecimal("2.345"), bound("2.345", Types.DECIMAL));
        assertEquals(5.0, bound(new BigDecimal("5.00"), Types.DOUBLE));
        assertEquals((double) 0.1f, bound(0.1, Types.REAL));
        assertEquals(Boolean.TRUE, bound(7, Types.BIT));
        assertEquals(Boolean.FALSE, bound("0", Types.BOOLEAN));
        assertNull(bound(null, Types.INTEGER));
        assertNull(bound(null, Types.DATE)); // NULL binds whatever the type, as setNull does
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, data) VALUES (?, ?)")) {
            p.setObject(1, "c", Types.LONGVARCHAR);
            p.setObject(2, new byte[] {0}, Types.BINARY);
            assertEquals(1, p.executeUpdate());
        }
        try (PreparedStatement p = connection.prepareStatement("UPDATE db SET data = ? WHERE name = ?")) {
            p.setObject(1, new byte[] {1, 2}, Types.VARBINARY);
            p.setObject(2, "c", Types.VARCHAR);
            assertEquals(1, p.executeUpdate());
            p.setObject(1, new ByteArrayInputStream(new byte[] {3, 4, 5, 6}), Types.BLOB, 3);
            assertEquals(1, p.executeUpdate());
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT data FROM db WHERE name = 'c'")) {
            assertTrue(rs.next());
            assertArrayEquals(new byte[] {3, 4, 5}, rs.getBytes(1));
            assertFalse(rs.next());
        }
    }

    @Test
    void aTinyNumberBoundAsAnIntegerOrScaledDecimalRoundsToZero() throws SQLException {
        // Only a magnitude too large is out of range; a tiny one rounds to zero, however many digits it drops.
        assertEquals(0L, bound("1e-999999999", Types.BIGINT));
        assertEquals(0L, bound("-1e-999999999", Types.INTEGER));
        assertEquals(0L, bound(new BigDecimal("4e-999999999"), Types.TINYINT));
        assertEquals(0.0, bound("1e-999999999", Types.DOUBLE));
        try (PreparedStatement p = connection.prepareStatement("SELECT ? AS v")) {
            p.setObject(1, new BigDecimal("1e-999999999"), Types.DECIMAL, 2);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(new BigDecimal("0.00"), rs.getObject(1)); // as 0.001 with scale 2 binds
            }
            p.setObject(1, "0.005", Types.NUMERIC, 2);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(new BigDecimal("0.01"), rs.getObject(1));
            }
            SQLException e = assertThrows(SQLDataException.class, () -> p.setObject(1, "1e999999999", Types.BIGINT));
            assertEquals("22003", e.getSQLState());
            // Beyond a double's range is 22003 naming the value too, as CAST('1e999999999' AS DOUBLE) is.
            for (int type : new int[] {Types.DOUBLE, Types.FLOAT, Types.REAL}) {
                e = assertThrows(SQLDataException.class, () -> p.setObject(1, "-1e999999999", type));
                assertEquals("22003", e.getSQLState());
                assertTrue(e.getMessage().contains("value -1e999999999 of parameter 1"), e.getMessage());
            }
        }
    }

    @Test
    void aDecimalParameterStaysDecimalWithItsScaleAndComparesAsTheNumberItIs() throws SQLException {
        // As in H2: setBigDecimal, and setObject with a BigDecimal or to DECIMAL, bind the decimal itself, even
        // when it is whole; it is not turned into a BIGINT (2.00) or a DOUBLE (2.50, 0.1).
        for (String digits : List.of("2.00", "2.50", "0.1", "-7", "1E+3", "9007199254740993")) {
            BigDecimal d = new BigDecimal(digits);
            assertEquals(d, bound(d, Types.DECIMAL));
            try (PreparedStatement p = connection.prepareStatement("SELECT ?, CAST(? AS VARCHAR)")) {
                p.setBigDecimal(1, d);
                p.setObject(2, d);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(d, rs.getObject(1), digits); // BigDecimal.equals: the same scale too
                    assertEquals(d, rs.getBigDecimal(1), digits);
                    assertEquals(d.toPlainString(), rs.getString(1), digits);
                    assertEquals(d.longValue(), rs.getLong(1), digits);
                    assertEquals(d.toPlainString(), rs.getString(2), digits);
                }
            }
        }
        assertEquals(new BigDecimal("2.0"), bound("2.0", Types.NUMERIC));
        try (PreparedStatement p = connection.prepareStatement("SELECT ? AS v")) {
            p.setObject(1, "1.995", Types.DECIMAL, 2);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(new BigDecimal("2.00"), rs.getObject(1));
            }
        }
        // It compares with integers and doubles as the number it is, exactly: 2.00 is the JSON 2, 2.50 is 2.5,
        // and a decimal past 2^53 is not rounded to a double.
        execute("INSERT INTO db (name, meta) VALUES ('big', '{\"n\": 9007199254740993}')");
        List<List<String>> cases = List.of(List.of("1.00", "a"), List.of("2.0", "b"), List.of("2.5", ""),
                List.of("9007199254740993", "big"), List.of("9007199254740992", ""));
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT name FROM db WHERE JSON_VALUE(meta, '$.n') = ? ORDER BY name")) {
            for (List<String> t : cases) {
                p.setBigDecimal(1, new BigDecimal(t.get(0)));
                assertEquals(t.get(1).isEmpty() ? List.of() : List.of(t.get(1)), names(p), t.get(0));
            }
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT name FROM db WHERE meta->'x' = ? OR meta->'n' IN (?, 3) OR meta->'n' > ? ORDER BY name")) {
            p.setBigDecimal(1, new BigDecimal("2.50"));
            p.setBigDecimal(2, new BigDecimal("2.000"));
            p.setBigDecimal(3, new BigDecimal("9007199254740992.5"));
            assertEquals(List.of("a", "b", "big"), names(p));
        }
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT ? = 2, ? > 1.99, ? + 1, ? * 2, name FROM db ORDER BY name LIMIT ?")) {
            for (int i = 1; i <= 4; i++) {
                p.setBigDecimal(i, new BigDecimal("2.00"));
            }
            p.setBigDecimal(5, BigDecimal.ONE); // LIMIT, SUBSTRING positions and array indexes take a whole one
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(List.of(true, true, 3L, 4L), List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3),
                        rs.getObject(4)));
                assertFalse(rs.next());
            }
        }
        // It groups with the number it equals: the JSON 2.5 of 'a' and 2.50 for the entries without "x".
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT COUNT(*) FROM db GROUP BY COALESCE(JSON_VALUE(meta, '$.x'), ?)")) {
            p.setBigDecimal(1, new BigDecimal("2.50"));
            assertEquals(List.of("3"), names(p));
        }
        // Converted by CAST as a number: beyond the range of the type is 22003 naming it.
        try (PreparedStatement p = connection.prepareStatement("SELECT CAST(? AS BIGINT)")) {
            p.setBigDecimal(1, new BigDecimal("1E+30"));
            SQLException e = assertThrows(SQLDataException.class, () -> names(p));
            assertEquals("22003", e.getSQLState());
            assertTrue(e.getMessage().contains("the number 1E+30 is out of range for BIGINT"), e.getMessage());
        }
        // Written into JSON, it keeps its digits.
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE db SET meta = JSON_SET(meta, '$.price', ?) WHERE name = 'b'")) {
            p.setBigDecimal(1, new BigDecimal("3.10"));
            assertEquals(1, p.executeUpdate());
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT meta FROM db WHERE name = 'b'")) {
            assertTrue(rs.next());
            assertEquals("{\"n\":2,\"price\":3.10}", rs.getString(1));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    @Test
    void aValueThatCannotConvertIs22018NamingTheParameterAndItsType() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT name FROM db WHERE name = ? OR name = ?")) {
            SQLException e = assertThrows(SQLDataException.class, () -> p.setObject(2, "abc", Types.INTEGER));
            assertEquals("22018", e.getSQLState());
            assertTrue(e.getMessage().contains("parameter 2") && e.getMessage().contains("String")
                    && e.getMessage().contains("INTEGER"), e.getMessage());
            e = assertThrows(SQLDataException.class, () -> p.setObject(1, new byte[] {1}, Types.VARCHAR));
            assertEquals("22018", e.getSQLState());
            assertTrue(e.getMessage().contains("parameter 1") && e.getMessage().contains("byte[]"), e.getMessage());
            e = assertThrows(SQLDataException.class, () -> p.setObject(1, "cafe", Types.VARBINARY));
            assertEquals("22018", e.getSQLState());
            e = assertThrows(SQLDataException.class, () -> p.setObject(1, Double.NaN, Types.BIGINT));
            assertEquals("22018", e.getSQLState());
            e = assertThrows(SQLDataException.class, () -> p.setObject(1, "maybe", Types.BOOLEAN));
            assertEquals("22018", e.getSQLState());
            e = assertThrows(SQLDataException.class, () -> p.setObject(1, 1L << 40, Types.INTEGER));
            assertEquals("22003", e.getSQLState());
            assertTrue(e.getMessage().contains("parameter 1"), e.getMessage());
            e = assertThrows(SQLDataException.class, () -> p.setObject(1, 128, Types.TINYINT));
            assertEquals("22003", e.getSQLState());
        }
    }

    @Test
    void anUnsupportedTargetTypeIs0A000() throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT name FROM db WHERE name = ?")) {
            SQLException e = assertThrows(SQLException.class, () -> p.setObject(1, "2024-01-01", Types.DATE));
            assertInstanceOf(SQLFeatureNotSupportedException.class, e);
            assertEquals("0A000", e.getSQLState());
            assertTrue(e.getMessage().contains("setObject") && e.getMessage().contains("DATE"), e.getMessage());
            e = assertThrows(SQLException.class, () -> p.setObject(1, "x", JDBCType.OTHER));
            assertInstanceOf(SQLFeatureNotSupportedException.class, e);
        }
    }
}
