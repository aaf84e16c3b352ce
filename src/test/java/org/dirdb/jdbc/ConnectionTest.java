package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
    @TempDir
    Path dir;

    @Test
    void driverIsFoundThroughServiceLoader() {
        assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == DirdbDriver.class));
    }

    @Test
    void foreignUrlGivesNull() throws SQLException {
        assertNull(new DirdbDriver().connect("jdbc:h2:mem:x", new Properties()));
        assertFalse(new DirdbDriver().acceptsURL("jdbc:h2:mem:x"));
    }

    @Test
    void missingDirectoryIsCreatedUnlessCreateIsFalse() throws SQLException {
        Path missing = dir.resolve("a/b");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:dirdb:" + missing + "?create=false"));
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + missing)) {
            assertTrue(c.isValid(1));
        }
        assertTrue(Files.isDirectory(missing));
    }

    @Test
    void urlPropertiesWinOverProperties() throws SQLException {
        Properties info = new Properties();
        info.setProperty("readOnly", "false");
        info.setProperty("user", "sa");
        info.setProperty("password", "");
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?readOnly=true&sync=false&lockTimeout=500",
                info)) {
            assertTrue(c.isReadOnly());
            SQLException e = assertThrows(SQLNonTransientException.class, () -> c.createStatement()
                    .executeUpdate("INSERT INTO db (name, meta) VALUES ('a', '{}')"));
            assertEquals("25006", e.getSQLState());
        }
    }

    @Test
    void unknownAndMalformedPropertiesAreRejectedByName() {
        SQLException unknown = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:dirdb:" + dir + "?colour=blue"));
        assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
        Properties info = new Properties();
        info.setProperty("lockTimeout", "soon");
        SQLException bad = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:dirdb:" + dir, info));
        assertTrue(bad.getMessage().contains("lockTimeout"), bad.getMessage());
        assertEquals("22023", bad.getSQLState());
    }

    /**
     * {@code directWriteMin} takes a byte count: a payload at least that big is written around the page cache
     * and reads back exactly; a malformed count is refused by name and creates nothing.
     */
    @Test
    void directWriteMinTakesAByteCount() throws Exception {
        Path fresh = dir.resolve("direct");
        for (String bad : new String[] {"-1", "4MiB", ""}) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection("jdbc:dirdb:" + fresh + "?directWriteMin=" + bad));
            assertEquals("22023", e.getSQLState(), bad);
            assertTrue(e.getMessage().contains("directWriteMin"), e.getMessage());
            assertFalse(Files.exists(fresh), "a refused connection creates nothing");
        }
        byte[] data = new byte[300_007];
        new java.util.Random(5).nextBytes(data);
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + fresh + "?directWriteMin=8192");
                PreparedStatement insert = c.prepareStatement("INSERT INTO db (name, data) VALUES (?, ?)");
                PreparedStatement select = c.prepareStatement("SELECT data FROM db WHERE name = ?")) {
            insert.setString(1, "big");
            insert.setBinaryStream(2, new java.io.ByteArrayInputStream(data), data.length);
            assertEquals(1, insert.executeUpdate());
            select.setString(1, "big");
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(data, rs.getBytes(1));
            }
        }
        assertEquals(data.length + 12, Files.size(fresh.resolve("big.pickle")));
    }

    @Test
    void propertyInfoListsEachProperty() throws SQLException {
        DriverPropertyInfo[] infos = new DirdbDriver().getPropertyInfo("jdbc:dirdb:" + dir + "?sync=false", null);
        assertEquals(Arrays.stream(ConnectionProperty.values()).map(ConnectionProperty::key).toList(),
                Arrays.stream(infos).map(i -> i.name).toList());
        DriverPropertyInfo sync = Arrays.stream(infos).filter(i -> i.name.equals("sync")).findFirst().orElseThrow();
        assertEquals("false", sync.value);
        assertTrue(sync.description.contains("durab"), sync.description);
    }

    @Test
    void autoCommitCannotBeTurnedOff() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
            assertTrue(c.getAutoCommit());
            c.setAutoCommit(true);
            assertThrows(SQLFeatureNotSupportedException.class, () -> c.setAutoCommit(false));
            assertEquals("25000", assertThrows(SQLException.class, c::commit).getSQLState());
        }
    }

    @Test
    void closeCascadesAndIsIdempotent() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM db");
        PreparedStatement p = c.prepareStatement("SELECT name FROM db WHERE name = ?");
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertTrue(s.isClosed());
        assertTrue(rs.isClosed());
        assertTrue(p.isClosed());
        assertFalse(c.isValid(0));
        assertEquals("08003", assertThrows(SQLException.class, c::createStatement).getSQLState());
        assertThrows(SQLException.class, () -> c.getMetaData());
        assertThrows(SQLException.class, () -> s.executeQuery("SELECT name FROM db"));
        assertThrows(SQLException.class, rs::next);
        assertThrows(SQLException.class, () -> p.setString(1, "a"));
    }

    @Test
    void closedStatementAndResultSetRaise() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT name FROM db");
            rs.close();
            assertThrows(SQLException.class, rs::next);
            assertThrows(SQLException.class, () -> rs.getString(1));
            s.close();
            assertThrows(SQLException.class, s::getUpdateCount);
            assertThrows(SQLException.class, () -> s.execute("SELECT name FROM db"));
        }
    }

    @Test
    void syntaxErrorsSurfaceAsSqlSyntaxErrorException() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
            SQLException e = assertThrows(SQLSyntaxErrorException.class, () -> c.prepareStatement("SELEC name FROM db"));
            assertEquals("42000", e.getSQLState());
            assertEquals("42S02", assertThrows(SQLSyntaxErrorException.class,
                    () -> c.createStatement().executeQuery("SELECT name FROM runs")).getSQLState());
            SQLException join = assertThrows(SQLFeatureNotSupportedException.class,
                    () -> c.createStatement().executeQuery("SELECT * FROM db a JOIN db b ON a.name = b.name"));
            assertInstanceOf(SQLFeatureNotSupportedException.class, join);
            assertEquals("0A000", join.getSQLState());
        }
    }
}
