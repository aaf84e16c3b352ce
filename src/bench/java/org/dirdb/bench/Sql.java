package org.dirdb.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The JDBC side of the contenders: dirdb and H2 run the very same statements through the same code. */
final class Sql {
    static final String H2_FILE = "h2db";

    private Sql() {}

    static String dirdbUrl(Path dir, boolean sync) {
        return "jdbc:dirdb:" + dir + "?sync=" + sync;
    }

    /** H2's file database with default settings. */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve(H2_FILE);
    }

    static Path h2File(Path dir) {
        return dir.resolve(H2_FILE + ".mv.db");
    }

    static Connection open(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        if (url.startsWith("jdbc:h2:")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS db(name VARCHAR PRIMARY KEY, meta VARCHAR, data BLOB)");
            }
        }
        return c;
    }

    static void insert(PreparedStatement ps, String name, String meta, InputStream data, long length)
            throws SQLException {
        ps.setString(1, name);
        ps.setString(2, meta);
        ps.setBinaryStream(3, data, length);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("insert of " + name + " did not insert one row");
        }
    }

    static final String INSERT = "INSERT INTO db (name, meta, data) VALUES (?, ?, ?)";
    static final String SELECT_DATA = "SELECT data FROM db WHERE name = ?";
    static final String LIST = "SELECT name, meta FROM db";
    static final String UPDATE_META = "UPDATE db SET meta = ? WHERE name = ?";

    /** Streams one payload out with getBinaryStream into a byte[]; returns its length. */
    static long readData(PreparedStatement ps, String name, byte[] buffer) throws SQLException, IOException {
        ps.setString(1, name);
        long total = 0;
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no row for " + name);
            }
            try (InputStream in = rs.getBinaryStream(1)) {
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                    total += n;
                }
            }
        }
        return total;
    }

    /** Runs the listing query and touches every value; returns the row count. */
    static long list(Connection c) throws SQLException {
        long rows = 0;
        long chars = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LIST)) {
            while (rs.next()) {
                chars += rs.getString(1).length();
                String meta = rs.getString(2);
                chars += meta == null ? 0 : meta.length();
                rows++;
            }
        }
        if (chars == 0 && rows > 0) {
            throw new IllegalStateException("listing returned empty rows");
        }
        return rows;
    }

    static void updateMeta(PreparedStatement ps, String name, String meta) throws SQLException {
        ps.setString(1, meta);
        ps.setString(2, name);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("update of " + name + " did not update one row");
        }
    }
}
