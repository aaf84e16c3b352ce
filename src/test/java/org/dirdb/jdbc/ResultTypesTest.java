package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result metadata tells the truth about the values: for every expression, {@code getColumnType},
 * {@code getColumnTypeName} and {@code getColumnClassName} describe one type, and {@code getObject} returns
 * an instance of that class on every row. Choices with one type in common have that type (a NULL literal
 * does not count); any other mix, integers with doubles included, is {@code JAVA_OBJECT}, each value
 * keeping its own type.
 */
class ResultTypesTest {
    /** The class {@code getObject} returns, and the type names reported, for each type code. */
    private static final Map<Integer, String> CLASSES = Map.of(Types.VARCHAR, "java.lang.String",
            Types.BIGINT, "java.lang.Long", Types.DOUBLE, "java.lang.Double", Types.BOOLEAN, "java.lang.Boolean",
            Types.TIMESTAMP, "java.sql.Timestamp", Types.BLOB, "java.sql.Blob", Types.VARBINARY, "[B",
            Types.JAVA_OBJECT, "java.lang.Object", Types.NULL, "java.lang.Object");
    private static final Map<Integer, Set<String>> TYPE_NAMES = Map.of(Types.VARCHAR, Set.of("VARCHAR", "JSON"),
            Types.BIGINT, Set.of("BIGINT"), Types.DOUBLE, Set.of("DOUBLE"), Types.BOOLEAN, Set.of("BOOLEAN"),
            Types.TIMESTAMP, Set.of("TIMESTAMP"), Types.BLOB, Set.of("BLOB"), Types.VARBINARY, Set.of("VARBINARY"),
            Types.JAVA_OBJECT, Set.of("ANY"), Types.NULL, Set.of("NULL"));
    private static final Pattern USES_A_COLUMN = Pattern.compile("\\b(name|meta|data|size|modified|format)\\b");

