package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.dirdb.e2e.Python;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 7: readers under writers. Writer threads and a writer JVM replace payload and metadata of entries
 * {@code r0..r4} together, version after version ({@link Versions}); reader threads, two reader JVMs (one of
 * them read-only) and a Python reader read them all the while. Every read is checked after the run against
 * the writers' log of acknowledged versions, on the monotonic clock all the processes share:
 *
 * <ul>
 *   <li><b>whole</b>: each value read is exactly one version (metadata text and payload bytes);</li>
 *   <li><b>acknowledged and current</b>: the version had been submitted before the read ended, and no later
 *       version had been acknowledged before the read began;</li>
 *   <li><b>never backwards</b>: a reader never sees an older version of an entry after a newer one;</li>
 *   <li><b>one version per locked read</b>: Python inside {@code with entry:} sees metadata and payload of
 *       the same version, because the driver commits both under the entry lock.</li>
 * </ul>
 *
 * <p>What the driver guarantees for one JDBC row {@code SELECT meta, data} is weaker, and this test holds
 * it to exactly that: {@code meta} and {@code data} are read by two separate locked reads when the columns
 * are fetched (docs/storage.md, "Locks"), so each is a whole, current version, but a writer committing in
 * between makes them two different versions. Those rows are counted, not failed. A payload replaced
 * between its row and its bytes raises 40001, also counted.
 */
class ReadersUnderWritersTest {
    static final int ENTRIES = 5;

    @TempDir
    Path dir;

    @Test
    void everyReadIsAWholeCurrentAcknowledgedVersion() throws Exception {
        run(Long.getLong("readers.seconds", 12), true);
    }

    @Test
    @Tag("slow")
    void soak() throws Exception {
        run(Long.getLong("readers.seconds", 180), false);
    }

