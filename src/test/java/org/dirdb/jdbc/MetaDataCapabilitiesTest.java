package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What DatabaseMetaData says the SQL can do, each answer checked against the SQL itself: a "yes" runs, and
 * the functions listed are exactly those a {@code {fn ...}} escape reaches.
 */
class MetaDataCapabilitiesTest {
    @TempDir
    Path dir;
    Connection connection;
    DatabaseMetaData md;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:dirdb:" + dir);
        md = connection.getMetaData();
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("INSERT INTO db (name, meta) VALUES ('a', '{\"n\": 2, \"k\": \"x\"}'),"
                    + " ('b', '{\"k\": \"y\"}'), ('c', '{\"n\": 1, \"k\": \"x\"}'), ('50%', '{}')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void groupByOrderByLikeEscapeAndCorrelationNamesAreSupportedAndWork() throws SQLException {
        assertTrue(md.supportsGroupBy());
        assertEquals(List.of("1", "2"), column("SELECT COUNT(*) FROM db WHERE meta->>'k' IS NOT NULL"
                + " GROUP BY meta->>'k' ORDER BY 1"));
        assertTrue(md.supportsGroupByUnrelated());
        assertEquals(List.of("2", "1", "1"), column("SELECT COUNT(*) FROM db GROUP BY JSON_VALUE(meta, '$.n')"
                + " ORDER BY MIN(name)"));
        assertTrue(md.supportsGroupByBeyondSelect());
        assertEquals(List.of("x", "x"), column("SELECT meta->>'k' FROM db WHERE name IN ('a', 'c')"
                + " GROUP BY meta->>'k', name"));
        assertTrue(md.supportsLikeEscapeClause());
        assertEquals(List.of("50%"), column("SELECT name FROM db WHERE name LIKE '50!%' ESCAPE '!'"));
        assertEquals(List.of(), column("SELECT name FROM db WHERE name LIKE 'a!%' ESCAPE '!'"));
        assertTrue(md.supportsExpressionsInOrderBy());
        assertEquals(List.of("c", "b", "a", "50%"), column("SELECT name FROM db ORDER BY UPPER(name) || 'x' DESC"));
        assertTrue(md.supportsOrderByUnrelated());
        assertEquals(List.of("y", "x"), column("SELECT meta->>'k' FROM db WHERE name IN ('a', 'b')"
                + " ORDER BY name DESC"));
        assertTrue(md.supportsTableCorrelationNames());
        assertEquals(List.of("a"), column("SELECT t.name FROM db t WHERE t.name = 'a'"));
        assertEquals(List.of("a"), column("SELECT t.name FROM db AS t WHERE t.name = 'a'"));
        assertFalse(md.supportsDifferentTableCorrelationNames());
        assertEquals(List.of("a"), column("SELECT db.name FROM db db WHERE db.name = 'a'"));
    }

    @Test
    void concatenationWithNullIsNullAsClaimed() throws SQLException {
        assertEquals(java.util.Arrays.asList((String) null), column("SELECT 'a' || NULL"));
        assertTrue(md.nullPlusNonNullIsNull());
    }

    @Test
    void nullsAreSortedLowAsOrderByDoes() throws SQLException {
        String byN = "SELECT name FROM db WHERE name IN ('a', 'b', 'c') ORDER BY JSON_VALUE(meta, '$.n')";
        assertEquals(List.of("b", "c", "a"), column(byN));
        assertEquals(List.of("a", "c", "b"), column(byN + " DESC"));
        assertTrue(md.nullsAreSortedLow());
        assertFalse(md.nullsAreSortedHigh());
        assertFalse(md.nullsAreSortedAtStart());
        assertFalse(md.nullsAreSortedAtEnd());
    }

    @Test
    void entryLevelSql92IsNotClaimedBecauseJoinsAndSubqueriesAreRefused() throws SQLException {
        assertFalse(md.supportsANSI92EntryLevelSQL());
        for (String sql : List.of("SELECT x.name FROM db x JOIN db y ON x.name = y.name",
                "SELECT name FROM db WHERE name IN (SELECT name FROM db)",
                "SELECT name FROM db UNION SELECT name FROM db")) {
            SQLException e = assertThrows(SQLException.class, () -> column(sql));
            assertEquals("0A000", e.getSQLState(), sql);
        }
    }

