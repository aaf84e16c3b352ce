package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as users run it: {@code java -jar} with the self-contained jar and nothing else on the
 * class path, in a child process, checking what it prints and its exit code.
 */
class CommandLineIT {
    private static final String INSERT_HELLO =
            "INSERT INTO db (name, meta, data) VALUES ('hello', '{\"epoch\": 1}', X'CAFE')";

    @TempDir
    Path dir;

    @TempDir
    Path files;

    @Test
    void insertThenSelectPrintsTheCountAndAnAlignedTableWithDataAsItsSize() throws Exception {
        Run run = cli(INSERT_HELLO,
                "INSERT INTO db (name, meta, data) VALUES ('world', NULL, X'')",
                "SELECT name, meta, data, size, format FROM db ORDER BY name");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().collect(java.util.stream.Collectors.toList());
        assertEquals("1 row(s) affected", lines.get(0));
        assertEquals("1 row(s) affected", lines.get(1));
        assertEquals("name  | meta         | data      | size | format", lines.get(2));
        assertEquals("------+--------------+-----------+------+-------", lines.get(3));
        assertEquals("hello | {\"epoch\": 1} | <2 bytes> |    2 | bytes", lines.get(4));
        assertEquals("world | NULL         | <0 bytes> |    0 | bytes", lines.get(5));
        assertEquals("(2 rows)", lines.get(6));
        assertEquals(7, lines.size(), run.stdout());
        assertTrue(Files.isRegularFile(dir.resolve("hello.pickle")), "the entry is a file in the directory");
    }

    @Test
    void csvAndJsonPrintTheSameRowsInMachineFormats() throws Exception {
        assertEquals(0, cli(INSERT_HELLO).exitCode());
        Run csv = cli("--csv", "SELECT name, meta, size FROM db");
        assertEquals(0, csv.exitCode(), csv.stderr());
        assertEquals("name,meta,size\r\nhello,\"{\"\"epoch\"\": 1}\",2\r\n", csv.stdout());

        Run json = cli("--json", "SELECT name, meta, data, size FROM db", "DELETE FROM db WHERE name = 'hello'");
        assertEquals(0, json.exitCode(), json.stderr());
        assertEquals("[{\"name\":\"hello\",\"meta\":\"{\\\"epoch\\\": 1}\",\"data\":\"<2 bytes>\",\"size\":2}]\n"
                + "{\"rowsAffected\":1}\n", json.stdout());
    }

    @Test
    void badStatementExitsWithOnePrintsTheSqlStateAndStopsThere() throws Exception {
        Run run = cli(INSERT_HELLO, INSERT_HELLO, "DELETE FROM db WHERE name = 'hello'");
        assertEquals(1, run.exitCode(), run.stdout());
        assertEquals("1 row(s) affected\n", run.stdout());
        assertTrue(run.stderr().startsWith("ERROR 23505: "), run.stderr());
        // The DELETE after the failing statement did not run.
        assertTrue(Files.isRegularFile(dir.resolve("hello.pickle")));

        Run syntax = cli("SELEKT * FROM db");
        assertEquals(1, syntax.exitCode());
        assertTrue(syntax.stderr().startsWith("ERROR 42"), syntax.stderr());
    }

    @Test
    void noArgumentsIsAUsageErrorWithExitCodeTwo() throws Exception {
        Run run = run(List.of());
        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("Usage: dirdb"), run.stderr());
        assertEquals("", run.stdout());
        assertEquals(2, cli().exitCode(), "a directory without statements");
        assertEquals(2, run(List.of("--csv", "--json", dir.toString(), "SELECT * FROM db")).exitCode());
    }

    @Test
    void putStoresAFileAndGetStreamsItBackByteForByte() throws Exception {
        byte[] content = Payloads.deterministic(11, 3 * 1024 * 1024 + 5);
        Path source = Files.write(files.resolve("source.bin"), content);

        Run put = run(List.of("put", dir.toString(), "weights", source.toString(), "--meta", "{\"epoch\": 2}"));
        assertEquals(0, put.exitCode(), put.stderr());
        assertEquals("inserted weights (" + content.length + " bytes)\n", put.stdout());

        Path copy = files.resolve("copy.bin");
        Run get = run(List.of("get", dir.toString(), "weights", copy.toString()));
        assertEquals(0, get.exitCode(), get.stderr());
        assertArrayEquals(content, Files.readAllBytes(copy));

        // A second put replaces data and metadata; without --meta the entry keeps no metadata.
        Path smaller = Files.write(files.resolve("smaller.bin"), new byte[] {1, 2, 3});
        Run replace = run(List.of("put", dir.toString(), "weights", smaller.toString()));
        assertEquals(0, replace.exitCode(), replace.stderr());
        assertEquals("replaced weights (3 bytes)\n", replace.stdout());
        Run select = cli("--csv", "SELECT name, meta, size FROM db");
        assertEquals("name,meta,size\r\nweights,,3\r\n", select.stdout());

        // get without FILE writes the raw bytes to standard output.
        Process process = start(List.of("get", dir.toString(), "weights"));
        byte[] stdout = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertArrayEquals(new byte[] {1, 2, 3}, stdout);
    }

    @Test
    void getOfAMissingEntryFailsWithNoDataAndPutOfAMissingFileIsAUsageError() throws Exception {
        Run get = run(List.of("get", dir.toString(), "nothing", files.resolve("out.bin").toString()));
        assertEquals(1, get.exitCode());
        assertTrue(get.stderr().startsWith("ERROR 02000: "), get.stderr());
        assertTrue(Files.notExists(files.resolve("out.bin")));

        Run put = run(List.of("put", dir.toString(), "x", files.resolve("missing.bin").toString()));
        assertEquals(2, put.exitCode());
        assertTrue(put.stderr().contains("missing.bin"), put.stderr());
        assertEquals("", cli("--csv", "SELECT name FROM db").stdout().replace("name\r\n", ""));
    }

    @Test
    void getIntoAMissingDirectoryNamesTheFileAndTheReasonWithTheIoState() throws Exception {
        assertEquals(0, cli(INSERT_HELLO).exitCode());
        Path target = files.resolve("nonexistent-dir").resolve("out");
        Run get = run(List.of("get", dir.toString(), "hello", target.toString()));
        assertEquals(1, get.exitCode());
        assertEquals("ERROR 58030: cannot write " + target + ": no such directory\n", get.stderr());
    }

    private Run cli(String... arguments) throws Exception {
        List<String> args = new ArrayList<>();
        int firstStatement = 0;
        while (firstStatement < arguments.length && arguments[firstStatement].startsWith("--")) {
            args.add(arguments[firstStatement++]);
        }
        args.add(dir.toString());
        args.addAll(List.of(arguments).subList(firstStatement, arguments.length));
        return run(args);
    }

    private static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", AllJar.path().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("CLASSPATH");
        return builder.start();
    }

    private static Run run(List<String> args) throws Exception {
        Process process = start(args);
        process.getOutputStream().close();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] stdout = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command line did not finish: " + args);
        return new Run(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                new String(stderr.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    /** What one run of the command line did. */
    private record Run(int exitCode, String stdout, String stderr) {}
}
