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
 * A JSON {@code null} member, as PostgreSQL treats it: {@code ->} and {@code JSON_QUERY} give the JSON value
 * {@code null}, which is not SQL NULL; {@code ->>} and {@code JSON_VALUE} give SQL NULL. The value a query
 * returns, {@code wasNull}, {@code IS NULL} and {@code COALESCE} must all give the same answer.
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
    void arrowGivesJsonNullWhichIsAValue() throws Exception {
        agrees("meta->'n'", "jnull", "null");
        agrees("meta->'o'->'m'", "jnull", "null");
        agrees("meta->'a'->0", "jnull", "null");
        agrees("JSON_QUERY(meta, '$.n')", "jnull", "null");
        agrees("JSON_QUERY(meta, '$.o.m')", "jnull", "null");
        agrees("meta->'n'", "num", "1");
        // Missing is SQL NULL.
        agrees("meta->'n'", "none", null);
        agrees("meta->'a'->5", "jnull", null);
        agrees("JSON_QUERY(meta, '$.n')", "none", null);
    }

    @Test
    void doubleArrowAndJsonValueGiveSqlNullForJsonNull() throws Exception {
        agrees("meta->>'n'", "jnull", null);
        agrees("meta->'o'->>'m'", "jnull", null);
        agrees("meta->'a'->>0", "jnull", null);
        agrees("JSON_VALUE(meta, '$.n')", "jnull", null);
        agrees("meta->>'n'", "none", null);
        agrees("meta->>'n'", "num", 1L);
    }

    @Test
    void predicatesSelectTheSameRowsTheValuesShow() throws Exception {
        // As written by users, without parentheses.
        assertEquals(List.of("none"), column(c, "SELECT name FROM db WHERE meta->'n' IS NULL ORDER BY name"));
        assertEquals(List.of("jnull", "num"), column(c, "SELECT name FROM db WHERE meta->'n' IS NOT NULL ORDER BY name"));
        assertEquals(List.of("jnull", "none"), column(c, "SELECT name FROM db WHERE (meta->>'n') IS NULL ORDER BY name"));
        assertEquals(List.of("jnull", "none"), column(c,
                "SELECT name FROM db WHERE JSON_VALUE(meta, '$.n') IS NULL ORDER BY name"));
        assertEquals(List.of("null", "d", "1"), column(c, "SELECT COALESCE(meta->'n', 'd') FROM db ORDER BY name"));
        assertEquals(2L, one(c, "SELECT COUNT(meta->'n') FROM db"));
        assertEquals(1L, one(c, "SELECT COUNT(meta->>'n') FROM db"));
        // Where SQL needs a plain value, JSON null is its text, as an object or an array is.
        assertEquals("null!", one(c, "SELECT CONCAT(meta->'n', '!') FROM db WHERE name = 'jnull'"));
        assertEquals(true, one(c, "SELECT (meta->'n') = 'null' FROM db WHERE name = 'jnull'"));
        assertEquals("null", one(c, "SELECT CAST(meta->'n' AS VARCHAR) FROM db WHERE name = 'jnull'"));
    }

    @Test
    void jsonNullIsNotANumber() {
        SQLException e = assertThrows(SQLException.class,
                () -> one(c, "SELECT (meta->'n') + 1 FROM db WHERE name = 'jnull'"));
        assertEquals("22018", e.getSQLState());
        assertEquals(true, e.getMessage().contains("JSON null"), e.getMessage());
    }
}
