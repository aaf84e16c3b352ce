package org.dirdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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

    /**
     * A real failure half way: the child JVM may write files of at most 1 MiB ({@code ulimit -f}), so writing the
     * 3 MiB payload fails with EFBIG as on a full disk. FILE is left as it was (absent, or its old bytes), and
     * no temp file stays behind.
     */
    @Test
    void aGetThatFailsHalfWayLeavesNoPartialFile() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "no /bin/bash to set a file size limit");
        byte[] payload = new byte[3 << 20];
        new Random(7).nextBytes(payload);
        Path source = Files.write(files.resolve("source.bin"), payload);
        assertEquals(0, run("put", dir.toString(), "big", source.toString()), stderr());
        Path old = Files.write(files.resolve("old.bin"), "the old bytes".getBytes(StandardCharsets.UTF_8));
        Path absent = files.resolve("absent.bin");
        for (Path target : List.of(old, absent)) {
            Set<Path> before = listing();
            Process get = limitedGet(bash, "big", target);
            String errors = new String(get.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(get.waitFor(60, TimeUnit.SECONDS), "the get did not finish");
            assertEquals(Failures.SQL_OR_IO_ERROR, get.exitValue(), errors);
            assertEquals("ERROR 58030: cannot write " + target + ": file too large\n", errors);
            assertEquals(before, listing(), "a file was left behind");
        }
        assertEquals("the old bytes", Files.readString(old));
        assertTrue(Files.notExists(absent));
        // Without the limit the same command writes the whole payload.
        assertEquals(0, run("get", dir.toString(), "big", absent.toString()), stderr());
        assertTrue(Arrays.equals(payload, Files.readAllBytes(absent)));
        assertEquals(0, run("get", dir.toString(), "big", old.toString()), stderr());
        assertTrue(Arrays.equals(payload, Files.readAllBytes(old)));
    }

    /** {@code get DIR NAME FILE} in a child JVM that may write files of at most 1 MiB. */
    private Process limitedGet(Path bash, String name, Path target) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(bash.toString(), "-c", "ulimit -f 1024 && exec \"$@\"", "get",
                java, "-Xmx128m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "get", dir.toString(), name, target.toString());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    private Set<Path> listing() throws Exception {
        try (var list = Files.list(files)) {
            return list.collect(Collectors.toSet());
        }
    }

    @Test
    void getReplacesAFileKeepingItsPermissionsAndALinkToIt() throws Exception {
        Path existing = Files.write(files.resolve("existing.bin"), new byte[] {1, 2, 3, 4, 5});
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, run("get", dir.toString(), "x", existing.toString()), stderr());
        assertTrue(Arrays.equals(new byte[] {(byte) 0xCA, (byte) 0xFE}, Files.readAllBytes(existing)));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(existing));
        // Through a symbolic link the file it points to is replaced, and the link stays a link.
        Path real = Files.write(files.resolve("real.bin"), new byte[] {9});
        Path link = Files.createSymbolicLink(files.resolve("link.bin"), real.getFileName());
        assertEquals(0, run("get", dir.toString(), "x", link.toString()), stderr());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Arrays.equals(new byte[] {(byte) 0xCA, (byte) 0xFE}, Files.readAllBytes(real)));
        try (var list = Files.list(files)) {
            assertEquals(3, list.count(), "only existing.bin, real.bin and link.bin");
        }
    }

    /**
     * Where renaming a new file over FILE would change more than its content, FILE is written in place: its
     * owner, its other hard links and a directory this user may not add files to are kept as they are.
     */
    @Test
    void getWritesInPlaceWhereARenameWouldChangeMoreThanTheContent() throws Exception {
        byte[] cafe = {(byte) 0xCA, (byte) 0xFE};
        Path linked = Files.write(files.resolve("linked.bin"), new byte[] {1});
        Path other = Files.createLink(files.resolve("other-link.bin"), linked);
        assertEquals(0, run("get", dir.toString(), "x", linked.toString()), stderr());
        assertTrue(Arrays.equals(cafe, Files.readAllBytes(other)), "the other hard link sees the new bytes");

        Path owned = Files.write(files.resolve("owned.bin"), new byte[] {1});
        var nobody = owned.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        boolean chowned;
        try {
            Files.setOwner(owned, nobody);
            chowned = true;
        } catch (IOException e) {
            chowned = false; // only root may give a file away
        }
        if (chowned) {
            assertEquals(0, run("get", dir.toString(), "x", owned.toString()), stderr());
            assertTrue(Arrays.equals(cafe, Files.readAllBytes(owned)));
            assertEquals(nobody, Files.getOwner(owned), "the owner stays");
        }

        Path inLocked = Files.write(files.resolve("in-locked-dir.bin"), new byte[] {1});
        boolean immutable = chattr("+i", files); // no file may be added to the directory, even by root
        try {
            assumeTrue(immutable || !Files.isWritable(files), "chattr +i is not available");
            assertEquals(0, run("get", dir.toString(), "x", inLocked.toString()), stderr());
            assertTrue(Arrays.equals(cafe, Files.readAllBytes(inLocked)));
        } finally {
            if (immutable) {
                chattr("-i", files);
            }
        }
        try (var left = Files.list(files)) {
            assertEquals(4, left.count(), "no temp file left");
        }
    }

    @Test
    void getIntoAReadOnlyFileSaysSoAndLeavesIt() throws Exception {
        Path readOnly = Files.write(files.resolve("read-only.bin"), new byte[] {7});
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        // Root may write any file but an immutable one (what CI runs as): chattr +i then.
        boolean immutable = Files.isWritable(readOnly) && chattr("+i", readOnly);
        try {
            assumeTrue(!Files.isWritable(readOnly), "this user may write any file, and chattr +i is not available");
            assertEquals(Failures.SQL_OR_IO_ERROR, run("get", dir.toString(), "x", readOnly.toString()));
            assertEquals("ERROR 58030: cannot write " + readOnly + ": permission denied\n", stderr());
            assertTrue(Arrays.equals(new byte[] {7}, Files.readAllBytes(readOnly)));
            try (var left = Files.list(files)) {
                assertEquals(List.of(readOnly), left.toList(), "no temp file left");
            }
        } finally {
            if (immutable) {
                chattr("-i", readOnly);
            }
        }
    }

    /** Runs {@code chattr FLAG FILE}: whether it succeeded. */
    private static boolean chattr(String flag, Path file) {
        try {
            Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
