package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The plans made without the parser are exactly the translator's, for every column combination of every
 * shape, in several spellings; anything else (including repeated columns and renames, which the translator
 * handles) is left to the parser.
 */
class SimpleStatementsTest {
    private static final List<String> COLUMNS = List.of("name", "meta", "data", "size", "format", "modified");

    /** The translator's plan, or null when it refuses the statement. */
    private static Plan translated(String sql) {
        try {
            return new Translator().translate(new SqlFrontEnd(1).parse(sql));
        } catch (QueryException e) {
            return null;
        }
    }

    /** A plan made without the parser is the translator's (which therefore accepts the statement too). */
    private static void same(String sql) {
        Plan simple = SimpleStatements.plan(sql);
        if (simple != null) {
            assertEquals(translated(sql), simple, sql);
        }
    }

    private static List<List<String>> sequences(List<String> of, int max) {
        List<List<String>> out = new ArrayList<>();
        List<List<String>> frontier = List.of(List.of());
        for (int len = 1; len <= max; len++) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : frontier) {
                for (String c : of) {
                    List<String> seq = new ArrayList<>(prefix);
                    seq.add(c);
                    next.add(seq);
                }
            }
            out.addAll(next);
            frontier = next;
        }
        return out;
    }

    @Test
    void selectsMatchTheTranslator() {
        int planned = 0;
        for (List<String> cols : sequences(COLUMNS, 3)) {
            String list = String.join(", ", cols);
            for (String sql : List.of("SELECT " + list + " FROM db", "select " + list + " from DB where NAME = ?",
                    "  Select\t" + list.toUpperCase(Locale.ROOT) + "\nFROM db  WHERE name=? ")) {
                same(sql);
                planned += SimpleStatements.plan(sql) == null ? 0 : 1;
            }
        }
        assertEquals(3 * (6 + 6 * 5 + 6 * 5 * 4), planned); // every list without a repeated column
    }

    @Test
    void insertsMatchTheTranslator() {
        int planned = 0;
        for (List<String> cols : sequences(COLUMNS, 3)) {
            String marks = String.join(", ", java.util.Collections.nCopies(cols.size(), "?"));
            for (String sql : List.of("INSERT INTO db (" + String.join(", ", cols) + ") VALUES (" + marks + ")",
                    "insert into db(" + String.join(",", cols) + ")values(" + marks.replace(" ", "") + ")")) {
                same(sql);
                planned += SimpleStatements.plan(sql) == null ? 0 : 1;
            }
            same("INSERT INTO db (" + String.join(", ", cols) + ") VALUES (?" + ", ?".repeat(cols.size()) + ")");
        }
        assertEquals(2 * (1 + 4 + 6), planned); // name alone, with meta or data, with both, in any order
    }

    @Test
    void updatesMatchTheTranslator() {
        int planned = 0;
        for (List<String> cols : sequences(COLUMNS, 2)) {
            List<String> sets = cols.stream().map(c -> c + " = ?").toList();
            for (String sql : List.of("UPDATE db SET " + String.join(", ", sets) + " WHERE name = ?",
                    "update DB set " + String.join(",", sets).replace(" ", "") + " where name=?")) {
                same(sql);
                planned += SimpleStatements.plan(sql) == null ? 0 : 1;
            }
        }
        assertEquals(2 * (2 + 2), planned); // meta, data, meta and data, data and meta
    }

    @Test
    void everythingElseGoesToTheParser() {
        for (String sql : List.of("SELECT * FROM db", "SELECT name FROM db;", "SELECT name FROM db -- c",
                "SELECT name FROM db WHERE name = 'a'", "SELECT \"name\" FROM db", "SELECT name AS n FROM db",
                "SELECT name FROM db WHERE name = ? AND meta IS NULL", "SELECT name FROM db ORDER BY name",
                "SELECT name FROM sub", "SELECT name FROM db.x", "SELECT name FROM db WHERE name > ?",
                "SELECT name1 FROM db", "SELECT näme FROM db", "INSERT INTO db VALUES (?, ?, ?)",
                "INSERT INTO db (name) VALUES ('a')", "INSERT INTO db (name) VALUES (?) ON CONFLICT DO NOTHING",
                "UPDATE db SET name = ? WHERE name = ?", "UPDATE db SET meta = ?", "UPDATE db SET meta = ? WHERE name = 'x'",
                "DELETE FROM db WHERE name = ?", "", "   ", "SELECT", "SELECT name FROM")) {
            assertNull(SimpleStatements.plan(sql), sql);
        }
    }

    @Test
    void theSimpleShapesDoNotRunTheParser() {
        SqlFrontEnd frontEnd = new SqlFrontEnd(8);
        assertNotNull(frontEnd.prepare("SELECT name FROM db"));
        assertNotNull(frontEnd.prepare("SELECT data FROM db WHERE name = ?"));
        assertNotNull(frontEnd.prepare("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)"));
        assertNotNull(frontEnd.prepare("UPDATE db SET meta = ? WHERE name = ?"));
        assertEquals(0, frontEnd.parseCount());
        frontEnd.prepare("SELECT name FROM db ORDER BY name DESC");
        assertEquals(1, frontEnd.parseCount());
    }
}
