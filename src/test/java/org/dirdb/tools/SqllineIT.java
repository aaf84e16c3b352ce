package org.dirdb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlline, the command-line SQL client, in a child JVM whose class path is sqlline, its jline jars and the
 * self-contained {@code -all} jar, nothing of the build: a user's setup. It connects, lists tables and
 * columns, describes {@code db}, inserts and selects; the output and the exit code are checked.
 */
class SqllineIT {
    @TempDir
    Path dir;

    @TempDir
    Path work;

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path allJar() {
        String configured = System.getProperty("dirdb.allJar");
        Path jar = configured != null ? Path.of(configured)
                : Path.of("target", "dirdb-jdbc-0.1.0-SNAPSHOT-all.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: integration tests run after 'mvn package'");
        return jar;
    }

    @Test
    void connectListDescribeInsertAndSelect() throws Exception {
        Path script = work.resolve("session.sql");
        Files.writeString(script, String.join("\n",
                "!connect jdbc:dirdb:" + dir + " \"\" \"\"",
                "INSERT INTO db (name, meta, data) VALUES ('hello', '{\"a\": 1}', X'CAFE');",
                "!tables",
                "!columns db",
                "!describe db",
                "SELECT name, meta, size, format FROM db;",
                "!quit", ""));
        List<String> classPath = new ArrayList<>();
        classPath.add(jarOf(sqlline.SqlLine.class).toString());
        for (Class<?> jline : List.of(org.jline.reader.LineReader.class, org.jline.terminal.Terminal.class,
                org.jline.builtins.Completers.class, org.jline.style.StyleResolver.class,
                org.jline.console.CommandRegistry.class)) {
            classPath.add(jarOf(jline).toString());
        }
        classPath.add(allJar().toAbsolutePath().toString());
        for (String entry : classPath) {
            assertTrue(!entry.contains("test-classes") && !entry.endsWith("classes"), entry);
        }
        Path out = work.resolve("out.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", String.join(File.pathSeparator, classPath), "sqlline.SqlLine", "--maxWidth=200",
                "--run=" + script)
                .redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "sqlline did not finish");
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);

        assertTrue(output.contains("1 row affected"), output);
        assertTrue(Pattern.compile("\\| *db *\\| *TABLE *\\|").matcher(output).find(), "!tables lists db:\n" + output);
        for (String column : List.of("name", "meta", "data", "size", "modified", "format")) {
            assertTrue(Pattern.compile("\\| *db *\\| *" + column + " *\\|").matcher(output).find(),
                    "!columns and !describe list " + column + ":\n" + output);
        }
        assertTrue(Pattern.compile("\\| *meta *\\| *12 *\\| *JSON *\\|").matcher(output).find(), output);
        assertTrue(Pattern.compile("\\| *hello *\\| *\\{\"a\": 1\\} *\\| *2 *\\| *bytes *\\|").matcher(output).find(),
                "the SELECT shows the inserted row:\n" + output);
        assertTrue(output.contains("1 row selected"), output);
        assertTrue(!output.contains("Error:"), output);
        assertTrue(Files.isRegularFile(dir.resolve("hello.pickle")), "the INSERT wrote the entry");
    }
}
