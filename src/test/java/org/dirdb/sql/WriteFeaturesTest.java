package org.dirdb.sql;

import static org.dirdb.sql.SqlFixture.column;
import static org.dirdb.sql.SqlFixture.execute;
import static org.dirdb.sql.SqlFixture.one;
import static org.dirdb.sql.SqlFixture.row;
import static org.dirdb.sql.SqlFixture.rows;
import static org.dirdb.sql.SqlFixture.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.dirdb.store.DirSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFeaturesTest {
    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false");
        execute(c, "INSERT INTO db (name, meta, data) VALUES ('a', '{\"n\": 1, \"keep\": {\"x\": 1, \"y\": 2}}', X'01'),"
                + " ('b', '{\"n\": 5}', X'0202'), ('c', NULL, X'030303')");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private String meta(String name) throws SQLException {
        return (String) one(c, "SELECT meta FROM db WHERE name = ?", name);
    }

    @Test
    void mergePatchFollowsRfc7386InBothSpellings() throws Exception {
        assertEquals(1, update(c, "UPDATE db SET meta = JSON_MERGEPATCH(meta, ?) WHERE name = 'a'",
                "{\"n\": 2, \"keep\": {\"x\": null, \"z\": [1]}, \"new\": \"s\"}"));
        assertEquals("{\"n\":2,\"keep\":{\"y\":2,\"z\":[1]},\"new\":\"s\"}", meta("a"));
        // Metadata that does not exist yet is patched as {}; a non-object patch replaces the target.
        assertEquals(1, update(c, "UPDATE db SET meta = JSON_MERGE_PATCH(meta, '{\"first\": true}') WHERE name = 'c'"));
        assertEquals("{\"first\":true}", meta("c"));
        assertEquals("[1,2]", one(c, "SELECT JSON_MERGEPATCH('{\"a\":1}', '[1,2]')"));
    }

    @Test
    void mergePatchKeepsNanAndInfinityAsNumbers() throws Exception {
        update(c, "UPDATE db SET meta = '{\"loss\": NaN, \"best\": -Infinity}' WHERE name = 'b'");
        update(c, "UPDATE db SET meta = JSON_MERGEPATCH(meta, '{\"epoch\": 2}') WHERE name = 'b'");
        assertEquals("{\"loss\":NaN,\"best\":-Infinity,\"epoch\":2}", meta("b"));
        assertEquals(Double.NaN, one(c, "SELECT meta->>'loss' FROM db WHERE name = 'b'"));
    }

    @Test
    void jsonSetCreatesPathsAndKeepsTypes() throws Exception {
        assertEquals(2, update(c, "UPDATE db SET meta = JSON_SET(meta, '$.stats.best', ?) WHERE meta->>'n' > 0", 0.25));
        assertEquals("{\"n\":5,\"stats\":{\"best\":0.25}}", meta("b"));
        assertEquals(0.25, one(c, "SELECT JSON_VALUE(meta, '$.stats.best') FROM db WHERE name = 'a'"));
        update(c, "UPDATE db SET meta = JSON_SET(meta, '$.tags[0]', 'x') WHERE name = 'c'");
        assertEquals("{\"tags\":[\"x\"]}", meta("c"));
    }

    @Test
    void updateAndDeleteTakeAnyWhereAndCountExactly() throws Exception {
        assertEquals(2, update(c, "UPDATE db SET meta = '{\"big\": true}' WHERE size >= 2"));
        assertEquals(List.of("b", "c"), column(c, "SELECT name FROM db WHERE JSON_VALUE(meta, '$.big') ORDER BY name"));
        assertEquals(0, update(c, "UPDATE db SET meta = NULL WHERE name = 'missing'"));
        assertEquals(1, update(c, "DELETE FROM db WHERE size = 1 OR name = 'zzz'"));
        assertEquals(2, update(c, "DELETE FROM db"));
        assertEquals(0L, one(c, "SELECT COUNT(*) FROM db"));
    }

    @Test
    void aWideUpdateLocksOnlyTheEntriesItChanges() throws Exception {
        for (int i = 0; i < 10; i++) {
            Files.writeString(dir.resolve("hand-" + i + ".json"), "{\"x\": " + i + "}");
        }
        assertEquals(2, update(c, "UPDATE db SET meta = JSON_SET(meta, '$.seen', TRUE) WHERE name LIKE 'hand-%'"
                + " AND meta->>'x' >= 8"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("hand-8.lock", "hand-9.lock"), files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("hand-") && f.endsWith(".lock")).sorted().toList());
        }
    }

    @Test
    void renameMovesAllFilesAndRefusesAnExistingTarget() throws Exception {
        assertEquals(1, update(c, "UPDATE db SET name = ? WHERE name = ?", "a2", "a"));
        assertEquals(List.of(row("a2", 1L)), rows(c, "SELECT name, meta->>'n' FROM db WHERE name LIKE 'a%'"));
        assertTrue(Files.exists(dir.resolve("a2.pickle")) && Files.exists(dir.resolve("a2.json")));
        assertEquals(0, update(c, "UPDATE db SET name = 'x' WHERE name = 'nope'"));
        DirSnapshot before = DirSnapshot.of(dir);
        SQLException e = assertThrows(SQLException.class, () -> update(c, "UPDATE db SET name = 'b' WHERE name = 'a2'"));
        assertEquals("23505", e.getSQLState());
        assertEquals(before, DirSnapshot.of(dir));
    }

    @Test
    void onConflictDoUpdateAndDoNothingUpsert() throws Exception {
        String upsert = "INSERT INTO db (name, meta) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                + " SET meta = JSON_MERGEPATCH(db.meta, EXCLUDED.meta)";
        assertEquals(1, update(c, upsert, "a", "{\"n\": 9}"));
        assertEquals(1, update(c, upsert, "new", "{\"n\": 1}"));
        assertEquals(9L, one(c, "SELECT meta->>'n' FROM db WHERE name = 'a'"));
        assertEquals("{\"n\": 1}", meta("new"));
        assertEquals(0, update(c, "INSERT INTO db (name, meta) VALUES ('b', '{}') ON CONFLICT (name) DO NOTHING"));
        assertEquals(1, update(c, "INSERT INTO db (name, meta) VALUES ('d', '{}') ON CONFLICT DO NOTHING"));
        assertEquals(0, update(c, "INSERT INTO db (name, meta) VALUES ('b', '{}') ON CONFLICT (name) DO UPDATE"
                + " SET meta = EXCLUDED.meta WHERE db.size > 100"));
        assertEquals("{\"n\": 5}", meta("b"));
    }

    @Test
    void mergeUpdatesInsertsOrDeletes() throws Exception {
        String merge = "MERGE INTO db t USING (SELECT ? AS name, ? AS meta) s ON t.name = s.name"
                + " WHEN MATCHED THEN UPDATE SET meta = JSON_MERGEPATCH(t.meta, s.meta)"
                + " WHEN NOT MATCHED THEN INSERT (name, meta) VALUES (s.name, s.meta)";
        assertEquals(1, update(c, merge, "b", "{\"m\": 1}"));
        assertEquals(1, update(c, merge, "e", "{\"m\": 2}"));
        assertEquals("{\"n\":5,\"m\":1}", meta("b"));
        assertEquals("{\"m\": 2}", meta("e"));
        assertEquals(1, update(c, "MERGE INTO db USING (SELECT 'c' AS name) s ON db.name = s.name"
                + " WHEN MATCHED AND db.size > 2 THEN DELETE"));
        assertEquals(List.of("a", "b", "e"), column(c, "SELECT name FROM db"));
    }

    @Test
    void multiRowInsertsCheckEveryRowFirstAndBatchesStopAtTheFirstFailure() throws Exception {
        SQLException e = assertThrows(SQLException.class, () -> update(c,
                "INSERT INTO db (name, data) VALUES ('p', X'00'), ('a', X'00'), ('q', X'00')"));
        assertEquals("23505", e.getSQLState());
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        assertEquals(List.of("a", "b", "c"), column(c, "SELECT name FROM db"));
        assertEquals(2, update(c, "INSERT INTO db (name, data) VALUES ('p', X'00'), ('a', X'00'), ('q', X'00')"
                + " ON CONFLICT (name) DO NOTHING"));
        assertEquals(List.of("a", "b", "c", "p", "q"), column(c, "SELECT name FROM db"));
        try (PreparedStatement ps = c.prepareStatement("UPDATE db SET meta = JSON_SET(meta, '$.k', ?) WHERE name = ?")) {
            ps.setInt(1, 1);
            ps.setString(2, "a");
            ps.addBatch();
            ps.setInt(1, 2);
            ps.setString(2, "zz");
            ps.addBatch();
            assertArrayEquals(new int[] {1, 0}, ps.executeBatch());
        }
    }

    @Test
    void tableNamesMeanWhatIsWritten() throws Exception {
        execute(c, "CREATE TABLE runs");
        execute(c, "CREATE TABLE \"runs.v2\"");
        execute(c, "INSERT INTO runs (name, data) VALUES ('k', X'01')");
        execute(c, "INSERT INTO \"runs.v2\" (name, data) VALUES ('v', X'01')");
        // A colon delimits parts as a dot does; either way the parts name the directory runs.v2.
        assertEquals(List.of("v"), column(c, "SELECT name FROM runs:v2"));
        assertEquals(List.of("v"), column(c, "SELECT name FROM runs.v2"));
        assertEquals(0, update(c, "DELETE FROM runs:v2 WHERE name = 'k'"));
        SQLException several = assertThrows(SQLException.class, () -> update(c, "DROP TABLE IF EXISTS nosuch, runs"));
        assertEquals("0A000", several.getSQLState());
        update(c, "DROP TABLE runs:v2");
        assertEquals(List.of("k"), column(c, "SELECT name FROM runs"));
        assertTrue(Files.isDirectory(dir.resolve("runs")) && !Files.exists(dir.resolve("runs.v2")));
    }

    @Test
    void onConflictChecksOnlyTheRowsItMayWrite() throws Exception {
        // As for one row: a row whose entry exists is decided by ON CONFLICT, so its unused meta is no error.
        assertEquals(1, update(c, "INSERT INTO db (name, meta) VALUES ('a', 'not json'), ('n', '{}')"
                + " ON CONFLICT (name) DO NOTHING"));
        assertEquals(List.of("a", "b", "c", "n"), column(c, "SELECT name FROM db"));
        SQLException e = assertThrows(SQLException.class, () -> update(c, "INSERT INTO db (name, meta)"
                + " VALUES ('m', '{}'), ('o', 'not json') ON CONFLICT (name) DO NOTHING"));
        assertEquals("22032", e.getSQLState());
        assertEquals(List.of("a", "b", "c", "n"), column(c, "SELECT name FROM db"));
    }

    @Test
    void streamedPayloadIsWrittenToEveryMatchingEntry() throws Exception {
        try (PreparedStatement ps = c.prepareStatement("UPDATE db SET data = ? WHERE name <> 'c'")) {
            ps.setBinaryStream(1, new ByteArrayInputStream(new byte[] {7, 7, 7, 7}), 4);
            assertEquals(2, ps.executeUpdate());
        }
        assertEquals(List.of(4L, 4L, 3L), column(c, "SELECT size FROM db ORDER BY name"));
        try (var stream = Files.list(dir)) {
            assertEquals(0, stream.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
    }

    @Test
    void failedStatementsLeaveTheDirectoryUnchanged() throws Exception {
        DirSnapshot before = DirSnapshot.of(dir);
        String[][] cases = {
            {"UPDATE db SET meta = JSON_MERGEPATCH(meta, '{bad') WHERE name = 'a'", "22032"},
            {"UPDATE db SET meta = '[1]' WHERE name = 'b'", "22032"},
            {"UPDATE db SET meta = 3 WHERE name = 'b'", "22018"},
            {"UPDATE db SET size = 3 WHERE name = 'b'", "0A000"},
            {"DELETE FROM db WHERE (meta->>'n') / 0 > 1", "22012"},
            {"DELETE FROM nosuch WHERE name = 'a'", "42S02"},
            {"INSERT INTO db (name, meta) VALUES ('../x', '{}')", "22023"},
            {"UPDATE db SET meta = JSON_SET(meta, '$.n.deeper', 1) WHERE name = 'a'", "22023"},
            {"CREATE TABLE \".hidden\"", "22023"},
            {"CREATE TABLE \"x.pickle\"", "22023"},
            {"CREATE TABLE \"a.json\"", "22023"},
            {"CREATE TABLE \"x.\"", "22023"},
            {"INSERT INTO \"x.\" (name, meta) VALUES ('n', '{}')", "42S02"},
            // A multi-row INSERT checks every row before it writes the first.
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('.bad', '{}')", "22023"},
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('CON', '{}')", "22023"},
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('n2', '[1]')", "22032"},
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('n2', NULL)", "23502"},
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('n2', '{\"k\": ' || 1 / 0 || '}')", "22012"},
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('n1', '{}')", "23505"},
            {"INSERT INTO db (name, meta) VALUES ('n1', '{}'), ('b', '{}')", "23505"},
            {"DROP TABLE nosuch", "42S02"},
        };
        for (String[] t : cases) {
            SQLException e = assertThrows(SQLException.class, () -> update(c, t[0]), t[0]);
            assertEquals(t[1], e.getSQLState(), t[0] + ": " + e.getMessage());
            assertEquals(before, DirSnapshot.of(dir), t[0]);
        }
    }

    /**
     * Clauses that would change the answer if they were ignored are refused (0A000) naming the clause, before
     * anything is read or written. JSqlParser reads MySQL's {@code PARTITION (p1)} as an alias with column names,
     * so both are checked.
     */
    @Test
    void clausesThatWouldChangeTheAnswerAreRefusedNamingThemAndChangeNothing() throws Exception {
        DirSnapshot before = DirSnapshot.of(dir);
        String[][] cases = {
            {"SELECT name FROM db PARTITION (p1)", "PARTITION (p1)"},
            {"SELECT COUNT(*) FROM db PARTITION (p1, p2) WHERE size > 0", "PARTITION (p1, p2)"},
            {"SELECT x FROM db AS t (x, y)", "t (x, y)"},
            {"UPDATE db PARTITION (p1) SET meta = '{}' WHERE name = 'a'", "PARTITION (p1)"},
            {"DELETE FROM db PARTITION (p1) WHERE name = 'a'", "PARTITION (p1)"},
            {"DELETE FROM db t (x) WHERE name = 'a'", "t (x)"},
            {"INSERT INTO db PARTITION (p1) (name, meta) VALUES ('n', '{}')", "PARTITION (p1)"},
            {"MERGE INTO db PARTITION (p1) USING (SELECT 'a' AS name) s ON db.name = s.name WHEN MATCHED THEN DELETE",
                "PARTITION (p1)"},
            {"UPDATE IGNORE db SET meta = '{}' WHERE name = 'a'", "UPDATE IGNORE"},
            {"DELETE IGNORE FROM db WHERE name = 'a'", "DELETE IGNORE"},
            {"DELETE LOW_PRIORITY QUICK IGNORE FROM db WHERE name = 'a'", "DELETE IGNORE"},
            {"INSERT IGNORE INTO db (name, meta) VALUES ('n', '{}'), ('a', '{}')", "INSERT IGNORE"},
            {"CREATE TEMPORARY TABLE scratch", "CREATE TEMPORARY TABLE"},
            {"CREATE TEMP TABLE scratch", "CREATE TEMPORARY TABLE"},
        };
        for (String[] t : cases) {
            SQLException e = assertThrows(SQLException.class, () -> execute(c, t[0]), t[0]);
            assertEquals("0A000", e.getSQLState(), t[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(t[1]), t[0] + ": " + e.getMessage());
            assertEquals(before, DirSnapshot.of(dir), t[0]);
        }
    }

    /** Hints that only schedule a statement or pick an index change no result: they are accepted and ignored. */
    @Test
    void hintsThatChangeNoResultAreIgnored() throws Exception {
        assertEquals(List.of("a", "b", "c"), column(c, "SELECT name FROM db USE INDEX (db_pk) ORDER BY name"));
        assertEquals(List.of("a", "b", "c"), column(c, "SELECT name FROM db WITH (NOLOCK) ORDER BY name"));
        assertEquals(1, update(c, "UPDATE LOW_PRIORITY db SET meta = '{\"n\": 9}' WHERE name = 'a'"));
        assertEquals(1, update(c, "INSERT LOW_PRIORITY INTO db (name, meta) VALUES ('d', '{}')"));
        assertEquals(1, update(c, "DELETE LOW_PRIORITY QUICK FROM db WHERE name = 'c'"));
        assertEquals(List.of(row("a", "{\"n\": 9}"), row("b", "{\"n\": 5}"), row("d", "{}")),
                rows(c, "SELECT name, meta FROM db ORDER BY name"));
    }
}
