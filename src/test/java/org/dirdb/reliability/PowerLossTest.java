package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dirdb.e2e.Lines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power loss on real file systems: the writer of the kill test runs on a loop-mounted xfs or ext4
 * image, is killed at a random moment, and the file system is then shut down without flushing its log,
 * unmounted and mounted again, which loses whatever was not durable as a power cut would. After every
 * cycle the directory must be exactly the acknowledged state or the in-flight statement's, with every
 * entry whole. The same cycles without fsync ({@code sync=false}) and without the directory fsync must
 * fail the checker, which shows it can see the losses the protocol prevents.
 *
 * <p>{@code -Ddirdb.powerCycles=N} runs longer. Where loop mounts are impossible, the tests report
 * themselves skipped with the reason.
 */
class PowerLossTest {
    private static final int CYCLES = Integer.getInteger("dirdb.powerCycles", 50);
    /**
     * A control stops at the first cycle the checker rejects, so this is only an upper bound. Without the
     * directory fsync, ext4 often persists a rename anyway (the next file's fsync commits the whole
     * journal transaction), and a loss shows only when the cut lands in the idle time after the last
     * rename: seen caught at cycles 2 to 24, and once not within 40.
     */
    private static final int CONTROL_CYCLES = 150;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final Map<String, Object> FIGURES = Figures.map();

    @TempDir
    Path scratch;

    @AfterAll
    static void record() {
        if (FIGURES.isEmpty()) {
            return;
        }
        Figures.record(2, "Power loss",
                "The kill test's writer runs on a loop-mounted xfs or ext4 image; after it is killed, the file "
                        + "system is shut down without flushing its log and remounted, losing whatever was not "
                        + "durable. Every cycle leaves exactly an acknowledged or in-flight state of whole entries. "
                        + "Controls without fsync and without the directory fsync are caught by the same checker.",
                FIGURES);
    }

    private LoopFileSystem mountOrSkip(String type) throws Exception {
        String why = LoopFileSystem.unavailableBecause(type, scratch);
        if (why != null) {
            FIGURES.put(type + ": skipped", why);
            System.err.println("PowerLossTest skipped on " + type + ": " + why);
        }
        Assumptions.assumeTrue(why == null, "power-loss test skipped: " + why);
        return LoopFileSystem.create(type, scratch);
    }

    /**
     * Runs power-loss cycles. The durable writer ({@code jdbc}) must pass every one; a control returns the
     * number of the first cycle the checker rejected, or 0 when it was never caught.
     */
    private static int cycles(LoopFileSystem fs, String mode, int cycles, long seed) throws Exception {
        Path db = fs.mount.resolve("db");
        DirectoryChecker checker = new DirectoryChecker(db);
        Random random = new Random(seed);
        Deque<String> trail = new ArrayDeque<>();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Process writer = KillNineTest.start(MixedWriter.class, db, checker.nextGen(), random.nextLong(), mode);
            Lines lines = new Lines(writer.getInputStream(), mode + " writer");
            boolean duringStartup = KillNineTest.killAtRandom(writer, lines, random);
            String inFlight = checker.absorb(lines.all());
            fs.powerLoss();
            trail.addLast("cycle " + cycle + (duringStartup ? " (killed during start-up)" : "") + ": writer said "
                    + lines.all() + "; after the power cut, before recovery, the directory held " + listing(db));
            while (trail.size() > 3) {
                trail.removeFirst();
            }
            List<String> problems = checker.check(inFlight);
            if (!problems.isEmpty()) {
                if (mode.equals("jdbc")) {
                    fail(fs + ", cycle " + cycle + ": " + problems + "\nThe last cycles:\n" + String.join("\n", trail));
                }
                FIGURES.put(fs.toString().split(" ")[0] + ", " + mode + ": caught at cycle", cycle + ": " + problems.get(0));
                return cycle;
            }
        }
        return 0;
    }

    /** Every file of the directory with its inode and size, and the text of each symbolic link. */
    static String listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "(no directory)";
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                out.add(f.getFileName() + (a.isSymbolicLink() ? " -> " + Files.readSymbolicLink(f)
                        : " [" + a.fileKey() + ", " + a.size() + " B]"));
            }
        }
        return out.toString();
    }

    @Test
    void theFullProtocolLosesNoAcknowledgedWriteOnExt4() throws Exception {
        fullProtocol("ext4");
    }

    @Test
    void theFullProtocolLosesNoAcknowledgedWriteOnXfs() throws Exception {
        fullProtocol("xfs");
    }

    private void fullProtocol(String type) throws Exception {
        long t0 = System.nanoTime();
        try (LoopFileSystem fs = mountOrSkip(type)) {
            cycles(fs, "jdbc", CYCLES, 0xF00DL);
        }
        FIGURES.put(type + ": power-loss cycles, violations", CYCLES + ", 0");
        FIGURES.put(type + ": wall time", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) + " s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xfs", "ext4"})
    void withoutFsyncTheCheckerSeesLostWrites(String type) throws Exception {
        try (LoopFileSystem fs = mountOrSkip(type)) {
            int caughtAt = cycles(fs, "jdbc-nosync", CONTROL_CYCLES, 0xBEEFL);
            assertTrue(caughtAt > 0, "sync=false lost nothing in " + CONTROL_CYCLES + " power cuts on " + type);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"xfs", "ext4"})
    void withoutTheDirectoryFsyncTheCheckerSeesLostRenames(String type) throws Exception {
        try (LoopFileSystem fs = mountOrSkip(type)) {
            int caughtAt = cycles(fs, "no-dir-fsync", CONTROL_CYCLES, 0xCAFEL);
            assertTrue(caughtAt > 0, "without the directory fsync nothing was lost in " + CONTROL_CYCLES
                    + " power cuts on " + type);
        }
    }
}
