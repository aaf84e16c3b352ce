package org.dirdb.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays, in order, what DBeaver's generic provider does with a driver added by hand: load the class
 * reflectively, set the connection up, read ~45 scalar metadata answers, the type/catalog/schema caches,
 * the navigator tree, the data tab (setMaxRows paging), sorting, filtering, the row count, inline edits of
 * meta and data saved with DBeaver's statement shapes, a BLOB read after its result set closed, a second
 * (metadata) connection and cancel. The SQL strings are DBeaver's, newlines and tabs included.
 */
class DbeaverReplayTest {
    private static final int ENTRIES = 450;

    @TempDir
    Path dir;

    private Connection main;

    @BeforeEach
    void connect() throws Exception {
        // 1. The driver as DBeaver loads it: by class name, public no-arg constructor, connect() directly.
        Driver driver = (Driver) Class.forName("org.dirdb.jdbc.DirdbDriver").getDeclaredConstructor().newInstance();
        // sync=false only to keep the fixture fast; every call below behaves the same with sync=true.
        String url = "jdbc:dirdb:" + dir + "?sync=false";
        assertTrue(driver.acceptsURL(url));
        DriverPropertyInfo[] infos = driver.getPropertyInfo(url, new Properties());
        assertTrue(infos.length >= 4);
        for (DriverPropertyInfo info : infos) {
            assertNotNull(info.description, info.name);
        }
        Properties props = new Properties();
        props.setProperty("user", "");
        props.setProperty("password", "");
        main = driver.connect(url, props);
        assertNotNull(main);
        // 2. Per-connection setup.
        main.setAutoCommit(true);
        assertTrue(main.getAutoCommit(), "auto-commit true keeps DBeaver out of manual-commit mode");
        main.setReadOnly(false);
        assertEquals(Connection.TRANSACTION_NONE, main.getTransactionIsolation());
        try (PreparedStatement insert = main.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (int i = 0; i < ENTRIES; i++) {
                insert.setString(1, String.format("entry-%03d", i));
                insert.setString(2, "{\"i\": " + i + "}");
                insert.setBytes(3, new byte[i % 7]);
                insert.addBatch();
            }
            assertEquals(ENTRIES, insert.executeBatch().length);
        }
    }

    @AfterEach
    void close() throws SQLException {
        main.close();
    }

