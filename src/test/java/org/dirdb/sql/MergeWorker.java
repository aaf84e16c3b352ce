package org.dirdb.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One writer of {@link ConcurrentMergeTest}, run in a thread or as a child JVM: {@code iterations} times,
 * it bumps the shared total and records its own progress in entry {@code counter}, in one statement.
 */
public final class MergeWorker {
    static final String BUMP = "UPDATE db SET meta = JSON_MERGEPATCH("
            + "JSON_SET(meta, '$.total', COALESCE(JSON_VALUE(meta, '$.total'), 0) + 1), ?) WHERE name = 'counter'";

    private MergeWorker() {}

    static void run(String url, String worker, int iterations) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement bump = c.prepareStatement(BUMP)) {
            for (int i = 1; i <= iterations; i++) {
                bump.setString(1, "{\"" + worker + "\": " + i + "}");
                if (bump.executeUpdate() != 1) {
                    throw new IllegalStateException(worker + ": update " + i + " changed no entry");
                }
            }
        }
    }

    /** {@code MergeWorker URL WORKER ITERATIONS}; exits 0 when every update counted one entry. */
    public static void main(String[] args) throws SQLException {
        run(args[0], args[1], Integer.parseInt(args[2]));
    }
}
