package org.dirdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Layers point one way: cli → jdbc → sql → store. The store knows no JDBC and no SQL parser, the SQL
 * layer no JDBC. Checked on the sources, so a violation fails the build where it is written.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/org/dirdb");

    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "store", List.of("java.sql.", "javax.sql.", "net.sf.jsqlparser.", "org.dirdb.sql.", "org.dirdb.jdbc.",
                    "org.dirdb.cli."),
            "sql", List.of("java.sql.", "javax.sql.", "org.dirdb.jdbc.", "org.dirdb.cli."),
            "jdbc", List.of("org.dirdb.cli.", "picocli."),
            "cli", List.of("org.dirdb.store.", "org.dirdb.sql.", "net.sf.jsqlparser."));

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (var layer : FORBIDDEN.entrySet()) {
            Path dir = MAIN.resolve(layer.getKey());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> sources = Files.walk(dir)) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    List<String> lines = Files.readAllLines(source);
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).trim();
                        for (String banned : layer.getValue()) {
                            if ((line.startsWith("import ") && line.contains(banned))
                                    || (!line.startsWith("//") && !line.startsWith("*") && line.contains(" " + banned))) {
                                violations.add(source + ":" + (i + 1) + " uses " + banned);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(files > 10, "sources found: " + files);
        assertEquals(List.of(), violations);
    }
}
