package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls every method of the JDBC interfaces the driver implements, found by reflection, twice: on a closed
 * object, where each must raise SQLException with the closed state (08003 for connections and their
 * metadata, 24000 for statements and result sets), and on an open one, where each must answer or raise an
 * SQLException; an unsupported one raises SQLFeatureNotSupportedException with 0A000 and names the method,
 * never UnsupportedOperationException or another unchecked exception. Metadata result-set methods never
 * answer null.
 */
class JdbcContractTest {
    /**
     * Methods JDBC defines as usable on a closed object, and Statement's pure string helpers (their JDBC
     * default implementations quote with {@code "}, as dirdb does).
     */
    private static final Set<String> WORK_WHEN_CLOSED = Set.of("close", "isClosed", "isValid", "abort", "unwrap",
            "isWrapperFor", "free", "enquoteIdentifier", "enquoteLiteral", "enquoteNCharLiteral",
            "isSimpleIdentifier");

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:dirdb:" + dir);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO db (name, meta, data) VALUES ('a', '{\"n\": 1}', X'CAFE')")) {
            insert.executeUpdate();
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** A source of fresh objects to call methods on. */
    private interface Factory {
        Object make() throws SQLException;
    }

    private record Target(Class<?> type, Factory open, Factory closed, String closedState) {}

    private List<Target> targets() {
        return List.of(
                new Target(Connection.class, this::newConnection, () -> closed(newConnection()), "08003"),
                new Target(DatabaseMetaData.class, () -> connection.getMetaData(),
                        () -> { Connection c = newConnection(); DatabaseMetaData m = c.getMetaData(); c.close(); return m; },
                        "08003"),
                new Target(Statement.class, () -> connection.createStatement(),
                        () -> closed(connection.createStatement()), "24000"),
                new Target(PreparedStatement.class,
                        () -> connection.prepareStatement("SELECT * FROM db WHERE name = ?"),
                        () -> closed(connection.prepareStatement("SELECT * FROM db WHERE name = ?")), "24000"),
                new Target(ResultSet.class, this::onRow, () -> closed(onRow()), "24000"),
                new Target(Blob.class, () -> onRow().getBlob("data"), null, null),
                new Target(java.sql.ResultSetMetaData.class, () -> onRow().getMetaData(), null, null),
                new Target(javax.sql.DataSource.class, this::dataSource, null, null),
                new Target(java.sql.Driver.class, DirdbDriver::new, null, null));
    }

    private Connection newConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:dirdb:" + dir);
    }

    private ResultSet onRow() throws SQLException {
        ResultSet rs = connection.createStatement().executeQuery("SELECT * FROM db");
        assertTrue(rs.next());
        return rs;
    }

    private DirdbDataSource dataSource() {
        DirdbDataSource source = new DirdbDataSource();
        source.setDirectory(dir.toString());
        return source;
    }

    private static <T extends AutoCloseable> T closed(T object) throws SQLException {
        try {
            object.close();
        } catch (Exception e) {
            throw new SQLException(e);
        }
        return object;
    }

    private static List<Method> methods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                methods.add(m);
            }
        }
        methods.sort(Comparator.comparing(JdbcContractTest::signature));
        return methods;
    }

    private static String signature(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName()
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList();
    }

    private static boolean throwsSqlException(Method m) {
        return Arrays.stream(m.getExceptionTypes()).anyMatch(e -> e.isAssignableFrom(SQLException.class)
                || SQLException.class.isAssignableFrom(e));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOnAClosedObjectRaisesTheClosedState() {
        return targets().stream().filter(t -> t.closed() != null)
                .flatMap(t -> methods(t.type()).stream()
                        .filter(m -> throwsSqlException(m) && !WORK_WHEN_CLOSED.contains(m.getName()))
                        .map(m -> DynamicTest.dynamicTest("closed " + signature(m), () -> {
                            Object target = t.closed().make();
                            Throwable thrown = invoke(m, target);
                            assertInstanceOf(SQLException.class, thrown, signature(m) + " on a closed object");
                            assertEquals(t.closedState(), ((SQLException) thrown).getSQLState(),
                                    signature(m) + ": " + thrown);
                        })));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodOnAnOpenObjectAnswersOrRaisesAnSqlException() {
        return targets().stream()
                .flatMap(t -> methods(t.type()).stream()
                        .map(m -> DynamicTest.dynamicTest("open " + signature(m), () -> {
                            Object target = t.open().make();
                            Object[] result = new Object[1];
                            Throwable thrown = invoke(m, target, result);
                            if (thrown == null) {
                                if (m.getReturnType() == ResultSet.class && t.type() == DatabaseMetaData.class) {
                                    assertNotNull(result[0], signature(m) + " answered null");
                                }
                                if (m.getReturnType() == String.class && t.type() == DatabaseMetaData.class) {
                                    assertNotNull(result[0], signature(m) + " answered null");
                                }
                                return;
                            }
                            if (!(thrown instanceof SQLException e)) {
                                fail(signature(m) + " threw " + thrown, thrown);
                                return;
                            }
                            if ("0A000".equals(e.getSQLState()) || e instanceof SQLFeatureNotSupportedException) {
                                assertInstanceOf(SQLFeatureNotSupportedException.class, e, signature(m));
                                assertEquals("0A000", e.getSQLState(), signature(m));
                                assertTrue(e.getMessage().contains(m.getName()),
                                        signature(m) + " should name what is unsupported: " + e.getMessage());
                            }
                            assertFalse(t.type() == DatabaseMetaData.class && m.getReturnType() == ResultSet.class,
                                    signature(m) + " must answer with a result set: " + e);
                        })));
    }

    private Throwable invoke(Method m, Object target) {
        return invoke(m, target, new Object[1]);
    }

    private Throwable invoke(Method m, Object target, Object[] result) {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = argument(types[i]);
        }
        try {
            result[0] = m.invoke(target, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** A harmless, valid-looking argument of each type: index 1, a name, empty streams. */
    private static Object argument(Class<?> type) {
        if (type == int.class) {
            return 1;
        } else if (type == long.class) {
            return 1L;
        } else if (type == short.class) {
            return (short) 1;
        } else if (type == byte.class) {
            return (byte) 1;
        } else if (type == boolean.class) {
            return false;
        } else if (type == double.class) {
            return 1.0;
        } else if (type == float.class) {
            return 1.0f;
        } else if (type == String.class) {
            return "name";
        } else if (type == String[].class) {
            return new String[] {"name"};
        } else if (type == int[].class) {
            return new int[] {1};
        } else if (type == byte[].class) {
            return new byte[] {1};
        } else if (type == Object[].class) {
            return new Object[0];
        } else if (type == Class.class) {
            return Object.class;
        } else if (type == Map.class) {
            return Map.of();
        } else if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {1});
        } else if (type == Reader.class) {
            return new StringReader("x");
        } else if (type == Properties.class) {
            return new Properties();
        } else if (type == Executor.class) {
            return (Executor) Runnable::run;
        } else if (type == Object.class) {
            return "x";
        }
        return null;
    }
}
