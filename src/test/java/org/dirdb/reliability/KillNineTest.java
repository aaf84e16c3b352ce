package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dirdb.e2e.Lines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9: a writer JVM runs a random mix of INSERT, UPDATE of metadata, UPDATE of data and metadata,
 * rename and DELETE through the driver, and is SIGKILLed at random moments (some while it starts and
 * recovers). After every kill, read through a fresh connection (which recovers) and straight from the
 * files, every entry is whole and the directory is exactly the acknowledged state or the one the
 * statement in flight would give; no store file is listed as an entry, by the driver or Python-style;
 * no store file is left once the directory was reopened. The same checker rejects a writer that writes
 * in place.
 *
 * <p>{@code -Ddirdb.kills=N} runs longer (soak); the default is what CI runs.
 */
class KillNineTest {
    private static final int KILLS = Integer.getInteger("dirdb.kills", 150);
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, Object> FIGURES = Figures.map();

    @TempDir
    Path dir;

    @AfterAll
    static void record() {
        Figures.record(1, "kill -9",
                "A writer JVM running a random mix of INSERT, UPDATE of meta, UPDATE of data and meta, rename and "
                        + "DELETE through the driver is SIGKILLed at random moments. After every kill each entry is "
                        + "whole (its data hashes to what its metadata says) and the directory is exactly the "
                        + "acknowledged state or the in-flight statement's; no store file shows as an entry; "
                        + "reopening leaves no store file. A writer that writes in place fails the same checker.",
                FIGURES);
    }

    static Process start(Class<?> main, Path dir, long gen, long seed, String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName(),
                dir.toString(), Long.toString(gen), Long.toString(seed)));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Kills a child at a random moment: sometimes while it starts and recovers, mostly while it writes. */
    static boolean killAtRandom(Process child, Lines lines, Random random) throws Exception {
        boolean duringStartup = random.nextInt(5) == 0;
        try {
            if (duringStartup) {
                Thread.sleep(random.nextInt(250));
            } else {
                lines.expect("ready", CHILD_TIMEOUT);
                Thread.sleep(20 + random.nextInt(280));
            }
        } finally {
            // Through the handle: Process.destroyForcibly() would also close our end of the child's
            // output, dropping lines still in the pipe, so statements acknowledged just before the kill
            // would be missing from the model and the checker would blame the store for them.
            child.toHandle().destroyForcibly();
        }
        assertTrue(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "killed writer did not exit");
        assertEquals(128 + 9, child.exitValue(), "the writer must die of SIGKILL, not of an error: " + lines.all());
        lines.awaitEnd(CHILD_TIMEOUT);
        return duringStartup;
    }

    @Test
    void everyKillLeavesAnAcknowledgedOrInFlightStateOfWholeEntries() throws Exception {
        DirectoryChecker checker = new DirectoryChecker(dir);
        Random random = new Random(0x5EEDL);
        long started = System.nanoTime();
        int kills = 0;
        int duringStartup = 0;
        int statements = 0;
        while (kills < KILLS) {
            Process child = start(MixedWriter.class, dir, checker.nextGen(), random.nextLong());
            Lines lines = new Lines(child.getInputStream(), "mixed writer");
            if (killAtRandom(child, lines, random)) {
                duringStartup++;
            }
            kills++;
            statements += (int) lines.all().stream().filter("ack"::equals).count();
            List<String> problems = checker.check(checker.absorb(lines.all()));
            if (!problems.isEmpty()) {
                fail("after kill " + kills + ": " + problems);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        FIGURES.put("kills survived", kills);
        FIGURES.put("kills during start-up and recovery", duringStartup);
        FIGURES.put("statements acknowledged", statements);
        FIGURES.put("in-flight statements found committed", checker.inFlightCommitted());
        FIGURES.put("entries at the end", checker.entries());
        FIGURES.put("wall time", seconds + " s");
        assertTrue(statements > kills, "the kills hit nothing: " + statements + " statements in " + kills + " kills");
        assertTrue(duringStartup > 0);
    }

    @Test
    void aWriterThatWritesInPlaceFailsTheSameChecker() throws Exception {
        DirectoryChecker checker = new DirectoryChecker(dir);
        long nextGen = 1;
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
            for (int i = 0; i < 4; i++) {
                String name = KillModel.NAMES.get(i);
                try (var insert = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
                    insert.setString(1, name);
                    insert.setString(2, KillModel.meta(nextGen, nextGen));
                    insert.setBytes(3, KillModel.data(nextGen));
                    insert.executeUpdate();
                }
                checker.seed(name, nextGen);
                nextGen++;
            }
        }
        Random random = new Random(0xBADL);
        int kills = 0;
        int caught = 0;
        while (kills < 30 && caught == 0) {
            Process child = start(InPlaceWriter.class, dir, checker.nextGen(), random.nextLong());
            Lines lines = new Lines(child.getInputStream(), "in-place writer");
            killAtRandom(child, lines, random);
            kills++;
            if (!checker.check(checker.absorb(lines.all())).isEmpty()) {
                caught++; // the checker sees what writing in place does: proven, and the entries are torn now
            }
        }
        FIGURES.put("in-place control: kills, of which the checker rejected the directory", kills + ", " + caught);
        assertTrue(caught > 0, "the checker found nothing wrong in " + kills + " kills of an in-place writer");
    }
}
