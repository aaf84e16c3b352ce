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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result metadata tells the truth about the values: for every expression, {@code getColumnType},
 * {@code getColumnTypeName} and {@code getColumnClassName} describe one type, and {@code getObject} returns
 * an instance of that class on every row.
 */
class ResultTypesTest {
    /** The class {@code getObject} returns, and the type names reported, for each type code. */
    private static final Map<Integer, String> CLASSES = Map.of(Types.VARCHAR, "java.lang.String",
            Types.BIGINT, "java.lang.Long", Types.DOUBLE, "java.lang.Double", Types.BOOLEAN, "java.lang.Boolean",
            Types.TIMESTAMP, "java.sql.Timestamp", Types.BLOB, "java.sql.Blob", Types.VARBINARY, "[B",
            Types.JAVA_OBJECT, "java.lang.Object");
    private static final Map<Integer, Set<String>> TYPE_NAMES = Map.of(Types.VARCHAR, Set.of("VARCHAR", "JSON"),
            Types.BIGINT, Set.of("BIGINT"), Types.DOUBLE, Set.of("DOUBLE"), Types.BOOLEAN, Set.of("BOOLEAN"),
            Types.TIMESTAMP, Set.of("TIMESTAMP"), Types.BLOB, Set.of("BLOB"), Types.VARBINARY, Set.of("VARBINARY"),
            Types.JAVA_OBJECT, Set.of("ANY"));

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

    @Test
    void bytesInMemoryAreVarbinary() throws Exception {
        List<Object> values = check("SELECT X'01FF'", 1, Types.VARBINARY);
        assertArrayEquals(new byte[] {1, (byte) 0xFF}, (byte[]) values.get(0));
        check("SELECT X'' FROM db", 1, Types.VARBINARY);
        check("SELECT data FROM db", 1, Types.BLOB);
    }
}