    private void run(long seconds, boolean record) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir);
                PreparedStatement insert = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (int e = 0; e < ENTRIES; e++) {
                insert.setString(1, Versions.name(e));
                insert.setString(2, Versions.meta(e, 0));
                insert.setBytes(3, Versions.data(e, 0));
                insert.executeUpdate();
            }
        }
        long millis = seconds * 1000;
        List<String> writes = Collections.synchronizedList(new ArrayList<>());
        // Children first: their JVMs take a moment to start, and they read for the same span.
        List<Child> children = new ArrayList<>();
        children.add(Child.java("writer", VersionWriter.class, dir.toString(), Long.toString(millis), "4"));
        children.add(Child.java("reader-jvm-1", ReaderLoop.class, dir.toString(), Integer.toString(ENTRIES),
                Long.toString(millis), "0", "false"));
        children.add(Child.java("reader-jvm-2-readonly", ReaderLoop.class, dir.toString(), Integer.toString(ENTRIES),
                Long.toString(millis), "3", "true"));
        children.add(Child.python("reader-python", dir.toString(), Integer.toString(ENTRIES), Long.toString(seconds)));
        for (Child child : children) {
            child.awaitReady();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> crashed = Collections.synchronizedList(new ArrayList<>());
        for (int[] owned : new int[][] {{0, 1}, {2, 3}}) {
            threads.add(thread("writer-" + owned[0], crashed, () -> {
                try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
                    VersionWriter.run(c, owned, deadline, writes::add);
                }
            }));
        }
        int readerThreads = 6;
        Map<String, List<String>> readerLines = new TreeMap<>();
        for (int r = 0; r < readerThreads; r++) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            String id = "reader-thread-" + r;
            readerLines.put(id, lines);
            int first = r;
            threads.add(thread(id, crashed, () -> {
                try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
                    new ReaderLoop(c, ENTRIES, lines::add).run(deadline, first);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Child child : children) {
            child.awaitEnd();
            if (child.label.equals("writer")) {
                writes.addAll(child.lines.stream().filter(l -> l.startsWith("A ")).toList());
            } else {
                readerLines.put(child.label, child.lines);
            }
        }
        Acks acks = new Acks(writes);
        Tally tally = new Tally();
        for (Map.Entry<String, List<String>> reader : readerLines.entrySet()) {
            tally.check(reader.getKey(), reader.getValue(), acks);
        }
        String summary = tally.summary(acks);
        System.out.println("Readers under writers: " + summary);
        if (record) {
            Map<String, Object> f = Figures.map();
            f.put("entries / writers", ENTRIES + " entries; 2 writer threads and 1 writer JVM, payload and metadata"
                    + " replaced together by one UPDATE");
            f.put("versions acknowledged", acks.total);
            f.put("readers", readerThreads + " threads, 2 JVMs (one read-only), 1 Python process in `with entry:`");
            f.put("reads checked", tally.reads);
            f.put("reads by reader", tally.readsByReader);
            f.put("torn reads (a value that is not one whole version)", tally.torn);
            f.put("stale or unacknowledged versions read", tally.stale);
            f.put("reads that went back to an older version", tally.backwards);
            f.put("Python locked reads with metadata and payload of different versions", tally.pythonMixed);
            f.put("JDBC rows with meta and data of different versions (allowed: two separate reads)",
                    tally.jdbcMixed + " of " + tally.jdbcRows);
            f.put("payload replaced between row and bytes (40001, allowed)", tally.conflicts);
            f.put("other errors", tally.errors.size());
            f.put("writer or reader threads that failed", crashed.isEmpty() ? "none" : crashed.size() + ": "
                    + crashed.get(0));
            f.put("run time", seconds + " s");
            boolean held = tally.problems.isEmpty() && tally.errors.isEmpty() && crashed.isEmpty();
            Figures.record(7, "Readers under writers",
                    "Reader threads, two reader JVMs and a Python reader read payloads and metadata while writers"
                            + " replaced both together. Each value read must be one whole version, acknowledged or in"
                            + " flight, never older than one acknowledged before the read began, never going back;"
                            + " Python inside `with entry:` must see metadata and payload of one version. A JDBC row"
                            + " reads meta and data separately, so they may be two versions (counted). "
                            + (held ? "All held." : "Not all held: see the counts below."), f);
        }
        assertEquals(List.of(), crashed.stream().map(String::valueOf).toList(), "a writer or reader thread failed");
        assertEquals(List.of(), tally.errors.stream().limit(20).toList(), "reads that failed: " + summary);
        assertEquals(List.of(), tally.problems.stream().limit(20).toList(), summary);
        assertTrue(tally.reads > 1000 && acks.total > 50, "too little happened to prove anything: " + summary);
        assertTrue(tally.readsByReader.values().stream().allMatch(n -> n > 10), "a reader barely read: " + summary);
    }

    /**
     * Found by the run above: opening a connection recovers the directory, which deletes temp files no
     * live writer holds locked; a writer creates its temp file and locks it in two steps, so a connection
     * opened in between deletes the new temp file and the write fails with 58030 ("cannot create a temp
     * file ... NoSuchFileException"). Writers and connection openers side by side must never fail a write.
     */
    @Test
    void openingConnectionsNeverFailsAConcurrentWrite() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir);
                PreparedStatement insert = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (int e = 0; e < 2; e++) {
                insert.setString(1, Versions.name(e));
                insert.setString(2, Versions.meta(e, 0));
                insert.setBytes(3, Versions.data(e, 0));
                insert.executeUpdate();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("readers.open.seconds", 6));
        List<Throwable> crashed = Collections.synchronizedList(new ArrayList<>());
        List<String> writes = Collections.synchronizedList(new ArrayList<>());
        long[] opened = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int entry = w;
            threads.add(thread("writer-" + w, crashed, () -> {
                try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false")) {
                    VersionWriter.run(c, new int[] {entry}, deadline, writes::add);
                }
            }));
            int opener = w;
            threads.add(thread("opener-" + w, crashed, () -> {
                while (System.nanoTime() < deadline) {
                    try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
                        opened[opener]++;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), crashed.stream().map(String::valueOf).toList(), writes.size() + " writes, "
                + (opened[0] + opened[1]) + " connections opened");
        assertTrue(writes.size() > 20 && opened[0] + opened[1] > 20, writes.size() + " writes, "
                + (opened[0] + opened[1]) + " connections opened");
    }

    /**
     * Negative control: a writer that rewrites r0's metadata in place, without the entry lock and in two
     * steps, as no dirdb writer may. The same readers and checker must report torn reads.
     */
    @Test
    void theCheckerSeesTornMetadataFromAnInPlaceWriter() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir);
                PreparedStatement insert = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            insert.setString(1, Versions.name(0));
            insert.setString(2, Versions.meta(0, 0));
            insert.setBytes(3, Versions.data(0, 0));
            insert.executeUpdate();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<String> writes = Collections.synchronizedList(new ArrayList<>());
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> crashed = Collections.synchronizedList(new ArrayList<>());
        Thread writer = thread("in-place writer", crashed, () -> {
            Path json = dir.resolve("r0.json");
            for (long gen = 1; System.nanoTime() < deadline; gen++) {
                byte[] text = Versions.meta(0, gen).getBytes(StandardCharsets.UTF_8);
                long start = System.nanoTime();
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(json,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(java.nio.ByteBuffer.wrap(text, 0, text.length / 2));
                    Thread.sleep(1);
                    ch.write(java.nio.ByteBuffer.wrap(text, text.length / 2, text.length - text.length / 2));
                }
                writes.add("A 0 " + gen + " " + start + " " + System.nanoTime());
            }
        });
        Thread reader = thread("reader", crashed, () -> {
            try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
                new ReaderLoop(c, 1, reads::add).run(deadline, 4); // mode 4: metadata only
            }
        });
        writer.join();
        reader.join();
        assertEquals(List.of(), crashed);
        Tally tally = new Tally();
        tally.check("reader-thread-control", reads, new Acks(writes));
        assertTrue(tally.torn > 0, "the checker missed torn metadata: " + tally.summary(new Acks(writes)));
    }

    /** The checker on made-up reads: it must flag stale, future, backwards and mixed locked reads. */
    @Test
    void theCheckerFlagsStaleFutureAndBackwardsReads() {
        // entry 0: generation 1 submitted at 100, acknowledged at 200; generation 2 at 300..400.
        Acks acks = new Acks(List.of("A 0 1 100 200", "A 0 2 300 400"));
        for (String[] c : new String[][] {
            {"R row 0 0 0 500 600", "stale"}, {"R row 0 1 1 50 90", "after the read"}, {"R row 0 3 3 500 600", "never"},
            {"P 0 1 2 x y 250 260", "torn"}}) {
            Tally tally = new Tally();
            tally.check("reader-thread-t", List.of(c[0]), acks);
            assertTrue(!tally.problems.isEmpty() && tally.problems.stream().allMatch(p -> p.contains(c[1])),
                    c[0] + " -> " + tally.problems);
        }
        Tally ok = new Tally();
        ok.check("reader-thread-t", List.of("R row 0 1 1 150 250", "R row 0 1 2 250 350", "R row 0 2 2 450 500"), acks);
        assertEquals(List.of(), ok.problems);
        assertEquals(1, ok.jdbcMixed);
        Tally back = new Tally();
        back.check("reader-thread-t", List.of("R row 0 2 2 350 360", "R row 0 1 1 370 380"), acks);
        assertEquals(2, back.backwards, back.problems.toString()); // metadata and payload
    }

    private static Thread thread(String name, List<Throwable> crashed, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                crashed.add(e);
            }
        }, name);
        t.start();
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The writers' acknowledgements: for each entry and generation, when it was submitted and acknowledged. */
    static final class Acks {
        final Map<Integer, long[]> start = new HashMap<>();
        final Map<Integer, long[]> ack = new HashMap<>();
        long total;

        Acks(List<String> lines) {
            Map<Integer, TreeMap<Long, long[]>> byEntry = new HashMap<>();
            for (String line : lines) {
                String[] p = line.split(" ");
                byEntry.computeIfAbsent(Integer.parseInt(p[1]), k -> new TreeMap<>())
                        .put(Long.parseLong(p[2]), new long[] {Long.parseLong(p[3]), Long.parseLong(p[4])});
            }
            for (int e = 0; e < ENTRIES; e++) {
                TreeMap<Long, long[]> gens = byEntry.getOrDefault(e, new TreeMap<>());
                int n = gens.isEmpty() ? 1 : (int) (gens.lastKey() + 1);
                long[] s = new long[n];
                long[] a = new long[n];
                for (long g = 1; g < n; g++) {
                    long[] t = gens.get(g);
                    if (t == null) {
                        throw new AssertionError("entry r" + e + ": generation " + g + " was never acknowledged");
                    }
                    s[(int) g] = t[0];
                    a[(int) g] = t[1];
                }
                start.put(e, s);
                ack.put(e, a);
                total += n - 1;
            }
        }

        /** Why version {@code gen} cannot be what a read during [t0, t1] returned, or null when it can. */
        String problem(int entry, long gen, long t0, long t1) {
            long[] s = start.get(entry);
            long[] a = ack.get(entry);
            if (gen < 0 || gen >= s.length) {
                return "generation " + gen + " was never written";
            }
            if (gen > 0 && s[(int) gen] > t1) {
                return "generation " + gen + " was submitted " + (s[(int) gen] - t1) / 1000 + " us after the read ended";
            }
            if (gen + 1 < a.length && a[(int) gen + 1] < t0) {
                long newest = gen + 1;
                while (newest + 1 < a.length && a[(int) newest + 1] < t0) {
                    newest++;
                }
                return "stale: generation " + gen + " read, but " + newest + " was acknowledged "
                        + (t0 - a[(int) newest]) / 1000 + " us before the read began";
            }
            return null;
        }
    }

    /** The verdicts over all reads. */
    static final class Tally {
        long reads;
        long torn;
        long stale;
        long backwards;
        long pythonMixed;
        long jdbcRows;
        long jdbcMixed;
        long conflicts;
        final Map<String, Long> readsByReader = new TreeMap<>();
        final List<String> problems = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        void check(String reader, List<String> lines, Acks acks) {
            Map<String, Long> newest = new HashMap<>();
            boolean done = false;
            for (String line : lines) {
                String[] p = line.split(" ");
                switch (p[0]) {
                    case "R" -> {
                        count(reader);
                        int entry = Integer.parseInt(p[2]);
                        long metaGen = Long.parseLong(p[3]);
                        long dataGen = Long.parseLong(p[4]);
                        long t0 = Long.parseLong(p[5]);
                        long t1 = Long.parseLong(p[6]);
                        if (metaGen == -1 || dataGen == -1) {
                            torn++;
                            problems.add(reader + " torn " + (metaGen == -1 ? "metadata" : "payload") + ": " + line);
                            continue;
                        }
                        if (metaGen >= 0 && dataGen >= 0) {
                            jdbcRows++;
                            if (metaGen != dataGen) {
                                jdbcMixed++;
                            }
                        }
                        if (metaGen >= 0) {
                            verify(reader, entry, metaGen, t0, t1, line, acks, newest, "meta");
                        }
                        if (dataGen >= 0) {
                            verify(reader, entry, dataGen, t0, t1, line, acks, newest, "data");
                        }
                    }
                    case "P" -> {
                        count(reader);
                        int entry = Integer.parseInt(p[1]);
                        long metaGen = Long.parseLong(p[2]);
                        long dataGen = Long.parseLong(p[3]);
                        String expected = dataGen < 0 ? "" : Versions.expectedSha(entry, dataGen);
                        if (!p[5].equals(expected) || !p[4].equals(p[5])) {
                            torn++;
                            problems.add(reader + " torn (hash): " + line);
                        } else if (metaGen != dataGen) {
                            pythonMixed++;
                            problems.add(reader + " metadata and payload of different versions under the lock: " + line);
                        } else {
                            verify(reader, entry, dataGen, Long.parseLong(p[6]), Long.parseLong(p[7]), line, acks,
                                    newest, "locked");
                        }
                    }
                    case "C" -> {
                        count(reader);
                        conflicts++;
                    }
                    case "E", "X" -> {
                        count(reader);
                        errors.add(reader + ": " + line);
                    }
                    case "done" -> done = true;
                    default -> {
                        if (!line.equals("ready")) {
                            errors.add(reader + " printed: " + line);
                        }
                    }
                }
            }
            if (!done && !reader.startsWith("reader-thread")) {
                errors.add(reader + " did not finish");
            }
        }

        private void verify(String reader, int entry, long gen, long t0, long t1, String line, Acks acks,
                            Map<String, Long> newest, String column) {
            String problem = acks.problem(entry, gen, t0, t1);
            if (problem != null) {
                stale++;
                problems.add(reader + " " + problem + ": " + line);
            }
            String key = entry + ":" + column;
            Long before = newest.get(key);
            if (before != null && gen < before) {
                backwards++;
                problems.add(reader + " went back from generation " + before + " to " + gen + ": " + line);
            }
            newest.merge(key, gen, Math::max);
        }

        private void count(String reader) {
            reads++;
            readsByReader.merge(reader, 1L, Long::sum);
        }

        String summary(Acks acks) {
            return reads + " reads of " + acks.total + " versions; torn " + torn + ", stale " + stale + ", backwards "
                    + backwards + ", Python mixed " + pythonMixed + ", JDBC rows mixed " + jdbcMixed + "/" + jdbcRows
                    + ", 40001 " + conflicts + ", errors " + errors.size() + "; by reader " + readsByReader;
        }
    }

    /** A child process whose standard output is collected line by line. */
    static final class Child {
        final String label;
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread pump;
        private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);

        private Child(String label, Process process) {
            this.label = label;
            this.process = process;
            this.pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.equals("ready")) {
                            ready.countDown();
                        } else {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    lines.add("pump failed: " + e);
                } finally {
                    ready.countDown();
                }
            }, "output of " + label);
            pump.setDaemon(true);
            pump.start();
        }

        static Child java(String label, Class<?> main, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            return new Child(label, new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        static Child python(String label, String... args) throws IOException {
            Path script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/locked_reader.py")
                    .toAbsolutePath();
            List<String> command = new ArrayList<>(List.of(Python.interpreter(), script.toString()));
            command.addAll(List.of(args));
            return new Child(label, new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        void awaitReady() throws InterruptedException {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError(label + " did not start within 60 s");
            }
        }

        void awaitEnd() throws InterruptedException {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(label + " did not finish");
            }
            pump.join(10_000);
            assertEquals(0, process.exitValue(), label + " failed; last lines: "
                    + lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        }
    }
}
