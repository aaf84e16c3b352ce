package org.dirdb.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.DirSnapshot;

/**
 * Run by {@link HostileNamesTest} in a JVM started with {@code LANG=C LC_ALL=C}, whose file names are not
 * UTF-8. Prints one line per fact: {@code encoding E}, {@code ascii-insert ok}, {@code listing [..]}, and for
 * each statement with a non-ASCII name {@code refused LABEL STATE MESSAGE}, or {@code accepted LABEL} /
 * {@code changed LABEL} / {@code unexpected LABEL ...} when something went wrong. The names are built from
 * escapes in this class, so no non-ASCII text passes through the command line.
 */
public final class CLocaleProbe {
    static final List<String> NON_ASCII = List.of("donn\u00e9es", "\u6570\u636e", "emoji\uD83D\uDE00", "caf\u00e9");
    static final List<String> STATEMENTS = List.of(
            "INSERT INTO db (name, meta, data) VALUES (?, '{}', X'01')",
            "UPDATE db SET meta = '{}' WHERE name = ?",
            "DELETE FROM db WHERE name = ?",
            "SELECT name, meta, data FROM db WHERE name = ?");

    private CLocaleProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("encoding " + System.getProperty("sun.jnu.encoding"));
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES ('ascii', '{}', ?)")) {
                p.setBytes(1, "plain".getBytes(StandardCharsets.US_ASCII));
                System.out.println("ascii-insert " + (p.executeUpdate() == 1 ? "ok" : "no row"));
            }
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT name, data FROM db")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    rs.getBytes(2);
                }
            }
            System.out.println("listing " + names);
            for (String sql : STATEMENTS) {
                for (String name : NON_ASCII) {
                    String label = sql.substring(0, sql.indexOf(' ')) + "/" + name.codePoints().count();
                    DirSnapshot before = DirSnapshot.of(dir);
                    try (PreparedStatement p = c.prepareStatement(sql)) {
                        p.setString(1, name);
                        if (p.execute()) {
                            try (ResultSet rs = p.getResultSet()) {
                                while (rs.next()) {
                                    rs.getString(2);
                                    rs.getBytes(3);
                                }
                            }
                        }
                        System.out.println("accepted " + label);
                    } catch (SQLException e) {
                        System.out.println("refused " + label + " " + e.getSQLState() + " "
                                + String.valueOf(e.getMessage()).replace('\n', ' '));
                    } catch (Throwable t) {
                        System.out.println("unexpected " + label + " " + t);
                    }
                    if (!before.equals(DirSnapshot.of(dir))) {
                        System.out.println("changed " + label);
                    }
                }
            }
        }
        System.out.flush();
    }
}
