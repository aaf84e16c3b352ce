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
        assertEquals(2.345, bound("2.345", Types.DECIMAL));
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
                assertEquals(0L, rs.getObject(1)); // 0.00, integral, as 0.001 with scale 2 binds
            }
            p.setObject(1, "0.005", Types.NUMERIC, 2);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(0.01, rs.getObject(1));
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
