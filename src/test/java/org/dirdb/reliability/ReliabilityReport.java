package org.dirdb.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the reliability report from the figures the reliability suites recorded in this build
 * ({@link Figures}), when a test run ends. Registered through {@code META-INF/services}, so every
 * {@code mvn test}/{@code verify} that runs the suites writes {@code target/reliability.md}; the committed
 * {@code docs/reliability.md} is rewritten only when asked ({@code -Dreliability.doc=update}), so that a test
 * run leaves the working tree as it found it.
 */
public final class ReliabilityReport implements TestExecutionListener {
    static final Path DOC = Path.of("docs", "reliability.md");
    static final Path REPORT = Path.of("target", "reliability.md");
    /** The system property that asks for {@link #DOC} to be rewritten too, and its value. */
    static final String UPDATE_PROPERTY = "reliability.doc";

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!Files.isDirectory(Figures.DIR) || !Files.isDirectory(REPORT.getParent())) {
            return;
        }
        List<Path> suites;
        try (Stream<Path> files = Files.list(Figures.DIR)) {
            suites = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (suites.isEmpty()) {
            return;
        }
        StringBuilder doc = new StringBuilder();
        doc.append("# Reliability: what the test suite proves\n\n");
        doc.append("Written by the test suite (`").append(ReliabilityReport.class.getSimpleName())
                .append("`) from the figures each reliability test recorded in its last run; do not edit by hand.\n")
                .append("Rewritten by `mvn -B verify -D").append(UPDATE_PROPERTY).append("=update`; a plain test run")
                .append(" writes `").append(REPORT).append("` only.\n");
        doc.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name"))
                .append(' ').append(System.getProperty("os.version")).append(".\n");
        for (Path suite : suites) {
            render(suite, doc);
        }
        try {
            Files.writeString(REPORT, doc, StandardCharsets.UTF_8);
            if ("update".equals(System.getProperty(UPDATE_PROPERTY)) && Files.isDirectory(DOC.getParent())) {
                Files.writeString(DOC, doc, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void render(Path file, StringBuilder doc) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String suite = "";
        String summary = "";
        String recorded = "";
        List<String[]> figures = new ArrayList<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (key) {
                case "suite" -> suite = value;
                case "summary" -> summary = value;
                case "recorded" -> recorded = value;
                default -> {
                    if (key.startsWith("figure.")) {
                        figures.add(new String[] {Figures.unescapeKey(key.substring("figure.".length())), value});
                    }
                }
            }
        }
        doc.append("\n## ").append(suite).append("\n\n").append(summary).append("\n\n");
        doc.append("| figure | value |\n|---|---|\n");
        for (String[] f : figures) {
            doc.append("| ").append(f[0].replace("|", "\\|")).append(" | ").append(f[1].replace("|", "\\|"))
                    .append(" |\n");
        }
        doc.append("\nRecorded ").append(recorded).append(".\n");
    }
}
