package org.dirdb.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures a reliability suite measured (kills survived, cycles, faults injected...), recorded under
 * {@code target/reliability/} so that {@link ReliabilityReport} can write the report
 * when the test run ends. Each suite records one ordered map of name → value, and a sentence saying
 * what it proved.
 */
public final class Figures {
    static final Path DIR = Path.of("target", "reliability");

    private Figures() {}

    /**
     * Records a suite's figures.
     *
     * @param order   where the suite appears in the report (1..7, the numbering)
     * @param suite   the suite's title
     * @param summary one or two sentences: what was checked and what held
     * @param figures name → value, in display order
     */
    public static void record(int order, String suite, String summary, Map<String, ?> figures) {
        StringBuilder out = new StringBuilder();
        out.append("order=").append(order).append('\n');
        out.append("suite=").append(oneLine(suite)).append('\n');
        out.append("summary=").append(oneLine(summary)).append('\n');
        out.append("recorded=").append(Instant.now()).append('\n');
        for (Map.Entry<String, ?> e : figures.entrySet()) {
            out.append("figure.").append(escapeKey(oneLine(e.getKey()))).append('=')
                    .append(oneLine(String.valueOf(e.getValue())))
                    .append('\n');
        }
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(String.format("%02d", order) + "-" + slug(suite) + ".txt"), out,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh ordered map for {@link #record}. */
    public static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }

    /** A figure's name may hold {@code =} ("UPDATE meta = NULL"); the first {@code =} of a line ends the name. */
    static String escapeKey(String key) {
        return key.replace("%", "%25").replace("=", "%3D");
    }

    static String unescapeKey(String key) {
        return key.replace("%3D", "=").replace("%25", "%");
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String slug(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
