package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What DBeaver's "add driver file" and {@code java -jar} rely on in the self-contained jar: a manifest with
 * a main class and a module name, the JDBC service registration, and dependencies relocated so that they
 * cannot clash with another copy of Jackson or JSqlParser on the user's class path.
 */
class PackagingIT {

    @Test
    void manifestNamesTheCommandLineAndTheAutomaticModule() throws IOException {
        try (JarFile jar = new JarFile(AllJar.path().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("org.dirdb.cli.Main", main.getValue(Attributes.Name.MAIN_CLASS));
            assertEquals("org.dirdb.jdbc", main.getValue("Automatic-Module-Name"));
            assertNotNull(jar.getEntry("org/dirdb/cli/Main.class"), "the main class itself");
        }
    }

    @Test
    void serviceFileRegistersTheDriverClassThatIsInTheJar() throws IOException {
        try (JarFile jar = new JarFile(AllJar.path().toFile())) {
            JarEntry services = jar.getJarEntry("META-INF/services/java.sql.Driver");
            assertNotNull(services, "META-INF/services/java.sql.Driver is missing");
            List<String> drivers;
            try (var in = jar.getInputStream(services)) {
                drivers = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toList());
            }
            assertEquals(List.of("org.dirdb.jdbc.DirdbDriver"), drivers);
            assertNotNull(jar.getEntry("org/dirdb/jdbc/DirdbDriver.class"), "the registered driver class");
        }
    }

    @Test
    void jacksonJsqlparserAndPicocliLiveOnlyUnderTheShadedPackage() throws IOException {
        try (JarFile jar = new JarFile(AllJar.path().toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).collect(Collectors.toList());
            List<String> leaked = names.stream()
                    .filter(name -> name.startsWith("com/fasterxml/") || name.startsWith("net/sf/jsqlparser/")
                            || name.startsWith("picocli/"))
                    .limit(5).collect(Collectors.toList());
            assertEquals(List.of(), leaked, "unrelocated dependency classes");
            assertTrue(names.contains("org/dirdb/shaded/jackson/databind/ObjectMapper.class"), "relocated Jackson");
            assertTrue(names.stream().anyMatch(name -> name.startsWith("org/dirdb/shaded/jsqlparser/")),
                    "relocated JSqlParser");
            assertTrue(names.stream().anyMatch(name -> name.startsWith("org/dirdb/shaded/picocli/")),
                    "relocated picocli");
        }
    }

    @Test
    void noModuleDescriptorAtTheRootOrInVersionedDirectories() throws IOException {
        try (JarFile jar = new JarFile(AllJar.path().toFile())) {
            List<String> descriptors = jar.stream().map(JarEntry::getName)
                    .filter(name -> name.equals("module-info.class") || name.endsWith("/module-info.class"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), descriptors);
        }
    }
}
