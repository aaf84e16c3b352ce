package org.dirdb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dirdb.jdbc.DirdbDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HikariCP in front of the driver's DataSource, and JDBI on top: pooled CRUD from four threads, the pool's
 * connection validation (JDBC4 isValid), and a connection closed behind the pool's back being evicted and
 * replaced rather than handed out again.
 */
class PoolAndMapperTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 25;

    @TempDir
    Path dir;

    private HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(DirdbDataSource.class.getName());
        config.addDataSourceProperty("directory", dir.toString());
        config.addDataSourceProperty("sync", "false");
        config.addDataSourceProperty("lockTimeout", "10000");
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(10_000);
        config.setPoolName("dirdb-test");
        return new HikariDataSource(config);
    }

    @Test
    void pooledCrudFromFourThreadsThroughJdbi() throws Exception {
        try (HikariDataSource pool = pool(THREADS)) {
            Jdbi jdbi = Jdbi.create(pool);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Integer>> results = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(threads.submit(() -> {
                        start.await();
                        int done = 0;
                        for (int i = 0; i < PER_THREAD; i++) {
                            String name = "t" + thread + "-" + i;
                            jdbi.useHandle(h -> h.createUpdate("INSERT INTO db (name, meta, data) VALUES (:n, :m, :d)")
                                    .bind("n", name).bind("m", "{\"v\": 1}").bind("d", new byte[] {(byte) thread})
                                    .execute());
                            jdbi.useHandle(h -> assertEquals(1, h.createUpdate("UPDATE db SET meta = :m WHERE name = :n")
                                    .bind("m", "{\"v\": 2}").bind("n", name).execute()));
                            Optional<String> meta = jdbi.withHandle(h -> h.createQuery("SELECT meta FROM db WHERE name = :n")
                                    .bind("n", name).mapTo(String.class).findOne());
                            assertEquals(Optional.of("{\"v\": 2}"), meta);
                            if (i % 2 == 0) {
                                jdbi.useHandle(h -> assertEquals(1, h.createUpdate("DELETE FROM db WHERE name = :n")
                                        .bind("n", name).execute()));
                            }
                            done++;
                        }
                        return done;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertEquals(PER_THREAD, result.get(120, TimeUnit.SECONDS));
                }
            } finally {
                threads.shutdownNow();
            }
            List<String> names = jdbi.withHandle(h -> h.createQuery("SELECT name FROM db").mapTo(String.class).list());
            assertEquals(THREADS * (PER_THREAD / 2), names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> n.matches("t\\d-\\d*[13579]")), names.toString());
        }
    }

    @Test
    void aConnectionClosedBehindThePoolsBackIsReplaced() throws Exception {
        try (HikariDataSource pool = pool(1)) {
            Connection first = pool.getConnection();
            Connection raw = first.unwrap(Connection.class);
            assertTrue(raw.isValid(1));
            raw.close(); // behind the pool's back
            // Returning it: the pool resets the connection, gets 08003, and evicts it because of the 08 class.
            SQLException onReturn = assertThrows(SQLException.class, first::close);
            assertTrue(onReturn.getSQLState().startsWith("08"), onReturn.getSQLState());
            try (Connection second = pool.getConnection()) {
                assertFalse(second.unwrap(Connection.class) == raw, "the closed connection was handed out again");
                assertTrue(second.isValid(1));
                try (var rs = second.createStatement().executeQuery("SELECT name FROM db")) {
                    assertFalse(rs.next());
                }
            }
            assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
        }
    }
}
