package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The self-contained {@code -all} jar that {@code mvn package} builds; failsafe passes its path. */
final class AllJar {
    private AllJar() {}

    static Path path() {
        String configured = System.getProperty("dirdb.allJar");
        Path jar = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("basedir", "."), "target", "dirdb-jdbc-0.1.0-SNAPSHOT-all.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: integration tests run after 'mvn package'");
        return jar;
    }
}