    @Test
    void connectAndInitializeMetadata() throws SQLException {
        DatabaseMetaData md = main.getMetaData();
        // 3. The scalar answers DBeaver reads at connect; the ones that shape generated SQL are checked.
        assertEquals("\"", md.getIdentifierQuoteString());
        assertEquals("\\", md.getSearchStringEscape());
        assertTrue(md.storesLowerCaseIdentifiers());
        assertFalse(md.storesUpperCaseIdentifiers());
        assertTrue(md.storesMixedCaseQuotedIdentifiers());
        assertFalse(md.supportsCatalogsInDataManipulation());
        assertFalse(md.supportsSchemasInDataManipulation());
        assertFalse(md.supportsTransactions());
        assertTrue(md.supportsBatchUpdates());
        assertFalse(md.supportsCorrelatedSubqueries() || md.supportsSubqueriesInComparisons()
                || md.supportsSubqueriesInExists() || md.supportsSubqueriesInIns()
                || md.supportsSubqueriesInQuantifieds(), "no subquery support is claimed");
        assertFalse(md.getDatabaseProductName().isEmpty());
        assertFalse(md.getDriverName().isEmpty());
        md.getDatabaseMajorVersion();
        md.getDatabaseMinorVersion();
        md.getDatabaseProductVersion();
        md.getDriverVersion();
        md.isReadOnly();
        md.getSchemaTerm();
        md.getProcedureTerm();
        md.getCatalogTerm();
        md.getSQLStateType();
        md.getCatalogSeparator();
        md.isCatalogAtStart();
        md.getExtraNameCharacters();
        for (String list : List.of(md.getSQLKeywords(), md.getNumericFunctions(), md.getStringFunctions(),
                md.getSystemFunctions(), md.getTimeDateFunctions())) {
            assertNotNull(list);
        }
        for (String column : List.of("NAME", "META", "MODIFIED", "FORMAT", "DATA", "SIZE")) {
            assertFalse(List.of(md.getSQLKeywords().split(",")).contains(column), column + " is not a keyword");
        }
        for (int level : new int[] {Connection.TRANSACTION_NONE, Connection.TRANSACTION_READ_COMMITTED}) {
            md.supportsTransactionIsolationLevel(level);
        }
        // 4. Caches: types, catalogs, schemas.
        Map<String, Integer> typeCodes = new HashMap<>();
        try (ResultSet types = md.getTypeInfo()) {
            while (types.next()) {
                assertNull(typeCodes.put(types.getString("TYPE_NAME"), types.getInt("DATA_TYPE")),
                        "type names are listed once");
                types.getInt("PRECISION");
                types.getString("LOCAL_TYPE_NAME");
                types.getBoolean("UNSIGNED_ATTRIBUTE");
                types.getInt("SEARCHABLE");
                types.getInt("MINIMUM_SCALE");
                types.getInt("MAXIMUM_SCALE");
            }
        }
        assertEquals(Types.VARCHAR, typeCodes.get("JSON"));
        assertEquals(Types.BLOB, typeCodes.get("BLOB"));
        try (ResultSet catalogs = md.getCatalogs()) {
            assertEquals(1, catalogs.findColumn("TABLE_CAT"));
            assertFalse(catalogs.next(), "no catalogs: tables hang under the connection");
        }
        for (ResultSet schemas : List.of(md.getSchemas(), md.getSchemas(null, "%"))) {
            schemas.findColumn("TABLE_SCHEM");
            schemas.findColumn("TABLE_CATALOG");
            assertFalse(schemas.next());
        }
        try (ResultSet tableTypes = md.getTableTypes()) {
            assertTrue(tableTypes.next());
            assertEquals("TABLE", tableTypes.getString("TABLE_TYPE"));
        }
        assertNull(main.getCatalog());
        assertNull(main.getSchema());

        // 5. Navigator: tables, then the columns of each, whose types must agree with getTypeInfo.
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", null)) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
                assertEquals("TABLE", rs.getString("TABLE_TYPE"));
                assertNull(rs.getString("TABLE_SCHEM"));
                rs.getString("REMARKS");
            }
        }
        assertTrue(tables.contains("db"), tables.toString());
        for (String table : tables) {
            try (ResultSet rs = md.getColumns(null, null, table, "%")) {
                int ordinal = 0;
                while (rs.next()) {
                    assertEquals(table, rs.getString("TABLE_NAME"));
                    assertEquals(++ordinal, rs.getInt("ORDINAL_POSITION"));
                    String typeName = rs.getString("TYPE_NAME");
                    assertEquals(typeCodes.get(typeName), rs.getInt("DATA_TYPE"), typeName);
                    rs.getLong("COLUMN_SIZE");
                    rs.getInt("NULLABLE");
                    rs.getInt("DECIMAL_DIGITS");
                    rs.getInt("NUM_PREC_RADIX");
                    rs.getString("COLUMN_DEF");
                    rs.getString("REMARKS");
                    rs.getLong("CHAR_OCTET_LENGTH");
                    rs.getString("IS_AUTOINCREMENT");
                    rs.getString("IS_GENERATEDCOLUMN");
                    rs.getInt("SOURCE_DATA_TYPE");
                }
                assertEquals(6, ordinal);
            }
        }
        Map<String, String> generated = new HashMap<>();
        try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
            while (rs.next()) {
                assertTrue(tables.contains(rs.getString("TABLE_NAME")));
                if (rs.getString("TABLE_NAME").equals("db")) {
                    generated.put(rs.getString("COLUMN_NAME"), rs.getString("IS_GENERATEDCOLUMN"));
                    if (rs.getString("COLUMN_NAME").equals("meta")) {
                        assertEquals("JSON", rs.getString("TYPE_NAME"));
                        assertEquals(Types.VARCHAR, rs.getInt("DATA_TYPE"));
                        assertTrue(rs.getLong("COLUMN_SIZE") >= 32, "a large size opens the JSON viewer");
                    }
                }
            }
        }
        assertEquals(Map.of("name", "NO", "meta", "NO", "data", "NO", "size", "YES", "modified", "YES",
                "format", "YES"), generated);

        // 6. Keys and indexes, by name and for the whole container; references and code are empty.
        for (String pattern : List.of("db", "%")) {
            try (ResultSet pk = md.getPrimaryKeys(null, null, pattern)) {
                assertTrue(pk.next());
                assertEquals("db", pk.getString("TABLE_NAME"));
                assertEquals("name", pk.getString("COLUMN_NAME"));
                assertEquals(1, pk.getInt("KEY_SEQ"));
                assertNotNull(pk.getString("PK_NAME"));
            }
            try (ResultSet ix = md.getIndexInfo(null, null, pattern, false, true)) {
                assertTrue(ix.next());
                assertEquals("db", ix.getString("TABLE_NAME"));
                assertFalse(ix.getBoolean("NON_UNIQUE"));
                assertEquals(DatabaseMetaData.tableIndexOther, ix.getInt("TYPE"));
                assertEquals("name", ix.getString("COLUMN_NAME"));
                assertEquals(1, ix.getInt("ORDINAL_POSITION"));
                assertEquals(ENTRIES, ix.getLong("CARDINALITY"));
                ix.getString("INDEX_QUALIFIER");
                ix.getString("ASC_OR_DESC");
            }
            for (ResultSet keys : List.of(md.getImportedKeys(null, null, pattern),
                    md.getExportedKeys(null, null, pattern))) {
                assertEquals(14, keys.getMetaData().getColumnCount());
                keys.findColumn("FKCOLUMN_NAME");
                assertFalse(keys.next());
            }
        }
        try (ResultSet functions = md.getFunctions(null, null, "%");
             ResultSet procedures = md.getProcedures(null, null, "%")) {
            functions.findColumn("FUNCTION_NAME");
            procedures.findColumn("PROCEDURE_TYPE");
            procedures.findColumn("SPECIFIC_NAME");
            assertFalse(functions.next());
            assertFalse(procedures.next());
        }
        // The liveness probe DBeaver falls back to.
        try (ResultSet ping = md.getTables(null, null, "DBEAVERFAKETABLENAMEFORPING", null)) {
            assertFalse(ping.next());
        }
    }

    @Test
    void dataTabPagesWithSetMaxRowsAndReadsTheGrid() throws SQLException {
        // 7. First page, second page, fetch all.
        List<String> page1 = page(200, 0);
        assertEquals(200, page1.size());
        List<String> page2 = page(400, 200);
        assertEquals(200, page2.size());
        assertFalse(page1.contains(page2.get(0)));
        assertEquals(ENTRIES - 400, page(0, 400).size());
    }

    private List<String> page(int maxRows, int skip) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = main.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            if (maxRows > 0) {
                s.setMaxRows(maxRows);
            }
            assertTrue(s.execute("SELECT * FROM db"));
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals(6, md.getColumnCount());
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    md.getColumnLabel(i);
                    md.getColumnName(i);
                    md.isWritable(i);
                    assertEquals("db", md.getTableName(i));
                    md.getCatalogName(i);
                    md.getSchemaName(i);
                    md.isNullable(i);
                    md.getColumnDisplaySize(i);
                    md.getColumnTypeName(i);
                    md.getColumnType(i);
                    md.isAutoIncrement(i);
                    md.getPrecision(i);
                    md.getScale(i);
                }
                assertEquals("JSON", md.getColumnTypeName(2));
                assertEquals(Types.VARCHAR, md.getColumnType(2));
                assertEquals(Types.BLOB, md.getColumnType(3));
                for (int i = 0; i < skip; i++) {
                    assertTrue(rs.next());
                }
                while (rs.next()) {
                    names.add((String) rs.getObject(1));
                    assertInstanceOf(String.class, rs.getObject(2));
                    assertInstanceOf(Blob.class, rs.getObject(3));
                    assertInstanceOf(Long.class, rs.getObject(4));
                    assertInstanceOf(Timestamp.class, rs.getObject(5));
                    assertInstanceOf(String.class, rs.getObject(6));
                }
            }
            assertNull(s.getWarnings());
        }
        return names;
    }

    @Test
    void sortFilterAndRowCountUseTheSqlShapesDbeaverGenerates() throws SQLException {
        // 8. Sort by a keyword column (quoted), filter, count.
        try (Statement s = main.createStatement()) {
            s.setMaxRows(200);
            assertTrue(s.execute("SELECT * FROM db\nORDER BY \"size\" DESC"));
            try (ResultSet rs = s.getResultSet()) {
                long previous = Long.MAX_VALUE;
                while (rs.next()) {
                    assertTrue(rs.getLong("size") <= previous);
                    previous = rs.getLong("size");
                }
            }
            assertTrue(s.execute("SELECT * FROM db\nWHERE name like 'entry-00%'"));
            try (ResultSet rs = s.getResultSet()) {
                int n = 0;
                while (rs.next()) {
                    assertTrue(rs.getString("name").startsWith("entry-00"));
                    n++;
                }
                assertEquals(10, n);
            }
        }
        try (PreparedStatement count = main.prepareStatement("SELECT COUNT(*) FROM db",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            assertTrue(count.execute());
            try (ResultSet rs = count.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(ENTRIES, ((Number) rs.getObject(1)).longValue());
            }
        }
    }

    @Test
    void inlineEditsOfMetaAndDataAreSavedAndReRead() throws Exception {
        // 9/10. Edit meta, Save: DBeaver's UPDATE shape, then the refresh query with an inline literal.
        try (PreparedStatement update = main.prepareStatement("UPDATE db\n\tSET meta=?\n\tWHERE name=?",
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            update.setString(1, "{\"edited\": true}");
            update.setString(2, "entry-001");
            assertFalse(update.execute());
            assertEquals(1, update.getLargeUpdateCount());
        }
        try (Statement s = main.createStatement()) {
            assertTrue(s.execute("SELECT * FROM db\nWHERE name = 'entry-001'"));
            try (ResultSet rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals("{\"edited\": true}", rs.getString("meta"));
            }
        }
        // Load a file into data: setBinaryStream without a length.
        byte[] payload = "loaded from a file".getBytes(StandardCharsets.UTF_8);
        try (PreparedStatement update = main.prepareStatement("UPDATE db\n\tSET \"data\"=?\n\tWHERE name=?")) {
            update.setBinaryStream(1, new ByteArrayInputStream(payload));
            update.setString(2, "entry-001");
            update.execute();
            assertEquals(1, update.getLargeUpdateCount());
        }
        // Add a row (NULL columns left out, generated keys asked for), then delete one.
        try (PreparedStatement insert = main.prepareStatement("INSERT INTO db (name,meta)\n\tVALUES (?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, "added");
            insert.setString(2, "{}");
            insert.execute();
            assertEquals(1, insert.getLargeUpdateCount());
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertTrue(keys.next());
                assertEquals("added", keys.getString("name"));
                assertNotNull(keys.getObject("modified"));
                assertNull(keys.getObject("size"), "no payload yet");
            }
        }
        try (PreparedStatement delete = main.prepareStatement("DELETE FROM db\n\tWHERE name=?")) {
            delete.setString(1, "entry-002");
            delete.execute();
            assertEquals(1, delete.getLargeUpdateCount());
        }
        // A batch of three updates with the same null pattern.
        try (PreparedStatement update = main.prepareStatement("UPDATE db\n\tSET meta=?\n\tWHERE name=?")) {
            for (int i = 3; i < 6; i++) {
                update.setString(1, "{\"batch\": " + i + "}");
                update.setString(2, String.format("entry-%03d", i));
                update.addBatch();
            }
            assertArrayEquals(new int[] {1, 1, 1}, update.executeBatch());
        }

        // The BLOB cell read after its result set and statement closed, twice, then freed.
        Blob blob;
        try (Statement s = main.createStatement()) {
            s.execute("SELECT * FROM db\nWHERE name = 'entry-001'");
            ResultSet rs = s.getResultSet();
            assertTrue(rs.next());
            blob = (Blob) rs.getObject(3);
        }
        assertEquals(payload.length, blob.length());
        for (int i = 0; i < 2; i++) {
            try (InputStream in = blob.getBinaryStream()) {
                assertArrayEquals(payload, in.readAllBytes());
            }
        }
        assertArrayEquals("from".getBytes(StandardCharsets.UTF_8), blob.getBytes(8, 4));
        try (InputStream in = blob.getBinaryStream(8, 4)) {
            assertArrayEquals("from".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        blob.free();
        assertTrue(Files.isRegularFile(dir.resolve("entry-001.pickle")), "free releases handles, not the entry");
    }

    @Test
    void metadataConnectionReadsWhileTheMainOneWritesAndCancelStopsAScan() throws Exception {
        // 11. A second connection (DBeaver's metadata context) listing from another thread while Main saves.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection meta = java.sql.DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false")) {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int seen = 0;
                for (int round = 0; round < 20; round++) {
                    try (ResultSet rs = meta.getMetaData().getColumns(null, null, "db", "%")) {
                        while (rs.next()) {
                            seen++;
                        }
                    }
                    try (ResultSet rs = meta.createStatement().executeQuery("SELECT name FROM db")) {
                        while (rs.next()) {
                            seen++;
                        }
                    }
                }
                return seen;
            });
            Future<Integer> writer = pool.submit(() -> {
                start.await();
                try (PreparedStatement update = main.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
                    for (int i = 0; i < 50; i++) {
                        update.setString(1, "{\"w\": " + i + "}");
                        update.setString(2, String.format("entry-%03d", i));
                        update.executeUpdate();
                    }
                }
                return 50;
            });
            start.countDown();
            assertTrue(reader.get(60, TimeUnit.SECONDS) >= 20 * (6 + ENTRIES));
            assertEquals(50, writer.get(60, TimeUnit.SECONDS));

            // Cancel from another thread: the scan stops at its next row with 57014.
            Statement scan = main.createStatement();
            ResultSet rs = scan.executeQuery("SELECT * FROM db");
            assertTrue(rs.next());
            pool.submit(() -> {
                scan.cancel();
                return null;
            }).get(10, TimeUnit.SECONDS);
            SQLException cancelled = assertThrows(SQLException.class, () -> {
                while (rs.next()) {
                    rs.getObject(2);
                }
            });
            assertEquals("57014", cancelled.getSQLState());
        } finally {
            pool.shutdownNow();
        }
        // 12. The directory renamed away: isValid says so, and DBeaver offers to reconnect.
        assertTrue(main.isValid(10000));
        Files.move(dir, dir.resolveSibling(dir.getFileName() + "-moved"));
        try {
            assertFalse(main.isValid(10000));
        } finally {
            Files.move(dir.resolveSibling(dir.getFileName() + "-moved"), dir);
        }
    }
}
