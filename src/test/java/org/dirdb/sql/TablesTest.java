package org.dirdb.sql;

import static org.dirdb.sql.SqlFixture.column;
import static org.dirdb.sql.SqlFixture.execute;
import static org.dirdb.sql.SqlFixture.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.dirdb.store.DirSnapshot;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    @TempDir
    Path dir;

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false");
    }

    @Test
    void subdirectoriesAreTablesAndDbIsTheRoot() throws Exception {
        try (Connection c = connect()) {
            execute(c, "CREATE TABLE runs", "CREATE TABLE \"runs/2024\"", "CREATE TABLE \"db/db\"", "CREATE TABLE \"v1.2\"",
                    "INSERT INTO db (name, meta) VALUES ('root', '{}')",
                    "INSERT INTO runs (name, meta) VALUES ('r1', '{\"a\": 1}')",
                    "INSERT INTO \"runs/2024\" (name, meta) VALUES ('jan', '{}')",
                    "INSERT INTO \"db/db\" (name, meta) VALUES ('inner', '{}')");
            assertEquals(List.of("root"), column(c, "SELECT name FROM db"));
            assertEquals(List.of("r1"), column(c, "SELECT runs.name FROM runs WHERE runs.meta->>'a' = 1"));
            assertEquals(List.of("jan"), column(c, "SELECT name FROM \"runs/2024\""));
            assertEquals(List.of("inner"), column(c, "SELECT name FROM \"db/db\""));
            assertEquals(List.of("r1"), column(c, "SELECT name FROM \"db/runs\""));
            assertTrue(Files.exists(dir.resolve("runs/2024/jan.json")));
            assertTrue(Files.exists(dir.resolve("db/inner.json")));
        }
        try (Store root = Store.open(dir, StoreOptions.defaults().withSync(false))) {
            assertEquals(List.of("db", "db/db", "runs", "runs/2024", "v1.2"), Tables.names(root));
            assertEquals(dir.resolve("runs/2024").toRealPath(), Tables.resolve(root, "runs/2024").directory());
        }
    }

    @Test
    void unknownAndInvalidTablesAre42S02AndCreateValidatesNames() throws Exception {
        try (Connection c = connect()) {
            for (String sql : List.of("SELECT name FROM nosuch", "SELECT name FROM \"a//b\"", "SELECT name FROM \"../x\"", "SELECT name FROM \"PUBLIC\".\"db\"",
                    "INSERT INTO nosuch (name, meta) VALUES ('a', '{}')")) {
                SQLException e = assertThrows(SQLException.class, () -> {
                    if (sql.startsWith("SELECT")) {
                        column(c, sql);
                    } else {
                        update(c, sql);
                    }
                });
                assertEquals("42S02", e.getSQLState(), sql);
            }
            assertEquals("22023", assertThrows(SQLException.class, () -> update(c, "CREATE TABLE \"a\\\\b\"")).getSQLState());
            assertEquals("2BP01", assertThrows(SQLException.class, () -> update(c, "CREATE TABLE db")).getSQLState());
        }
    }

    @Test
    void dropRemovesOnlyDirectoriesHoldingDirdbEntries() throws Exception {
        try (Connection c = connect()) {
            execute(c, "CREATE TABLE t", "INSERT INTO t (name, meta) VALUES ('x', '{}')", "CREATE TABLE keep",
                    "CREATE TABLE IF NOT EXISTS t");
            Files.writeString(dir.resolve("keep/notes.txt"), "mine");
            update(c, "DROP TABLE t");
            assertFalse(Files.exists(dir.resolve("t")));
            DirSnapshot before = DirSnapshot.of(dir);
            SQLException e = assertThrows(SQLException.class, () -> update(c, "DROP TABLE keep"));
            assertEquals("2BP01", e.getSQLState());
            assertEquals(before, DirSnapshot.of(dir));
            update(c, "DROP TABLE IF EXISTS t");
            assertEquals("42S01", assertThrows(SQLException.class, () -> update(c, "CREATE TABLE keep")).getSQLState());
        }
    }
}
