package org.dirdb.sql;

import static org.dirdb.sql.SqlFixture.column;
import static org.dirdb.sql.SqlFixture.execute;
import static org.dirdb.sql.SqlFixture.one;
import static org.dirdb.sql.SqlFixture.row;
import static org.dirdb.sql.SqlFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectFeaturesTest {
    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false");
        execute(c, "INSERT INTO db (name, meta, data) VALUES "
                + "('run-a', '{\"model\": \"cnn\", \"epoch\": 3, \"stats\": {\"loss\": 0.5, \"acc\": [0.1, 0.9]}}', X'0102'),"
                + "('run-b', '{\"model\": \"cnn\", \"epoch\": 10, \"stats\": {\"loss\": 0.25}}', X'010203'),"
                + "('run-c', '{\"model\": \"rnn\", \"epoch\": \"7\", \"stats\": {\"loss\": 1.0}, \"tag\": null}', NULL),"
                + "('other', NULL, X'')");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void projectionsComputeFunctionsAndOperators() throws Exception {
        assertEquals(List.of(row("RUN-A", 5L, "un", "run-a!", "cnn/3", 4L, 1.5, "big")), rows(c,
                "SELECT UPPER(name), LENGTH(name), SUBSTRING(name FROM 2 FOR 2), name || '!',"
                        + " CONCAT(meta->>'model', '/', meta->>'epoch'), size * 2, ABS(-1.5),"
                        + " CASE WHEN size > 1 THEN 'big' ELSE 'small' END FROM db WHERE name = 'run-a'"));
        assertEquals(List.of(row("x", null, "fallback", 3L, "a_b", 0.33)), rows(c,
                "SELECT TRIM('  x '), NULLIF(1, 1), COALESCE(NULL, 'fallback'), CAST('3' AS INTEGER),"
                        + " REPLACE('a-b', '-', '_'), ROUND(0.333, 2)"));
        assertEquals(List.of("other", "run-a", "run-b", "run-c"), column(c, "SELECT DISTINCT name FROM db ORDER BY 1"));
        assertEquals(List.of("cnn", "rnn"), column(c, "SELECT DISTINCT meta->>'model' AS m FROM db WHERE meta IS NOT NULL ORDER BY m"));
    }

    @Test
    void jsonFunctionsAndOperatorsFollowTheTypingRules() throws Exception {
        assertEquals(List.of(row("run-a", 0.5, 0.9, "{\"loss\":0.5,\"acc\":[0.1,0.9]}", true, "cnn")), rows(c,
                "SELECT name, JSON_VALUE(meta, '$.stats.loss'), meta->'stats'->'acc'->>1, JSON_QUERY(meta, '$.stats'),"
                        + " JSON_EXISTS(meta, '$.stats.acc[1]'), meta->>'model' FROM db WHERE name = 'run-a'"));
        // A JSON number compares as a number: 10 > 9 although '10' < '9' as text; the string "7" is not a number.
        assertEquals(List.of("run-b"), column(c, "SELECT name FROM db WHERE JSON_VALUE(meta, '$.epoch') > 9"));
        assertEquals(List.of("run-c"), column(c, "SELECT name FROM db WHERE meta->>'epoch' = '7'"));
        assertEquals(List.of("run-a", "run-b"), column(c, "SELECT name FROM db WHERE meta->>'epoch' < 100 ORDER BY name"));
        assertEquals(List.of(7L, 3L), column(c,
                "SELECT JSON_VALUE(meta, '$.epoch' RETURNING INTEGER) FROM db WHERE name IN ('run-c', 'run-a') ORDER BY name DESC"));
        // Missing paths and JSON null are NULL.
        assertEquals(List.of(row(null, null, null, false)), rows(c,
                "SELECT JSON_VALUE(meta, '$.nope'), meta->>'tag', JSON_QUERY(meta, '$.a.b'), JSON_EXISTS(meta, '$.nope')"
                        + " FROM db WHERE name = 'run-c'"));
        assertEquals(List.of("run-a"), column(c, "SELECT name FROM db WHERE JSON_VALUE(meta, ?) = ?", "$.stats.acc[0]", 0.1));
    }

    @Test
    void invalidMetadataIsTextUntilAJsonFunctionNeedsIt() throws Exception {
        Files.writeString(dir.resolve("broken.json"), "{not json");
        assertEquals(List.of(row("broken", "{not json")), rows(c, "SELECT name, meta FROM db WHERE name LIKE 'br%'"));
        SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELECT meta->>'a' FROM db WHERE name = 'broken'"));
        assertEquals("22032", e.getSQLState());
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
        assertEquals(5L, one(c, "SELECT COUNT(*) FROM db"));
    }

    @Test
    void whereSupportsEveryOperatorAndParametersAnywhere() throws Exception {
        assertEquals(List.of("run-a", "run-b"), column(c,
                "SELECT name FROM db WHERE name LIKE 'run!-_' ESCAPE '!' AND NOT (size IS NULL) AND size BETWEEN ? AND ?"
                        + " ORDER BY name", 1, 3));
        assertEquals(List.of("other", "run-c"), column(c,
                "SELECT name FROM db WHERE size NOT IN (2, 3) OR size IS NULL ORDER BY name"));
        assertEquals(List.of("run-b"), column(c, "SELECT name FROM db WHERE meta->'stats'->>'loss' < ? AND name <> 'x'", 0.3));
        assertEquals(List.of("RUN-B"), column(c, "SELECT UPPER(?) FROM db WHERE name = ?", "run-b", "run-b"));
        assertEquals(List.of("run-a", "run-b", "run-c"), column(c, "SELECT name FROM db WHERE name ILIKE 'RUN%' ORDER BY 1"));
    }

    @Test
    void orderByExpressionsAliasesOrdinalsAndNulls() throws Exception {
        assertEquals(List.of("run-c", "other", "run-a", "run-b"), column(c, "SELECT name FROM db ORDER BY size NULLS FIRST, name"));
        assertEquals(List.of("other", "run-a", "run-b", "run-c"), column(c, "SELECT name FROM db ORDER BY size NULLS LAST"));
        assertEquals(List.of("run-c", "run-b", "run-a", "other"), column(c, "SELECT name FROM db ORDER BY size DESC NULLS FIRST"));
        assertEquals(List.of("run-b", "run-a", "run-c", "other"), column(c,
                "SELECT name, JSON_VALUE(meta, '$.stats.loss') AS loss FROM db ORDER BY loss NULLS LAST"));
        assertEquals(List.of("run-c", "run-a", "run-b", "other"), column(c,
                "SELECT name, meta->'stats'->>'loss' FROM db ORDER BY 2 DESC NULLS LAST"));
        assertEquals(List.of("run-c", "run-b"), column(c, "SELECT name FROM db ORDER BY name DESC LIMIT 2"));
        assertEquals(List.of("run-b"), column(c, "SELECT name FROM db ORDER BY name OFFSET 2 ROWS FETCH FIRST 1 ROWS ONLY"));
        assertEquals(List.of("run-a", "run-b"), column(c, "SELECT name FROM db ORDER BY name LIMIT ? OFFSET ?", 2, 1));
        SQLException e = assertThrows(SQLException.class, () -> column(c, "SELECT name FROM db LIMIT ?", -1));
        assertEquals("2201W", e.getSQLState());
    }

    @Test
    void aggregatesGroupAndFilterOverJsonFields() throws Exception {
        assertEquals(List.of(row("cnn", 2L, 0.375, 13L), row("rnn", 1L, 1.0, null)), rows(c,
                "SELECT meta->>'model' AS model, COUNT(*), AVG(JSON_VALUE(meta, '$.stats.loss')),"
                        + " SUM(CASE WHEN meta->>'epoch' > 0 THEN meta->>'epoch' END) FROM db WHERE meta IS NOT NULL"
                        + " GROUP BY model ORDER BY model"));
        assertEquals(List.of(row(4L, 3L, 2L, 5L, 0L, 3L)), rows(c,
                "SELECT COUNT(*), COUNT(size), COUNT(DISTINCT meta->>'model'), SUM(size), MIN(size), MAX(size) FROM db"));
        assertEquals(List.of("cnn"), column(c, "SELECT meta->>'model' FROM db GROUP BY meta->>'model' HAVING COUNT(*) > 1"));
        assertEquals(List.of(row(0L, null)), rows(c, "SELECT COUNT(*), MAX(size) FROM db WHERE name = 'none'"));
        // 1 and 1.0 are one distinct value; 2^53 and 2^53 + 1 are two, although they are one double.
        assertEquals(List.of(row(1L, 2L)), rows(c, "SELECT COUNT(DISTINCT CASE WHEN size = 2 THEN 1 ELSE 1.0 END),"
                + " COUNT(DISTINCT CASE WHEN size = 2 THEN 9007199254740992 ELSE 9007199254740993 END)"
                + " FROM db WHERE size > 1"));
    }

    @Test
    void aggregatesFilterTheirRowsWithFilterWhere() throws Exception {
        // run-a and run-b have epochs 3 and 10, run-c the string "7" (not comparable: unknown, so not counted).
        assertEquals(List.of(row(1L, 4L, 2L, 13L, 5L, 0L)), rows(c, "SELECT COUNT(*) FILTER (WHERE name = 'run-a'),"
                + " COUNT(*), COUNT(*) FILTER (WHERE meta->>'epoch' > 0), SUM(meta->>'epoch') FILTER (WHERE meta->>'epoch'"
                + " > 0), SUM(size) FILTER (WHERE data IS NOT NULL), COUNT(name) FILTER (WHERE name = ?) FROM db", "none"));
        assertEquals(List.of(row(null, 1L, 0L), row("cnn", 2L, 1L), row("rnn", 1L, 0L)), rows(c,
                "SELECT meta->>'model' AS m, COUNT(*), COUNT(DISTINCT size) FILTER (WHERE size > 2) FROM db GROUP BY m"
                        + " HAVING COUNT(*) FILTER (WHERE name LIKE 'run%') >= 0 ORDER BY m NULLS FIRST"));
        assertEquals(List.of("cnn"), column(c, "SELECT meta->>'model' AS m FROM db GROUP BY m"
                + " HAVING MAX(size) FILTER (WHERE name <> 'run-b') = 2 ORDER BY COUNT(*) FILTER (WHERE size > 0) DESC"));
        for (String sql : List.of("SELECT UPPER(name) FILTER (WHERE size > 0) FROM db",
                "SELECT COUNT(*) FILTER (WHERE COUNT(*) > 1) FROM db",
                "SELECT name FROM db WHERE COUNT(*) FILTER (WHERE size > 0) > 1")) {
            SQLException e = assertThrows(SQLException.class, () -> rows(c, sql), sql);
            assertEquals("42000", e.getSQLState(), sql + ": " + e.getMessage());
        }
        SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELECT SUM(size) FILTER (WHERE size > 0)"
                + " OVER () FROM db"));
        assertEquals("0A000", e.getSQLState());
        assertTrue(e.getMessage().contains("FILTER") && e.getMessage().contains("OVER"), e.getMessage());
    }

    @Test
    void theReadmeReportQueryRuns() throws Exception {
        // run-c's epoch is the string "7": not comparable with 3, so not selected.
        assertEquals(List.of(row("cnn", 1L, 0.25)), rows(c,
                "SELECT meta->>'model' AS model, COUNT(*), AVG(JSON_VALUE(meta, '$.stats.loss')) FROM db"
                        + " WHERE name LIKE 'run-%' AND JSON_VALUE(meta, '$.epoch') > 3 GROUP BY model ORDER BY 3 LIMIT 10"));
    }

    @Test
    void probesWithoutATableAnswerOneRow() throws Exception {
        assertEquals(List.of(row(1L)), rows(c, "SELECT 1"));
        Object now = one(c, "SELECT CURRENT_TIMESTAMP");
        assertInstanceOf(Timestamp.class, now);
        assertTrue(Math.abs(((Timestamp) now).getTime() - System.currentTimeMillis()) < 60_000);
        assertEquals(List.of(row("ab", 3L)), rows(c, "SELECT 'a' || 'b', 1 + 2 FROM DUAL"));
    }

    @Test
    void nullsLiteralsAndCastsAnswerAsStandardSql() throws Exception {
        assertEquals(List.of(row(null, null, "a", "abc", "a", "a")), rows(c, "SELECT 'a' || NULL, NULL || 'a',"
                + " CONCAT('a', NULL), REPLACE('abc', '', 'x'), TRIM(TRAILING FROM 'a  '), TRIM(FROM '  a  ')"));
        assertEquals(List.of(row(Long.MIN_VALUE, Long.MAX_VALUE)),
                rows(c, "SELECT -9223372036854775808, 9223372036854775807"));
        assertInstanceOf(Timestamp.class, one(c, "SELECT LOCALTIMESTAMP"));
        assertEquals(List.of(row("ab", "ab  ", 1.3, 1.0, -3.0, 7L, null)), rows(c, "SELECT CAST('abcdef' AS"
                + " VARCHAR(2)), CAST('ab' AS CHAR(4)), CAST(1.26 AS DECIMAL(5,1)), CAST(1.26 AS DECIMAL(5)),"
                + " CAST(-2.5 AS NUMERIC(3, 0)), CAST('7' AS INT(11)), CAST(NULL AS SMALLINT)"));
        for (String sql : List.of("SELECT 9223372036854775808", "SELECT CAST(70000 AS SMALLINT)",
                "SELECT CAST(3000000000 AS INTEGER)", "SELECT CAST(200 AS TINYINT)",
                "SELECT CAST(123.4 AS DECIMAL(3, 1))")) {
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
        }
    }

    @Test
    void castToAnIntegerRoundsHalfAwayFromZeroWhateverTheSourceType() throws Exception {
        // A double, numeric text and DECIMAL(p, 0) round alike (and as ROUND and setObject do).
        assertEquals(List.of(row(3L, -3L, -3L, -1L, -2L, 0L, -3.0, -3.0)), rows(c, "SELECT CAST(2.5 AS INT),"
                + " CAST(-2.5 AS INT), CAST('-2.5' AS INT), CAST(-0.5 AS BIGINT), CAST(-1.5 AS SMALLINT),"
                + " CAST(-0.49999999999999994 AS TINYINT), CAST(-2.5 AS DECIMAL(3, 0)), ROUND(-2.5)"));
    }

    @Test
    void aNumberBeyondTheTargetRangeIs22003NamingTheTypeAsWritten() throws Exception {
        // Huge doubles, decimal literals, numeric text and infinity: out of range (22003), never "cannot cast"
        // (22018), and the message names the type of the CAST, not the BIGINT it is computed as.
        List<List<String>> cases = List.of(List.of("1e20", "INT", "INTEGER"), List.of("1e20", "INTEGER", "INTEGER"),
                List.of("-1e20", "SMALLINT", "SMALLINT"), List.of("99999999999999999999.5", "TINYINT", "TINYINT"),
                List.of("'1e20'", "SMALLINT", "SMALLINT"), List.of("' -3e19 '", "BIGINT", "BIGINT"),
                List.of("1e20", "BIGINT", "BIGINT"), List.of("9223372036854775807.0", "INT8", "BIGINT"),
                List.of("'9223372036854775807.5'", "BIGINT", "BIGINT"), List.of("1e308 * 10", "INT", "INTEGER"),
                List.of("JSON_VALUE('{\"n\": 1e20}', '$.n')", "TINYINT", "TINYINT"));
        for (List<String> t : cases) {
            String sql = "SELECT CAST(" + t.get(0) + " AS " + t.get(1) + ")";
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("out of range for " + t.get(2) + " ("), sql + ": " + e.getMessage());
        }
        // Within range they convert, up to the ends of BIGINT; text that is no number stays 22018.
        assertEquals(List.of(row(9210000000000000000L, Long.MIN_VALUE, Long.MAX_VALUE, 127L)), rows(c,
                "SELECT CAST(9.21e18 AS BIGINT), CAST(-9223372036854775808.0 AS BIGINT),"
                        + " CAST('9223372036854775807.4' AS BIGINT), CAST('127.4' AS TINYINT)"));
        for (String sql : List.of("SELECT CAST('abc' AS INT)", "SELECT CAST('NaN' AS SMALLINT)")) {
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22018", e.getSQLState(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(sql.contains("SMALLINT") ? "SMALLINT" : "INTEGER"), e.getMessage());
        }
    }

    @Test
    void textBeyondTheRangeOfADoubleIs22003AndNeverAnInfinity() throws Exception {
        // Like integer overflow: 22003 naming the value and the type as written, never Infinity.
        for (String[] t : List.of(new String[] {"'1e999999999'", "DOUBLE"}, new String[] {"'-1e999999999'", "FLOAT"},
                new String[] {"' 2e308 '", "REAL"}, new String[] {"'1e999'", "DOUBLE PRECISION"},
                new String[] {"'1e999'", "FLOAT(10)"}, new String[] {"'1e999999999'", "DECIMAL(5, 2)"})) {
            String sql = "SELECT CAST(" + t[0] + " AS " + t[1] + ")";
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
            String type = t[1].contains("(") ? t[1].substring(0, t[1].indexOf('(')) : t[1];
            assertTrue(e.getMessage().contains("the string " + t[0].strip() + " is out of range for " + type),
                    sql + ": " + e.getMessage());
        }
        SQLException e = assertThrows(SQLException.class, () -> one(c,
                "SELECT JSON_VALUE('{\"x\": \"1e400\"}', '$.x' RETURNING DOUBLE)"));
        assertEquals("22003", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("'1e400' is out of range for DOUBLE ("), e.getMessage());
        // Only decimal notation is a number: Java's NaN, Infinity, hex and suffixed spellings cannot be cast.
        for (String text : List.of("NaN", "-Infinity", "Infinity", "0x1p3", "1d", "2f")) {
            String sql = "SELECT CAST('" + text + "' AS DOUBLE)";
            e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22018", e.getSQLState(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("'" + text + "' to DOUBLE"), sql + ": " + e.getMessage());
        }
        assertEquals(List.of(row(1.7976931348623157e308, 0.0, -2.5, 0.5, 3.0)), rows(c, "SELECT"
                + " CAST('1.7976931348623157e308' AS DOUBLE), CAST('1e-999999999' AS FLOAT), CAST(' -2.5 ' AS REAL),"
                + " CAST('.5' AS DOUBLE), CAST('3.' AS DOUBLE)"));
    }

    @Test
    void jsonValueReturningAnIntegerTypeChecksItsRangeAsCastDoes() throws Exception {
        execute(c, "INSERT INTO db (name, meta) VALUES ('big',"
                + " '{\"n\": 3000000000, \"m\": 70000, \"h\": 1e20, \"t\": \"abc\"}')");
        // A number beyond the type's range is 22003 naming the type, with CAST's very message.
        List<List<String>> cases = List.of(List.of("n", "INTEGER", "INTEGER"), List.of("n", "INT", "INTEGER"),
                List.of("m", "SMALLINT", "SMALLINT"), List.of("m", "TINYINT", "TINYINT"),
                List.of("h", "INTEGER", "INTEGER"), List.of("h", "BIGINT", "BIGINT"));
        for (List<String> t : cases) {
            String returning = "SELECT JSON_VALUE(meta, '$." + t.get(0) + "' RETURNING " + t.get(1)
                    + ") FROM db WHERE name = 'big'";
            SQLException e = assertThrows(SQLException.class, () -> one(c, returning), returning);
            assertEquals("22003", e.getSQLState(), returning + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("out of range for " + t.get(2) + " ("),
                    returning + ": " + e.getMessage());
            String cast = "SELECT CAST(JSON_VALUE(meta, '$." + t.get(0) + "') AS " + t.get(1)
                    + ") FROM db WHERE name = 'big'";
            SQLException castFailure = assertThrows(SQLException.class, () -> one(c, cast), cast);
            assertEquals(castFailure.getMessage(), e.getMessage());
        }
        // In range it converts; what cannot convert (text that is no number) is still NULL, and the type's
        // parameters apply as in CAST.
        assertEquals(List.of(row(3000000000L, 70000L, 70000L, null, "ab")), rows(c, "SELECT"
                + " JSON_VALUE(meta, '$.n' RETURNING BIGINT), JSON_VALUE(meta, '$.m' RETURNING INTEGER),"
                + " JSON_VALUE(meta, '$.m' RETURNING INT(11)), JSON_VALUE(meta, '$.t' RETURNING SMALLINT),"
                + " JSON_VALUE(meta, '$.t' RETURNING VARCHAR(2)) FROM db WHERE name = 'big'"));
        SQLException e = assertThrows(SQLException.class, () -> one(c,
                "SELECT JSON_VALUE(meta, '$.m' RETURNING DECIMAL(3, 1)) FROM db WHERE name = 'big'"));
        assertEquals("22003", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("DECIMAL(3, 1)"), e.getMessage());
        e = assertThrows(SQLException.class,
                () -> c.prepareStatement("SELECT JSON_VALUE(meta, '$.t' RETURNING TIMESTAMP(3)) FROM db"));
        assertEquals("0A000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("RETURNING"), e.getMessage());
    }

    @Test
    void aTinyNumberCastToAnIntegerRoundsToZero() throws Exception {
        // Only a magnitude too large is out of range: 1e-999999999 is 0, like 0.4, whatever the integer type,
        // and DOUBLE and DECIMAL underflow to 0 too.
        assertEquals(List.of(row(0L, 0L, 0L, 0L, 0.0, 0.0)), rows(c, "SELECT CAST('1e-999999999' AS BIGINT),"
                + " CAST('-1e-999999999' AS INTEGER), CAST(' 4e-999999999 ' AS TINYINT), CAST('1e-999999999' AS"
                + " SIGNED), CAST('1e-999999999' AS DOUBLE), CAST('1e-999999999' AS DECIMAL(5, 2))"));
        assertEquals(List.of(row(1L, -1L)), rows(c, "SELECT CAST('5e-1' AS INT), CAST('-0.5000' AS BIGINT)"));
        for (String sql : List.of("SELECT CAST('1e999999999' AS BIGINT)", "SELECT CAST('-1e999999999' AS INT)")) {
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
        }
    }

    @Test
    void signedIsA64BitIntegerAsInMySql() throws Exception {
        // MySQL's SIGNED is BIGINT: values past the INTEGER range convert, and only BIGINT's range is 22003.
        assertEquals(List.of(row(3000000000L, -3000000000L, Long.MAX_VALUE, Long.MIN_VALUE)), rows(c,
                "SELECT CAST(3000000000 AS SIGNED), CAST('-3000000000' AS SIGNED),"
                        + " CAST(9223372036854775807 AS SIGNED), CAST(-9223372036854775808.0 AS SIGNED)"));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(1 AS SIGNED)")) {
            assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(1));
            assertEquals("BIGINT", rs.getMetaData().getColumnTypeName(1));
        }
        for (String sql : List.of("SELECT CAST(1e20 AS SIGNED)", "SELECT CAST('9223372036854775808' AS SIGNED)")) {
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("out of range for BIGINT ("), sql + ": " + e.getMessage());
        }
    }

    @Test
    void signedIntegerIsSignedAndUnsignedIsItsNonNegativeHalf() throws Exception {
        // MySQL's SIGNED [INT[EGER]] and UNSIGNED [INT[EGER]]. BIGINT holds no value above 2^63 - 1, so UNSIGNED
        // is 0 to 2^63 - 1 here, and the rest of MySQL's range (and the negatives it wraps around) is 22003.
        assertEquals(List.of(row(-3000000000L, -3L, 3000000000L, 0L, Long.MAX_VALUE, 2L, 0L)), rows(c,
                "SELECT CAST('-3000000000' AS SIGNED INTEGER), CAST(-3 AS SIGNED INT), CAST(3000000000 AS UNSIGNED),"
                        + " CAST('-0.4' AS UNSIGNED INTEGER), CAST('9223372036854775807' AS UNSIGNED INT),"
                        + " CAST(1.5 AS UNSIGNED), CAST(FALSE AS UNSIGNED)"));
        for (String type : List.of("SIGNED INTEGER", "UNSIGNED", "UNSIGNED INTEGER")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(1 AS " + type + ")")) {
                assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(1), type);
            }
        }
        assertEquals(List.of(3L), column(c,
                "SELECT JSON_VALUE(meta, '$.epoch' RETURNING UNSIGNED) FROM db WHERE name = 'run-a'"));
        for (String[] t : List.of(new String[] {"CAST(-1 AS UNSIGNED)", "value -1 is out of range for UNSIGNED"},
                new String[] {"CAST('-7' AS UNSIGNED INTEGER)", "value -7 is out of range for UNSIGNED"},
                new String[] {"CAST(-0.5 AS UNSIGNED)", "value -1 is out of range for UNSIGNED"},
                new String[] {"CAST('9223372036854775808' AS UNSIGNED)",
                        "the string '9223372036854775808' is out of range for UNSIGNED (0 to 9223372036854775807)"},
                new String[] {"CAST(18446744073709551615 AS UNSIGNED)", "18446744073709551615"},
                new String[] {"CAST(1e20 AS SIGNED INTEGER)", "out of range for BIGINT ("})) {
            String sql = "SELECT " + t[0];
            SQLException e = assertThrows(SQLException.class, () -> one(c, sql), sql);
            assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(t[1]), sql + ": " + e.getMessage());
        }
    }

    @Test
    void whatFollowsATypeNameIsRefusedNotDropped() {
        // The parser keeps UNSIGNED, ZEROFILL and [] apart from the type's name: INT UNSIGNED is not INT.
        for (String sql : List.of("SELECT CAST(-1 AS INT UNSIGNED)", "SELECT CAST(1 AS BIGINT ZEROFILL)",
                "SELECT CAST(5 AS INT[])", "SELECT CAST(5 AS INTEGER SIGNED)",
                "SELECT JSON_VALUE(meta, '$.epoch' RETURNING INT UNSIGNED) FROM db")) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement(sql), sql);
            assertEquals("0A000", e.getSQLState(), sql + ": " + e.getMessage());
            String type = sql.substring(sql.indexOf(" AS ") > 0 ? sql.indexOf(" AS ") + 4 : sql.indexOf("RETURNING ")
                    + 10, sql.indexOf(')'));
            assertTrue(e.getMessage().contains("to type " + type), sql + ": " + e.getMessage());
        }
    }

    @Test
    void aTimestampPrecisionIsUnsupportedWhicheverFunctionIsGivenIt() {
        // NOW(3) as CURRENT_TIMESTAMP(3): a feature not supported (0A000) naming the function, not a syntax error.
        for (String call : List.of("NOW(3)", "now(6)", "CURRENT_TIMESTAMP(3)", "LOCALTIMESTAMP(3)", "{fn NOW(3)}")) {
            String sql = "SELECT " + call;
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement(sql), sql);
            assertEquals("0A000", e.getSQLState(), sql + ": " + e.getMessage());
            String name = call.replace("{fn ", "");
            assertTrue(e.getMessage().contains(name.substring(0, name.indexOf('(')) + "(precision)"),
                    sql + ": " + e.getMessage());
        }
        // More than one argument is no precision: still a wrong call.
        SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement("SELECT NOW(3, 4)"));
        assertEquals("42000", e.getSQLState(), e.getMessage());
    }

    @Test
    void unsupportedConstructsFail0A000AtPrepare() {
        for (String sql : List.of("SELECT a.name FROM db a, db b", "SELECT name FROM db WHERE size > (SELECT 1)",
                "SELECT RANK() OVER (ORDER BY size) FROM db", "SELECT name FROM db FOR UPDATE",
                // Clauses that would change the answer if they were ignored:
                "SELECT name FROM db ORDER BY size FETCH FIRST 1 ROWS WITH TIES",
                "SELECT name FROM db ORDER BY name LIMIT 1 BY size", "SELECT COUNT(*) FROM db TABLESAMPLE SYSTEM(0)",
                "SELECT name FROM db START WITH name = 'a' CONNECT BY PRIOR name = name",
                "SELECT name FROM db FOR SYSTEM_TIME AS OF '2020-01-01'", "SELECT CAST(1 AS TIMESTAMP(3))")) {
            SQLException e = assertThrows(SQLException.class, () -> c.prepareStatement(sql));
            assertEquals("0A000", e.getSQLState(), sql);
        }
    }
}
