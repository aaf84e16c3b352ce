package org.dirdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sub-databases as tables in DatabaseMetaData, the way DBeaver asks for them. */
class TableMetadataTest {
    @TempDir
    Path dir;

    private static List<String> column(ResultSet rs, String label) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(label));
            }
        }
        return out;
    }

    @Test
    void subDatabasesAreListedAsTablesAndAnUnderscoreNamesOnlyItsOwnTable() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE a_b");
            s.execute("CREATE TABLE \"aXb\""); // quoted: unquoted names fold to lower case
            s.execute("CREATE TABLE runs");
            s.execute("CREATE TABLE \"runs/2024\"");
            s.execute("INSERT INTO \"runs/2024\" (name, meta) VALUES ('r1', '{}')");
            DatabaseMetaData md = c.getMetaData();
            assertEquals(List.of("aXb", "a_b", "db", "runs", "runs/2024"),
                    column(md.getTables(null, null, "%", null), "TABLE_NAME").stream().sorted().toList());
            // DBeaver passes the name unescaped: the exact table wins over the LIKE reading of '_'.
            List<String> columnsOfAUnderscoreB = column(md.getColumns(null, null, "a_b", "%"), "TABLE_NAME");
            assertEquals(6, columnsOfAUnderscoreB.size(), columnsOfAUnderscoreB.toString());
            assertEquals(List.of("a_b"), columnsOfAUnderscoreB.stream().distinct().toList());
            // An escaped pattern means the same; '%' means every table, each row with its own name.
            assertEquals(List.of("a_b"), column(md.getTables(null, null, "a\\_b", null), "TABLE_NAME"));
            assertEquals(5 * 6, column(md.getColumns(null, null, "%", "%"), "TABLE_NAME").size());
            List<String> index = column(md.getIndexInfo(null, null, "runs/2024", true, false), "TABLE_NAME");
            assertEquals(List.of("runs/2024"), index);
        }
    }

    @Test
    void tablesComeInTableNameOrderAsJdbcRequires() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE beta");
            s.execute("CREATE TABLE \"Alpha\"");
            s.execute("CREATE TABLE runs");
            s.execute("CREATE TABLE \"runs/2024\"");
            s.execute("CREATE TABLE \"runs-x\"");
            // TABLE_TYPE, TABLE_CAT and TABLE_SCHEM are the same for all, so TABLE_NAME decides: not db first,
            // and not depth first (runs-x sorts before runs/2024).
            assertEquals(List.of("Alpha", "beta", "db", "runs", "runs-x", "runs/2024"),
                    column(c.getMetaData().getTables(null, null, "%", null), "TABLE_NAME"));
        }
    }
}
