package org.dirdb.reliability;

import java.io.InputStream;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * One JDBC reader of {@link ReadersUnderWritersTest}, in a thread of the test JVM or in a child JVM
 * ({@link #main}). It reads the entries {@code r0..r<n-1>} in turn, in six ways, and reports each read as
 * a line:
 *
 * <pre>
 *   R mode entry metaGen dataGen t0 t1    a read; gen -1: not a whole version; -2: column not read
 *   C mode entry state                    the payload was replaced between the row and its bytes (40001)
 *   E mode entry state message            any other error
 * </pre>
 *
 * t0 is {@link System#nanoTime} before the statement, t1 after the last column was read; on Linux both
 * JVMs and Python read the same monotonic clock, so the parent can compare them with the writers' times.
 */
final class ReaderLoop {
    static final String[] MODES = {"row", "data-first", "scan", "stream", "meta", "blob"};

    private final Connection connection;
    private final int entries;
    private final Consumer<String> out;

    ReaderLoop(Connection connection, int entries, Consumer<String> out) {
        this.connection = connection;
        this.entries = entries;
        this.out = out;
    }

    /** Reads until {@code deadline} (a nanoTime); returns the number of reads reported. */
    long run(long deadline, int start) throws SQLException {
        long reads = 0;
        try (PreparedStatement row = connection.prepareStatement("SELECT meta, data FROM db WHERE name = ?");
                PreparedStatement dataFirst = connection.prepareStatement("SELECT data, meta FROM db WHERE name = ?");
                PreparedStatement scan = connection.prepareStatement("SELECT name, meta, data FROM db ORDER BY name");
                PreparedStatement data = connection.prepareStatement("SELECT data FROM db WHERE name = ?");
                PreparedStatement meta = connection.prepareStatement("SELECT meta FROM db WHERE name = ?")) {
            for (int i = start; System.nanoTime() < deadline; i++) {
                String mode = MODES[Math.floorMod(i, MODES.length)];
                int entry = Math.floorMod(i / MODES.length, entries);
                if (mode.equals("scan")) {
                    reads += scan(scan);
                    continue;
                }
                String name = Versions.name(entry);
                long t0 = System.nanoTime();
                try {
                    switch (mode) {
                        case "row" -> {
                            row.setString(1, name);
                            try (ResultSet rs = row.executeQuery()) {
                                require(rs.next(), name);
                                long m = Versions.genOfMeta(entry, rs.getString(1));
                                long d = dataGen(entry, rs.getBytes(2));
                                report(mode, entry, m, d, t0);
                            }
                        }
                        case "data-first" -> {
                            dataFirst.setString(1, name);
                            try (ResultSet rs = dataFirst.executeQuery()) {
                                require(rs.next(), name);
                                long d = dataGen(entry, rs.getBytes(1));
                                long m = Versions.genOfMeta(entry, rs.getString(2));
                                report(mode, entry, m, d, t0);
                            }
                        }
                        case "stream" -> {
                            data.setString(1, name);
                            try (ResultSet rs = data.executeQuery()) {
                                require(rs.next(), name);
                                try (InputStream in = rs.getBinaryStream(1)) {
                                    report(mode, entry, -2, dataGen(entry, in.readAllBytes()), t0);
                                }
                            }
                        }
                        case "meta" -> {
                            meta.setString(1, name);
                            try (ResultSet rs = meta.executeQuery()) {
                                require(rs.next(), name);
                                report(mode, entry, Versions.genOfMeta(entry, rs.getString(1)), -2, t0);
                            }
                        }
                        default -> {
                            data.setString(1, name);
                            try (ResultSet rs = data.executeQuery()) {
                                require(rs.next(), name);
                                Blob blob = rs.getBlob(1);
                                report(mode, entry, -2, dataGen(entry, blob.getBytes(1, (int) blob.length())), t0);
                            }
                        }
                    }
                } catch (SQLException e) {
                    error(mode, entry, e);
                } catch (java.io.IOException e) {
                    out.accept("E " + mode + " " + entry + " io " + oneLine(e.toString()));
                }
                reads++;
            }
        }
        return reads;
    }

    private long scan(PreparedStatement scan) {
        long reads = 0;
        long t0 = System.nanoTime();
        int entry = -1;
        try (ResultSet rs = scan.executeQuery()) {
            while (rs.next()) {
                entry = Versions.index(rs.getString(1));
                long m = Versions.genOfMeta(entry, rs.getString(2));
                long d = dataGen(entry, rs.getBytes(3));
                report("scan", entry, m, d, t0);
                reads++;
            }
        } catch (SQLException e) {
            error("scan", entry, e);
            reads++;
        }
        return reads;
    }

    private static long dataGen(int entry, byte[] data) {
        long gen = Versions.genOfData(data);
        return Versions.isData(entry, gen, data) ? gen : -1;
    }

    private void report(String mode, int entry, long metaGen, long dataGen, long t0) {
        out.accept("R " + mode + " " + entry + " " + metaGen + " " + dataGen + " " + t0 + " " + System.nanoTime());
    }

    private void error(String mode, int entry, SQLException e) {
        if ("40001".equals(e.getSQLState())) {
            out.accept("C " + mode + " " + entry + " " + e.getSQLState());
        } else {
            out.accept("E " + mode + " " + entry + " " + e.getSQLState() + " " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static void require(boolean row, String name) throws SQLException {
        if (!row) {
            throw new SQLException("entry " + name + " was not found", "02000");
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** A reader in its own JVM. Arguments: directory, entries, milliseconds to read, first mode index. */
    public static void main(String[] args) throws Exception {
        int entries = Integer.parseInt(args[1]);
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000L;
        StringBuilder buffer = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + args[0] + "?readOnly=" + args[4])) {
            System.out.println("ready");
            System.out.flush();
            long reads = new ReaderLoop(c, entries, line -> {
                buffer.append(line).append('\n');
                if (buffer.length() > 1 << 16) {
                    System.out.print(buffer);
                    buffer.setLength(0);
                }
            }).run(deadline, Integer.parseInt(args[3]));
            System.out.print(buffer);
            System.out.println("done " + reads);
        }
        System.out.flush();
    }
}
