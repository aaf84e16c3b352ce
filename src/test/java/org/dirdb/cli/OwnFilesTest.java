package org.dirdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of the command's own (get's output, put's input) that cannot be written or read is one line,
 * {@code ERROR 58030: cannot write FILE: reason}, and exit code 1, as the README promises for I/O errors.
 */
class OwnFilesTest {
    @TempDir
    Path dir;

    @TempDir
    Path files;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void entry() {
        assertEquals(0, run(dir.toString(), "INSERT INTO db (name, data) VALUES ('x', X'CAFE')"), stderr());
    }

    @Test
    void getIntoAMissingDirectoryNamesTheFileAndSaysWhy() {
        Path target = files.resolve("nonexistent-dir").resolve("out");
        assertEquals(Failures.SQL_OR_IO_ERROR, run("get", dir.toString(), "x", target.toString()));
        assertEquals("ERROR 58030: cannot write " + target + ": no such directory\n", stderr());
    }

    @Test
    void getIntoADirectorySaysItIsOne() {
        assertEquals(Failures.SQL_OR_IO_ERROR, run("get", dir.toString(), "x", files.toString()));
        assertEquals("ERROR 58030: cannot write " + files + ": is a directory\n", stderr());
    }

    @Test
    void aWriteThatFailsNamesTheFileAndTheReason() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "/dev/full is not available");
        assertEquals(Failures.SQL_OR_IO_ERROR, run("get", dir.toString(), "x", full.toString()));
        assertEquals("ERROR 58030: cannot write /dev/full: no space left on device\n", stderr());
    }

    @Test
    void putOfAnUnreadableFileNamesTheFile() throws Exception {
        Path source = Files.write(files.resolve("secret.bin"), new byte[] {1});
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(source)) {
            // Root reads any file's bytes, but the kernel refuses it this write-only regular file.
            source = Path.of("/proc/sys/vm/drop_caches");
        }
        assumeTrue(Files.isRegularFile(source) && !Files.isReadable(source), "no unreadable file for this user");
        assertEquals(Failures.SQL_OR_IO_ERROR, run("put", dir.toString(), "y", source.toString()));
        assertEquals("ERROR 58030: cannot read " + source + ": permission denied\n", stderr());
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
