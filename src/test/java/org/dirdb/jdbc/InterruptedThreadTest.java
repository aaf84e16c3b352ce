package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.dirdb.store.DirSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement on an interrupted thread (a pool's timeout, an executor shutting down) is cancelled with 57014,
 * changes nothing, keeps the thread's interrupt flag, and leaves the connection and its store usable.
 */
class InterruptedThreadTest {
    @TempDir
    Path dir;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:dirdb:" + dir);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO db (name, meta, data) VALUES ('a', '{\"v\": 1}', X'01')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        Thread.interrupted();
        c.close();
    }

    private interface Call {
        void run() throws SQLException;
    }

    private void assertCancelled(Call call) throws SQLException {
        DirSnapshot before = DirSnapshot.of(dir);
        Thread.currentThread().interrupt();
        SQLException e = assertThrows(SQLException.class, call::run);
        assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
        assertEquals("57014", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertEquals(before, DirSnapshot.of(dir));
        assertUsable();
    }

    private void assertUsable() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE db SET meta = '{\"v\": 9}' WHERE name = 'a'");
            try (ResultSet rs = s.executeQuery("SELECT meta FROM db WHERE name = 'a'")) {
                assertTrue(rs.next());
                assertEquals("{\"v\": 9}", rs.getString(1));
            }
            s.executeUpdate("UPDATE db SET meta = '{\"v\": 1}' WHERE name = 'a'");
        }
    }

    @Test
    void aStatementNeverParsedBeforeIsCancelledNotCalledASyntaxError() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertCancelled(() -> s.executeUpdate("INSERT INTO db (name, meta) VALUES ('b', '{\"fresh\": true}')"));
        }
    }

    @Test
    void aPreparedWriteWithAPayloadIsCancelledBeforeItWritesAnything() throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            p.setString(1, "b");
            p.setString(2, "{}");
            p.setBytes(3, new byte[] {2});
            assertCancelled(p::executeUpdate);
        }
    }

    @Test
    void aQueryIsCancelledToo() throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT name, meta, data FROM db")) {
            assertCancelled(p::executeQuery);
        }
    }

    @Test
    void anInterruptWhileThePayloadStreamsCancelsTheInsertWithoutHarmingTheStore() throws SQLException {
        // A temp file was made and removed: the directory's own time moves, every file stays as it was.
        DirSnapshot before = DirSnapshot.contentsOf(dir);
        // The interrupt comes while the payload is read, as from a pool timing the statement out.
        InputStream interrupting = new ByteArrayInputStream(new byte[1 << 20]) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                Thread.currentThread().interrupt();
                return super.read(b, off, len);
            }
        };
        try (PreparedStatement p = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            p.setString(1, "b");
            p.setString(2, "{}");
            p.setBinaryStream(3, interrupting, 1 << 20);
            SQLException e = assertThrows(SQLException.class, p::executeUpdate);
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for the caller");
            assertEquals("57014", e.getSQLState(), e.getMessage());
        }
        assertEquals(before, DirSnapshot.contentsOf(dir));
        assertUsable();
        try (PreparedStatement p = c.prepareStatement("SELECT data FROM db WHERE name = ?")) {
            p.setString(1, "a");
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertArrayEquals(new byte[] {1}, rs.getBytes(1));
            }
        }
    }
}
