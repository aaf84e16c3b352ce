package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/python/dirdb_like.py}, which does on disk what the Python dirdb library does, with a
 * Python 3 that can {@code import filelock}. The first such interpreter of {@code /usr/bin/python3},
 * {@code python3} on the PATH wins; when there is none the tests fail and say what to install, because a
 * skipped interop test would hide exactly the incompatibility it exists to catch.
 */
public final class Python {
    private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");
    private static final Path SCRIPT =
            Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/dirdb_like.py").toAbsolutePath();
    private static String interpreter;

    private Python() {}

    /** The interpreter to use; fails the test with an installation hint when none qualifies. */
    public static synchronized String interpreter() {
        if (interpreter == null) {
            for (String candidate : CANDIDATES) {
                if (canImportFilelock(candidate)) {
                    interpreter = candidate;
                    break;
                }
            }
            if (interpreter == null) {
                fail("No Python 3 with the filelock package among " + CANDIDATES + "; the interop tests need it. "
                        + "Install it with: apt-get install -y python3-filelock (.ci/run does this).");
            }
        }
        return interpreter;
    }

    private static boolean canImportFilelock(String candidate) {
        try {
            Process process = new ProcessBuilder(candidate, "-c", "import filelock")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the helper script with these arguments; standard error is inherited for diagnosis. */
    public static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(interpreter(), SCRIPT.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs the helper script to completion (at most 60 s), feeding {@code stdin}; returns standard output. */
    public static String run(String stdin, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("python " + String.join(" ", args) + " did not finish within 60 s");
        }
        assertEquals(0, process.exitValue(), () -> "python " + String.join(" ", args) + " failed; output: "
                + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

}
