package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 6: SQL fuzzing through JDBC against a small real directory ({@link SqlFuzzer} does the checking).
 * The seed is printed and recorded; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.statements=N}
 * changes its length.
 */
class SqlFuzzTest {
    /** CI replays the same statements every run; the soak variant draws a new seed each time. */
    static final long CI_SEED = 0x5EEDD1DB2026L;

    /** Threads of the JVM itself, which may start at any moment and are none of the driver's doing. */
    private static final Set<String> JVM_THREADS = Set.of("Attach Listener", "Signal Dispatcher", "Reference Handler",
            "Finalizer", "Common-Cleaner", "Notification Thread", "process reaper");

    @TempDir
    Path dir;

    @Test
    void oneHundredThousandStatementsOnlyEverRaiseSqlExceptionsQuicklyAndChangeNothingWhenRefused() throws Exception {
        long seed = Long.getLong("fuzz.seed", CI_SEED);
        long count = Long.getLong("fuzz.statements", 100_000);
        fuzz(seed, count, true);
    }

    @Test
    @Tag("slow")
    void aMillionStatements() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        fuzz(seed, Long.getLong("fuzz.statements", 1_000_000), false);
    }

    private void fuzz(long seed, long count, boolean record) throws Exception {
        int workers = Integer.getInteger("fuzz.threads", 2);
        System.out.println("SQL fuzz seed: " + seed + " (replay with -Dfuzz.seed=" + seed + "); " + workers
                + " workers, worker i uses seed + i on its own directory");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        List<SqlFuzzer> fuzzers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < workers; w++) {
            SqlFuzzer fuzzer = new SqlFuzzer(java.nio.file.Files.createDirectories(dir.resolve("db" + w)), seed + w);
            fuzzers.add(fuzzer);
            boolean first = w == 0;
            long share = count / workers + (first ? count % workers : 0);
            Thread t = new Thread(() -> {
                try (fuzzer) {
                    fuzzer.run(share, first);
                } catch (Throwable e) {
                    crashed.add(e);
                }
            }, "sql-fuzz-worker-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long cpuSeconds = (processCpuNanos() - cpuStart) / 1_000_000_000L;
        List<String> lingering = lingeringThreads(before);
        List<String> idle = idleDaemons(before);
        long statements = fuzzers.stream().mapToLong(f -> f.statements).sum();
        long accepted = fuzzers.stream().mapToLong(f -> f.accepted).sum();
        long refused = fuzzers.stream().mapToLong(f -> f.refused).sum();
        Map<String, Long> states = new java.util.TreeMap<>();
        Map<String, Long> kinds = new java.util.TreeMap<>();
        Map<String, String> slowestByKind = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        SqlFuzzer slowest = fuzzers.get(0);
        for (SqlFuzzer f : fuzzers) {
            f.states.forEach((k, v) -> states.merge(k, v, Long::sum));
            f.kinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
            f.slowestByKind.forEach((k, v) -> slowestByKind.merge(k, v, (a, b) -> a.compareTo(b) >= 0 ? a : b));
            failures.addAll(f.failures);
            if (f.slowestNanos > slowest.slowestNanos) {
                slowest = f;
            }
        }
        String slowestText = slowest.slowestNanos / 1_000_000 + " ms, " + slowest.slowest;
        System.out.println("SQL fuzz: " + statements + " statements in " + seconds + " s (" + cpuSeconds
                + " s of CPU); slowest " + slowestText
                + "; by origin " + slowestByKind + "; states " + states + "; snapshots "
                + fuzzers.stream().mapToLong(f -> f.snapshotNanos).sum() / 1_000_000 + " ms; threads left running "
                + lingering + "; idle " + idle);
        if (record) {
            Map<String, Object> f = Figures.map();
            f.put("seed", seed);
            f.put("statements fuzzed", statements);
            f.put("by origin", kinds);
            f.put("accepted / refused with SQLException", accepted + " / " + refused);
            f.put("anything else escaping", failures.stream().filter(s -> s.startsWith("escaped")).count());
            f.put("SQLStates of refusals", states);
            f.put("slowest statement", slowestText);
            f.put("statements over 1 s", failures.stream().filter(s -> s.startsWith("took")).count());
            f.put("refused statements that changed the disk", failures.stream().filter(s -> s.startsWith("refused")).count());
            f.put("multi-row INSERTs refused at a later row (earlier new rows kept, as documented)",
                    fuzzers.stream().mapToLong(x -> x.partialInserts).sum());
            f.put("streams failing mid-statement (only the directory's mtime changed, by the removed temp file)",
                    fuzzers.stream().mapToLong(x -> x.streamFailures).sum());
            f.put("PreparedStatement setters, each at indices -1, 0, 1..4, 7, MAX on 6 statement shapes",
                    fuzzers.get(0).setterCount + (fuzzers.stream().anyMatch(x -> x.settersCovered) ? " (all covered)"
                            : " (not all reached in this run)"));
            f.put("threads left running", lingering.size());
            f.put("idle daemon threads left (parked)", idle.isEmpty() ? "none" : idle.toString());
            f.put("workers", workers);
            f.put("run time", seconds + " s (" + cpuSeconds + " s of CPU, this JVM)");
            Figures.record(6, "SQL fuzzing",
                    "Grammar-generated and byte-mutated statements, pathological texts (a MiB of '(', 10,000 nested"
                            + " parentheses, huge literals, long IN lists, deep JSON) and every PreparedStatement setter"
                            + " with the wrong type or index, run through JDBC against small real directories: each must"
                            + " raise nothing but an SQLException with an SQLState, finish within 1 s, and, when"
                            + " refused, leave the directory exactly as it was. " + (failures.isEmpty() && lingering.isEmpty()
                            ? "All held." : failures.size() + " statements did not (stack traces in"
                            + " target/reliability/sql-fuzz-failures-" + seed + ".log of that run)."), f);
        }
        java.nio.file.Files.createDirectories(Path.of("target", "reliability"));
        // String.getBytes replaces what UTF-8 cannot encode (the fuzzer's unpaired surrogates) instead of failing.
        java.nio.file.Files.write(Path.of("target", "reliability", "sql-fuzz-failures-" + seed + ".log"),
                String.join("\n", failures).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(), crashed, "a fuzzing worker crashed");
        assertEquals(List.of(), failures.stream().map(s -> s.lines().findFirst().orElse(s)).toList(),
                "seed " + seed + "; stack traces in target/reliability/sql-fuzz-failures-" + seed + ".log");
        assertEquals(List.of(), lingering, "threads left running after the fuzzing (seed " + seed + ")");
        assertTrue(statements >= count, statements + " statements");
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /**
     * Threads started during the run that are still alive: any non-daemon thread, and any daemon thread not
     * parked idle. Waits a few seconds for them to finish or park first.
     */
    private static List<String> lingeringThreads(Set<Thread> before) throws InterruptedException {
        List<String> bad = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            bad = newThreads(before).entrySet().stream()
                    .filter(e -> !e.getKey().isDaemon() || !parked(e.getKey(), e.getValue()))
                    .map(e -> describe(e.getKey(), e.getValue())).collect(Collectors.toList());
            if (bad.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return bad;
    }

    private static List<String> idleDaemons(Set<Thread> before) {
        return newThreads(before).entrySet().stream().filter(e -> e.getKey().isDaemon() && parked(e.getKey(), e.getValue()))
                .map(e -> e.getKey().getName() + " (" + e.getKey().getState() + ")").sorted().toList();
    }

    private static Map<Thread, StackTraceElement[]> newThreads(Set<Thread> before) {
        Set<Thread> old = new HashSet<>(before);
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> !old.contains(e.getKey()) && e.getKey().isAlive() && !JVM_THREADS.contains(e.getKey().getName()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Idle: waiting, in {@code park} (the parser pool's threads wait for work in a SynchronousQueue), or,
     * for JNA's one reference-cleaning daemon per JVM, started at the first native call, in
     * {@code Object.wait} on its reference queue.
     */
    private static boolean parked(Thread t, StackTraceElement[] stack) {
        Thread.State state = t.getState();
        boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        boolean parked = stack.length > 0 && stack[0].getMethodName().equals("park");
        boolean jnaCleaner = t.getName().equals("JNA Cleaner") && stack.length > 0 && stack[0].getMethodName().equals("wait");
        return waiting && (parked || jnaCleaner);
    }

    private static String describe(Thread t, StackTraceElement[] stack) {
        return t.getName() + (t.isDaemon() ? " daemon " : " ") + t.getState() + " at "
                + (stack.length > 0 ? stack[0] : "?");
    }

    /**
     * Found by the fuzzer: a hex literal followed by a space (not by ',', ')' or a line break) is refused as
     * having "an odd number of digits", because the digits the parser hands over include the space.
     */
    @Test
    void aHexLiteralFollowedByASpaceIsAValue() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("INSERT INTO db (name, data) VALUES ('a', X'CAFE' )"));
            assertEquals(1, s.executeUpdate("UPDATE db SET data = X'BEEF' WHERE name = 'a'"));
            try (ResultSet rs = s.executeQuery("SELECT data FROM db WHERE name = 'a'")) {
                assertTrue(rs.next());
                assertEquals("beef", java.util.HexFormat.of().formatHex(rs.getBytes(1)));
            }
            // A binary literal is not a name: comparing text with binary gives NULL (docs/sql.md), no row.
            assertEquals(0, s.executeUpdate("DELETE FROM db WHERE name = X'61' "));
            assertEquals(1, s.executeUpdate("DELETE FROM db WHERE name = 'a' "));
        }
    }

    /**
     * Found by the fuzzer: a long chain of binary operators (12 KB of {@code + 1}, far under the length
     * limit and with no parentheses for the guard to count) parses, and then a StackOverflowError escapes
     * from the message of the 0A000 refusal, which prints the expression with JSqlParser's recursive
     * toString.
     */
    @Test
    void aLongOperatorChainIsRefusedWithAnSqlException() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir); Statement s = c.createStatement()) {
            for (String sql : List.of("SELECT 1" + " + 1".repeat(3000), "SELECT * FROM db WHERE name = 'a'"
                    + " OR name = 'a'".repeat(3000))) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    assertTrue(e.getSQLState() != null, e.toString());
                    continue;
                } catch (StackOverflowError e) {
                    throw new AssertionError("StackOverflowError escaped from execute(" + sql.substring(0, 30) + "...)");
                }
                throw new AssertionError("accepted: " + sql.substring(0, 30));
            }
        }
    }

    /**
     * Found by the fuzzer: {@code Statement.executeQuery} runs the statement before checking that it
     * returns rows, so {@code executeQuery("DELETE ...")} deletes the entry and then raises HY000.
     */
    @Test
    void executeQueryOfAnUpdateChangesNothing() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO db (name, meta, data) VALUES ('kept', '{}', X'01')");
            org.dirdb.store.DirSnapshot before = org.dirdb.store.DirSnapshot.of(dir);
            for (String sql : List.of("DELETE FROM db WHERE name = 'kept'", "UPDATE db SET meta = '{\"v\": 2}' WHERE name = 'kept'",
                    "INSERT INTO db (name, data) VALUES ('new', X'02')")) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> s.executeQuery(sql));
                assertTrue(e.getSQLState() != null, e.toString());
                assertEquals(before, org.dirdb.store.DirSnapshot.of(dir), "executeQuery(\"" + sql + "\") changed the directory");
            }
        }
    }
}