    /** Expressions over one row per entry, with the type each must report. */
    private static final Object[][] EXPRESSIONS = {
        // literals and columns
        {"1", Types.BIGINT}, {"-1", Types.BIGINT}, {"2.5", Types.DOUBLE}, {"1e3", Types.DOUBLE},
        {"'x'", Types.VARCHAR}, {"TRUE", Types.BOOLEAN}, {"NULL", Types.NULL}, {"X'01'", Types.VARBINARY},
        {"X''", Types.VARBINARY}, {"name", Types.VARCHAR}, {"meta", Types.VARCHAR}, {"data", Types.BLOB},
        {"size", Types.BIGINT}, {"modified", Types.TIMESTAMP}, {"format", Types.VARCHAR},
        {"CURRENT_TIMESTAMP", Types.TIMESTAMP}, {"NOW()", Types.TIMESTAMP},
        // arithmetic
        {"1 + 2", Types.BIGINT}, {"7 / 2", Types.BIGINT}, {"7 % 2", Types.BIGINT}, {"1 + 2.5", Types.DOUBLE},
        {"2.5 * 2", Types.DOUBLE}, {"size + 1", Types.BIGINT}, {"size * 1.5", Types.DOUBLE},
        {"size / 2", Types.BIGINT}, {"-size", Types.BIGINT}, {"-(2.5)", Types.DOUBLE}, {"NULL + 1", Types.BIGINT},
        {"1 - NULL", Types.BIGINT}, {"(meta->'i') + 1", Types.JAVA_OBJECT}, {"(meta->>'i') * 2", Types.JAVA_OBJECT},
        {"JSON_VALUE(meta, '$.d') + 1", Types.JAVA_OBJECT}, {"-(meta->'i')", Types.JAVA_OBJECT},
        {"ABS(size)", Types.BIGINT}, {"ABS(-2.5)", Types.DOUBLE}, {"ABS(meta->'i')", Types.JAVA_OBJECT},
        {"ROUND(2.345, 2)", Types.DOUBLE}, {"ROUND(size)", Types.BIGINT},
        {"COALESCE(size, 0.5) / 2", Types.JAVA_OBJECT},
        // COALESCE / IFNULL
        {"COALESCE(NULL, 2)", Types.BIGINT}, {"IFNULL(NULL, 2.5)", Types.DOUBLE},
        {"COALESCE(size, 2.5)", Types.JAVA_OBJECT}, {"COALESCE(size, 0)", Types.BIGINT},
        {"COALESCE(meta->>'v', 0)", Types.JAVA_OBJECT}, {"COALESCE(meta->'v', 'd')", Types.VARCHAR},
        {"COALESCE(meta->'v', (meta->'s'))", Types.VARCHAR}, {"COALESCE(name, 1)", Types.JAVA_OBJECT},
        {"COALESCE(data, X'00')", Types.JAVA_OBJECT}, {"COALESCE(NULL, NULL)", Types.NULL},
        {"COALESCE(modified, CURRENT_TIMESTAMP)", Types.TIMESTAMP},
        {"IFNULL(JSON_VALUE(meta, '$.i' RETURNING INTEGER), 0)", Types.BIGINT},
        // NULLIF
        {"NULLIF(1, 1)", Types.BIGINT}, {"NULLIF(size, 0)", Types.BIGINT}, {"NULLIF('a', 'b')", Types.VARCHAR},
        {"NULLIF(NULL, 1)", Types.NULL}, {"NULLIF(meta->'v', 'x')", Types.VARCHAR},
        {"NULLIF(2.5, 1)", Types.DOUBLE},
        // CASE
        {"CASE WHEN size > 1 THEN 1 ELSE 'x' END", Types.JAVA_OBJECT},
        {"CASE WHEN size > 1 THEN 1 ELSE 2 END", Types.BIGINT},
        {"CASE WHEN size > 1 THEN 1 ELSE 2.5 END", Types.JAVA_OBJECT},
        {"CASE WHEN size > 1 THEN 'a' END", Types.VARCHAR},
        {"CASE WHEN size > 1 THEN NULL ELSE 2.5 END", Types.DOUBLE},
        {"CASE name WHEN 'a' THEN X'01' ELSE X'02' END", Types.VARBINARY},
        {"CASE WHEN size > 1 THEN data ELSE X'01' END", Types.JAVA_OBJECT},
        {"CASE WHEN size > 1 THEN meta->'v' ELSE 'x' END", Types.VARCHAR},
        {"CASE WHEN size > 1 THEN TRUE ELSE 1 END", Types.JAVA_OBJECT},
        {"CASE WHEN size > 1 THEN modified ELSE 'never' END", Types.JAVA_OBJECT},
        {"CASE name WHEN 'a' THEN 1 WHEN 'b' THEN 2.5 ELSE NULL END", Types.JAVA_OBJECT},
        {"CASE WHEN size > 1 THEN meta->'o' ELSE meta->'v' END", Types.VARCHAR},
        // strings and conditions
        {"UPPER(name)", Types.VARCHAR}, {"LENGTH(name)", Types.BIGINT}, {"name || 'x'", Types.VARCHAR},
        {"CONCAT(name, 1)", Types.VARCHAR}, {"SUBSTRING(name, 1, 1)", Types.VARCHAR}, {"TRIM(' x ')", Types.VARCHAR},
        {"REPLACE(name, 'a', 'b')", Types.VARCHAR}, {"size > 1", Types.BOOLEAN}, {"name LIKE 'a%'", Types.BOOLEAN},
        {"name IN ('a', 'b')", Types.BOOLEAN}, {"size BETWEEN 1 AND 2", Types.BOOLEAN},
        {"data IS NULL", Types.BOOLEAN}, {"NOT TRUE", Types.BOOLEAN},
        // JSON
        {"meta->'v'", Types.VARCHAR}, {"meta->>'v'", Types.JAVA_OBJECT}, {"meta->'o'->>'k'", Types.JAVA_OBJECT},
        {"JSON_VALUE(meta, '$.v')", Types.JAVA_OBJECT}, {"JSON_VALUE(meta, '$.i' RETURNING INTEGER)", Types.BIGINT},
        {"JSON_VALUE(meta, '$.v' RETURNING VARCHAR)", Types.VARCHAR},
        {"JSON_VALUE(meta, '$.v' RETURNING DOUBLE)", Types.DOUBLE},
        {"JSON_VALUE(meta, '$.b' RETURNING BOOLEAN)", Types.BOOLEAN},
        {"JSON_VALUE(meta, '$.t' RETURNING TIMESTAMP)", Types.TIMESTAMP},
        {"JSON_QUERY(meta, '$.o')", Types.VARCHAR}, {"JSON_EXISTS(meta, '$.v')", Types.BOOLEAN},
        {"JSON_SET(meta, '$.z', 1)", Types.VARCHAR}, {"JSON_MERGEPATCH(meta, '{}')", Types.VARCHAR},
        // CAST to each supported type
        {"CAST(1 AS VARCHAR)", Types.VARCHAR}, {"CAST('1' AS INTEGER)", Types.BIGINT},
        {"CAST('1' AS BIGINT)", Types.BIGINT}, {"CAST(1 AS SMALLINT)", Types.BIGINT},
        {"CAST(1 AS TINYINT)", Types.BIGINT}, {"CAST(1 AS DOUBLE)", Types.DOUBLE}, {"CAST(1 AS FLOAT)", Types.DOUBLE},
        {"CAST(1.5 AS DECIMAL(5, 2))", Types.DOUBLE}, {"CAST('true' AS BOOLEAN)", Types.BOOLEAN},
        {"CAST('2024-01-01' AS TIMESTAMP)", Types.TIMESTAMP}, {"CAST('{\"a\": 1}' AS JSON)", Types.VARCHAR},
        {"CAST('abc' AS VARCHAR(2))", Types.VARCHAR}, {"CAST('a' AS CHAR(3))", Types.VARCHAR},
        {"CAST(size AS VARCHAR)", Types.VARCHAR}, {"CAST(meta->'i' AS BIGINT)", Types.BIGINT},
        {"CAST(NULL AS INTEGER)", Types.BIGINT},
    };

