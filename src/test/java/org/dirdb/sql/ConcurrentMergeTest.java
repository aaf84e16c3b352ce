package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 4 threads and 2 processes merge into one entry at once. Each update increments a shared total (read,
 * add one, write) and merges the worker's own progress key: a lost update would show as a total below the
 * number of updates or a worker key below its last value.
 */
class ConcurrentMergeTest {
    private static final int ITERATIONS = 60;

    @TempDir
    Path dir;

    @Test
    void threadsAndProcessesMergingIntoOneEntryLoseNoUpdate() throws Exception {
        String url = "jdbc:dirdb:" + dir + "?sync=false";
        try (Connection c = DriverManager.getConnection(url)) {
            SqlFixture.update(c, "INSERT INTO db (name, meta) VALUES ('counter', '{}')");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processes.add(new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), MergeWorker.class.getName(), url, "p" + p,
                    Integer.toString(ITERATIONS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String worker = "t" + t;
            done.add(threads.submit(() -> {
                start.await();
                MergeWorker.run(url, worker, ITERATIONS);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        threads.shutdown();
        for (Process p : processes) {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            assertEquals(0, p.exitValue(), "a worker process failed");
        }
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals((long) 6 * ITERATIONS, SqlFixture.one(c,
                    "SELECT JSON_VALUE(meta, '$.total') FROM db WHERE name = 'counter'"));
            for (String worker : List.of("t0", "t1", "t2", "t3", "p0", "p1")) {
                assertEquals((long) ITERATIONS, SqlFixture.one(c, "SELECT meta->>'" + worker + "' FROM db WHERE name = 'counter'"),
                        worker);
            }
        }
    }
}
