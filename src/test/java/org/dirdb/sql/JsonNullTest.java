package org.dirdb.sql;

import static org.dirdb.sql.SqlFixture.column;
import static org.dirdb.sql.SqlFixture.execute;
import static org.dirdb.sql.SqlFixture.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON {@code null} member (what Python writes for {@code None}) is SQL NULL whichever form reads it, as a
 * missing member is: the value a query returns, {@code wasNull}, {@code IS NULL}, {@code COALESCE} and the
 * aggregates must all give that one answer.
 */
class JsonNullTest {
    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false");
        execute(c, "INSERT INTO db (name, meta) VALUES "
                + "('jnull', '{\"n\": null, \"o\": {\"m\": null}, \"a\": [null, 1]}'),"
                + "('num', '{\"n\": 1}'),"
                + "('none', '{}')");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    /**
     * Reads {@code expr} of entry {@code entry} four ways and checks they agree: its value (and
     * {@code wasNull}), {@code expr IS NULL}, {@code expr IS NOT NULL} and {@code COALESCE(expr, 'd')}.
     */
    private void agrees(String expr, String entry, Object expected) throws SQLException {
        String sql = "SELECT " + expr + ", (" + expr + ") IS NULL, (" + expr + ") IS NOT NULL, COALESCE(" + expr
                + ", 'd') FROM db WHERE name = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, entry);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(expected, rs.getObject(1), sql);
                assertEquals(expected == null, rs.wasNull(), "wasNull of " + sql);
                assertEquals(expected == null, rs.getBoolean(2), "IS NULL in " + sql);
                assertEquals(expected != null, rs.getBoolean(3), "IS NOT NULL in " + sql);
                assertEquals(expected == null ? "d" : expected, rs.getObject(4), "COALESCE in " + sql);
            }
        }
    }

    @Test
    void everyFormReadsJsonNullAsSqlNull() throws Exception {
        for (String expr : List.of("meta->'n'", "meta->'o'->'m'", "meta->'a'->0", "JSON_QUERY(meta, '$.n')",
                "JSON_QUERY(meta, '$.o.m')", "meta->>'n'", "meta->'o'->>'m'", "meta->'a'->>0",
                "JSON_VALUE(meta, '$.n')")) {
            agrees(expr, "jnull", null);
            agrees(expr.replace("'o'->", "'x'->").replace("$.o.m", "$.x.m"), "none", null);
        }
        agrees("meta->'n'", "num", "1");
        agrees("meta->>'n'", "num", 1L);
        agrees("meta->'a'->1", "jnull", "1");
        agrees("meta->'o'", "jnull", "{\"m\":null}");
    }

    @Test
    void predicatesAndAggregatesSelectWhatTheValuesShow() throws Exception {
        // As written by users, without parentheses.
        assertEquals(List.of("jnull", "none"), column(c, "SELECT name FROM db WHERE meta->'n' IS NULL ORDER BY name"));
        assertEquals(List.of("num"), column(c, "SELECT name FROM db WHERE meta->'n' IS NOT NULL ORDER BY name"));
        assertEquals(List.of("d", "d", "1"), column(c, "SELECT COALESCE(meta->'n', 'd') FROM db ORDER BY name"));
        assertEquals(1L, one(c, "SELECT COUNT(meta->'n') FROM db"));
        assertEquals(1L, one(c, "SELECT SUM(meta->'n') FROM db"));
        assertEquals(1L, one(c, "SELECT MAX(meta->>'n') FROM db"));
        assertEquals("1", one(c, "SELECT MAX(meta->'n') FROM db"));
        assertEquals(1.0, one(c, "SELECT AVG(meta->'n') FROM db"));
        assertEquals(null, one(c, "SELECT (meta->'n') + 1 FROM db WHERE name = 'jnull'"));
        assertEquals(null, one(c, "SELECT (meta->'n') = 'null' FROM db WHERE name = 'jnull'"));
        // JSON_EXISTS tells a null member from a missing one.
        assertEquals(List.of("jnull", "num"), column(c,
                "SELECT name FROM db WHERE JSON_EXISTS(meta, '$.n') ORDER BY name"));
    }
}