    /** A call of every function the metadata may list, with what it must return. */
    private static final Map<String, List<String>> CALLS = Map.ofEntries(
            Map.entry("ABS", List.of("{fn ABS(-2)}", "2")),
            Map.entry("ROUND", List.of("{fn ROUND(2.45, 1)}", "2.5")),
            Map.entry("CHAR_LENGTH", List.of("{fn CHAR_LENGTH('abc')}", "3")),
            Map.entry("CHARACTER_LENGTH", List.of("{fn CHARACTER_LENGTH('ab')}", "2")),
            Map.entry("CONCAT", List.of("{fn CONCAT('a', 'b')}", "ab")),
            Map.entry("LCASE", List.of("{fn LCASE('AbC')}", "abc")),
            Map.entry("LTRIM", List.of("{fn LTRIM('  a ')}", "a ")),
            Map.entry("REPLACE", List.of("{fn REPLACE('abcb', 'b', 'x')}", "axcx")),
            Map.entry("RTRIM", List.of("{fn RTRIM(' a  ')}", " a")),
            Map.entry("SUBSTRING", List.of("{fn SUBSTRING('abcd', 2, 2)}", "bc")),
            Map.entry("UCASE", List.of("{fn UCASE('aBc')}", "ABC")),
            Map.entry("IFNULL", List.of("{fn IFNULL(NULL, 'v')}", "v")));

    @Test
    void everyListedFunctionWorksAsAnEscape() throws SQLException {
        List<String> listed = Stream.of(md.getNumericFunctions(), md.getStringFunctions(), md.getSystemFunctions(),
                md.getTimeDateFunctions()).flatMap(list -> Arrays.stream(list.split(","))).toList();
        assertTrue(md.getStringFunctions().contains("UCASE"), md.getStringFunctions());
        assertTrue(md.getNumericFunctions().contains("ABS"), md.getNumericFunctions());
        assertTrue(md.getSystemFunctions().contains("IFNULL"), md.getSystemFunctions());
        assertTrue(md.getTimeDateFunctions().contains("NOW"), md.getTimeDateFunctions());
        List<String> timeDate = Arrays.asList(md.getTimeDateFunctions().split(","));
        for (String name : listed) {
            if (timeDate.contains(name)) {
                // Each runs as the escape {fn NAME()} and gives the statement's start time.
                long before = System.currentTimeMillis();
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("SELECT {fn " + name + "()}")) {
                    assertTrue(rs.next());
                    Object value = rs.getObject(1);
                    assertTrue(value instanceof Timestamp, name + ": " + value);
                    long at = ((Timestamp) value).getTime();
                    assertTrue(at >= before - 1000 && at <= System.currentTimeMillis() + 1000, name + ": " + value);
                }
                continue;
            }
            List<String> call = CALLS.get(name);
            assertTrue(call != null, "no call to check the listed function " + name);
            assertEquals(List.of(call.get(1)), column("SELECT " + call.get(0)), name);
        }
        TreeSet<String> expected = new TreeSet<>(CALLS.keySet());
        expected.addAll(List.of("CURRENT_TIMESTAMP", "NOW"));
        assertEquals(expected, new TreeSet<>(listed), "each function with a call here is listed");
    }

    /**
     * The JDBC time and date escapes that are not listed fail as unsupported, naming the function, never as a
     * syntax error: there is no DATE or TIME type, nor functions taking a timestamp apart.
     */
    @Test
    void theOtherTimeAndDateEscapesAreUnsupportedNamingTheFunction() throws SQLException {
        for (String name : List.of("CURDATE", "CURTIME", "CURRENT_DATE", "CURRENT_TIME")) {
            assertFalse(Arrays.asList(md.getTimeDateFunctions().split(",")).contains(name), name);
            SQLException e = assertThrows(SQLException.class, () -> column("SELECT {fn " + name + "()}"), name);
            assertEquals("0A000", e.getSQLState(), name + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        for (String call : List.of("YEAR({fn NOW()})", "DAYOFWEEK(CURRENT_TIMESTAMP)", "CURRENT_TIMESTAMP(3)", "NOW(3)",
                "TIMESTAMPADD(SQL_TSI_DAY, 1, CURRENT_TIMESTAMP)")) {
            SQLException e = assertThrows(SQLException.class, () -> column("SELECT {fn " + call + "}"), call);
            assertEquals("0A000", e.getSQLState(), call + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(call.substring(0, call.indexOf('('))), e.getMessage());
        }
    }
}