    /** Aggregates, over all entries and per group. */
    private static final Object[][] AGGREGATES = {
        {"COUNT(*)", Types.BIGINT}, {"COUNT(meta)", Types.BIGINT}, {"SUM(size)", Types.BIGINT},
        {"SUM(size * 1.5)", Types.DOUBLE}, {"AVG(size)", Types.DOUBLE}, {"MIN(name)", Types.VARCHAR},
        {"MAX(size)", Types.BIGINT}, {"MAX(meta->'i')", Types.VARCHAR}, {"MIN(meta->'v')", Types.VARCHAR},
        {"MIN(meta->>'v')", Types.JAVA_OBJECT}, {"SUM(JSON_VALUE(meta, '$.i'))", Types.JAVA_OBJECT},
        {"MAX(CASE WHEN size > 1 THEN 1 ELSE 2.5 END)", Types.JAVA_OBJECT}, {"MIN(modified)", Types.TIMESTAMP},
        {"MAX(X'01')", Types.VARBINARY}, {"MAX(COALESCE(meta->'i', 'x'))", Types.VARCHAR},
    };

    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false");
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO db (name, meta, data) VALUES "
                    + "('a', '{\"i\": 1, \"v\": 1, \"o\": {\"k\": 1}, \"s\": \"x\"}', X'0102'),"
                    + "('b', '{\"i\": 2, \"v\": \"x\", \"s\": \"y\", \"o\": [1]}', X'01'),"
                    + "('c', '{\"v\": null, \"d\": 2.5, \"t\": \"2024-01-31 12:00:00\"}', NULL),"
                    + "('d', '{\"v\": 2.5, \"i\": 3, \"b\": true}', X''),"
                    + "('e', NULL, X'CAFE')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    /**
     * Runs {@code sql} and checks column {@code column}: its reported type is {@code expected}, its type name
     * and class name go with that type, and every row's {@code getObject} is an instance of that class.
     * Returns the values read.
     */
    private List<Object> check(String sql, int column, int expected) throws Exception {
        List<Object> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            assertEquals(expected, md.getColumnType(column), "getColumnType of " + sql);
            assertTrue(TYPE_NAMES.get(expected).contains(md.getColumnTypeName(column)),
                    "getColumnTypeName of " + sql + ": " + md.getColumnTypeName(column));
            String className = md.getColumnClassName(column);
            assertEquals(CLASSES.get(expected), className, "getColumnClassName of " + sql);
            Class<?> type = Class.forName(className);
            while (rs.next()) {
                Object value = rs.getObject(column);
                assertTrue(value == null || type.isInstance(value), () -> sql + " reports " + className
                        + " but returned " + value.getClass().getName() + " (" + value + ")");
                values.add(value);
            }
        }
        return values;
    }

    @TestFactory
    Stream<DynamicTest> everyValueIsOfTheReportedType() {
        return Arrays.stream(EXPRESSIONS).map(e -> DynamicTest.dynamicTest((String) e[0], () -> {
            String expr = (String) e[0];
            int expected = (Integer) e[1];
            check("SELECT " + expr + " FROM db ORDER BY name", 1, expected);
            if (!USES_A_COLUMN.matcher(expr).find()) {
                check("SELECT " + expr, 1, expected); // no table: computed at once, another path
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyAggregateIsOfTheReportedType() {
        return Arrays.stream(AGGREGATES).map(e -> DynamicTest.dynamicTest((String) e[0], () -> {
            String agg = (String) e[0];
            int expected = (Integer) e[1];
            check("SELECT " + agg + " FROM db", 1, expected);
            check("SELECT format, " + agg + " FROM db GROUP BY format", 2, expected);
        }));
    }

    @Test
    void groupKeysHaveTheTypeOfTheirExpression() throws Exception {
        check("SELECT meta->'i', COUNT(*) FROM db GROUP BY meta->'i'", 1, Types.VARCHAR);
        assertEquals(List.of(1L, 0L, 1.25, 0L, 1L), check(
                "SELECT COALESCE(size, 2.5) / 2 FROM db GROUP BY name, COALESCE(size, 2.5) ORDER BY name", 1,
                Types.JAVA_OBJECT));
    }

    @Test
    void choicesOfIntegersAndDoublesKeepTheirOwnTypes() throws Exception {
        assertEquals(List.of(2L), check("SELECT COALESCE(NULL, 2)", 1, Types.BIGINT));
        assertEquals(List.of(2.5), check("SELECT IFNULL(NULL, 2.5)", 1, Types.DOUBLE));
        // size: a 2, b 1, c NULL, d 0, e 2
        assertEquals(List.of(1L, 2.5, 2.5, 2.5, 1L), check(
                "SELECT CASE WHEN size > 1 THEN 1 ELSE 2.5 END FROM db ORDER BY name", 1, Types.JAVA_OBJECT));
        // An integer past 2^53 stays exact: it is never made a double.
        assertEquals(List.of(9007199254740993L), check(
                "SELECT CASE WHEN 1 = 1 THEN 9007199254740993 ELSE 0.5 END", 1, Types.JAVA_OBJECT));
    }

    @Test
    void mixedChoicesKeepTheirValuesAndReportJavaObject() throws Exception {
        assertEquals(List.of(1L, "x", "x", "x", 1L), check(
                "SELECT CASE WHEN size > 1 THEN 1 ELSE 'x' END FROM db ORDER BY name", 1, Types.JAVA_OBJECT));
        assertEquals(Arrays.asList("a", "b", "c", "d", "e"), check(
                "SELECT COALESCE(name, 1) FROM db ORDER BY name", 1, Types.JAVA_OBJECT));
    }

    @Test
    void anExpressionThatIsAlwaysNullIsOfTypeNull() throws Exception {
        // As H2 reports it: Types.NULL, named NULL, read as Object (every value is null).
        for (String sql : List.of("SELECT NULL", "SELECT NULL AS n FROM db", "SELECT CASE WHEN size > 1 THEN NULL END"
                + " FROM db", "SELECT -NULL", "SELECT MAX(NULL) FROM db")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals(Types.NULL, md.getColumnType(1), sql);
                assertEquals("NULL", md.getColumnTypeName(1), sql);
                assertEquals("java.lang.Object", md.getColumnClassName(1), sql);
                assertEquals(ResultSetMetaData.columnNullable, md.isNullable(1), sql);
                assertTrue(md.getColumnDisplaySize(1) >= 4, sql + ": room for the text NULL");
                assertTrue(rs.next(), sql);
                assertEquals(null, rs.getObject(1), sql);
                assertTrue(rs.wasNull(), sql);
                assertEquals(null, rs.getString(1), sql);
                assertEquals(0L, rs.getLong(1), sql);
            }
        }
        // The type name maps to the same code in getTypeInfo, as tools that cache types by name expect.
        boolean listed = false;
        try (ResultSet types = c.getMetaData().getTypeInfo()) {
            while (types.next()) {
                if (types.getString("TYPE_NAME").equals("NULL")) {
                    assertEquals(Types.NULL, types.getInt("DATA_TYPE"));
                    listed = true;
                }
            }
        }
        assertTrue(listed, "getTypeInfo lists NULL");
        // A typed NULL keeps its type.
        check("SELECT CAST(NULL AS VARCHAR)", 1, Types.VARCHAR);
        check("SELECT NULL + 1", 1, Types.BIGINT);
    }

    @Test
    void bytesInMemoryAreVarbinary() throws Exception {
        List<Object> values = check("SELECT X'01FF'", 1, Types.VARBINARY);
        assertArrayEquals(new byte[] {1, (byte) 0xFF}, (byte[]) values.get(0));
        check("SELECT X'' FROM db", 1, Types.VARBINARY);
        check("SELECT data FROM db", 1, Types.BLOB);
    }

    @Test
    void minAndMaxOfJsonAreJson() throws Exception {
        assertEquals(List.of("3"), check("SELECT MAX(meta->'i') FROM db", 1, Types.VARCHAR));
        assertEquals(List.of("\"x\""), check("SELECT MAX(meta->'v') FROM db", 1, Types.VARCHAR));
    }
}
