package org.dirdb.e2e;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The victim of {@link KillTest}, run in its own JVM: rewrites entries {@code e0..e7} in turn, generation
 * after generation, with one {@code UPDATE} that sets data and metadata together, and prints
 * {@code ack NAME GEN} once the driver has acknowledged it. Runs until it is killed.
 *
 * <p>Arguments: the database directory and the first generation to write.
 */
public final class KillWriter {
    static final int ENTRIES = 8;

    private KillWriter() {}

    static String name(long gen) {
        return "e" + Math.floorMod(gen, ENTRIES);
    }

    /** The data of a generation: deterministic, from empty up to about 1 MiB. */
    static byte[] data(long gen) {
        long mixed = gen * 0x9E3779B97F4A7C15L;
        int size = gen % 3 == 0 ? (int) Math.floorMod(mixed, 1 << 20) : (int) Math.floorMod(mixed, 5000);
        return Payloads.deterministic(gen, size);
    }

    static String meta(long gen, byte[] data) {
        return "{\"gen\": " + gen + ", \"sha256\": \"" + Payloads.sha256(data) + "\"}";
    }

    public static void main(String[] args) throws Exception {
        String directory = args[0];
        long gen = Long.parseLong(args[1]);
        try (Connection connection = DriverManager.getConnection("jdbc:dirdb:" + directory);
                PreparedStatement update = connection.prepareStatement("UPDATE db SET meta = ?, data = ? WHERE name = ?")) {
            System.out.println("ready");
            System.out.flush();
            for (;; gen++) {
                byte[] data = data(gen);
                update.setString(1, meta(gen, data));
                update.setBinaryStream(2, new ByteArrayInputStream(data), data.length);
                update.setString(3, name(gen));
                if (update.executeUpdate() != 1) {
                    throw new IllegalStateException("entry " + name(gen) + " vanished at generation " + gen);
                }
                System.out.println("ack " + name(gen) + " " + gen);
                System.out.flush();
            }
        }
    }
}
