package org.dirdb.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A writer of {@link ReadersUnderWritersTest}: replaces payload and metadata of its entries together, one
 * {@code UPDATE} per version, generation after generation, and reports {@code A entry gen start ack}
 * (nanoTimes before the statement and after it returned) for each acknowledged version. Runs as a thread
 * of the test JVM or in its own JVM ({@link #main}).
 */
final class VersionWriter {
    private VersionWriter() {}

    /** Writes versions 1, 2, ... of each entry in turn until {@code deadline}; returns the versions written. */
    static long run(Connection connection, int[] entries, long deadline, Consumer<String> out) throws SQLException {
        long written = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE db SET meta = ?, data = ? WHERE name = ?")) {
            for (long gen = 1; System.nanoTime() < deadline; gen++) {
                for (int entry : entries) {
                    update.setString(1, Versions.meta(entry, gen));
                    update.setBytes(2, Versions.data(entry, gen));
                    update.setString(3, Versions.name(entry));
                    long start = System.nanoTime();
                    if (update.executeUpdate() != 1) {
                        throw new IllegalStateException("entry " + Versions.name(entry) + " vanished");
                    }
                    out.accept("A " + entry + " " + gen + " " + start + " " + System.nanoTime());
                    written++;
                }
            }
        }
        return written;
    }

    /** Arguments: directory, milliseconds to write, entry indexes. */
    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
        int[] entries = new int[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            entries[i - 2] = Integer.parseInt(args[i]);
        }
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + args[0])) {
            System.out.println("ready");
            System.out.flush();
            long written = run(c, entries, deadline, line -> {
                System.out.println(line);
                System.out.flush();
            });
            System.out.println("done " + written);
        }
        System.out.flush();
    }
}
