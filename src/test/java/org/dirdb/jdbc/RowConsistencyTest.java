package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One row never pairs the metadata of one version of an entry with the payload of another. */
class RowConsistencyTest {
    @TempDir
    Path dir;

    private Connection reader;
    private Connection writer;

    @BeforeEach
    void entry() throws SQLException {
        writer = DriverManager.getConnection("jdbc:dirdb:" + dir);
        reader = DriverManager.getConnection("jdbc:dirdb:" + dir);
        update("INSERT INTO db (name, meta, data) VALUES ('x', '{\"v\": 1}', X'01')");
    }

    private void update(String sql) throws SQLException {
        try (PreparedStatement p = writer.prepareStatement(sql)) {
            p.executeUpdate();
        }
    }

    private ResultSet row() throws SQLException {
        ResultSet rs = reader.createStatement().executeQuery("SELECT meta, data FROM db WHERE name = 'x'");
        assertTrue(rs.next());
        return rs;
    }

    @Test
    void metadataReadThenBothChangedFailsTheRowInsteadOfMixingVersions() throws SQLException {
        try (ResultSet rs = row()) {
            assertEquals("{\"v\": 1}", rs.getString("meta"));
            update("UPDATE db SET meta = '{\"v\": 2}', data = X'02' WHERE name = 'x'");
            SQLException e = assertThrows(SQLException.class, () -> rs.getBytes("data"));
            assertEquals("40001", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        }
    }

    @Test
    void payloadReadThenBothChangedFailsTheRowToo() throws SQLException {
        try (ResultSet rs = row()) {
            assertArrayEquals(new byte[] {1}, rs.getBytes("data"));
            update("UPDATE db SET meta = '{\"v\": 2}', data = X'02' WHERE name = 'x'");
            SQLException e = assertThrows(SQLException.class, () -> rs.getString("meta"));
            assertEquals("40001", e.getSQLState(), e.getMessage());
        }
    }

    @Test
    void aChangeOfTheOtherColumnOnlyStillGivesAVersionThatExisted() throws SQLException {
        try (ResultSet rs = row()) {
            assertEquals("{\"v\": 1}", rs.getString("meta"));
            update("UPDATE db SET data = X'03' WHERE name = 'x'");
            // {"v": 1} with 03 is the entry as it is now: a version that exists, not a mix.
            assertArrayEquals(new byte[] {3}, rs.getBytes("data"));
        }
    }

    @Test
    void anUnchangedEntryReadsNormally() throws SQLException {
        try (ResultSet rs = row()) {
            assertArrayEquals(new byte[] {1}, rs.getBytes("data"));
            assertEquals("{\"v\": 1}", rs.getString("meta"));
        } finally {
            reader.close();
            writer.close();
        }
    }
}
