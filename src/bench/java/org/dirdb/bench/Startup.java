package org.dirdb.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * W5: a fresh JVM from process start to the first row of {@code SELECT name FROM db}, timed by this
 * process from {@code ProcessBuilder.start()} to the child's first line, dirdb and H2 alternating, on
 * the same data set and with the same class path (which holds both drivers).
 */
final class Startup {
    static final String DIRDB = "dirdb";
    static final String H2 = "H2";

    private final Config cfg;
    private final Results results;
    final String title;

    Startup(Config cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
        title = String.format(java.util.Locale.ROOT, "W5 fresh JVM to first row of SELECT name FROM db (%,d entries)",
                cfg.smallCount());
        results.table(title, Unit.MS, H2);
    }

    void run() throws Exception {
        Bench.log("W5: start-up, " + cfg.startupReps() + " repetitions");
        Path dirdb = Dirs.fresh(cfg.dir(), "w5-dirdb");
        Path h2 = Dirs.fresh(cfg.dir(), "w5-h2");
        SmallEntries.build(dirdb, h2, cfg.smallCount(), cfg.smallPayload());
        // One untimed start each warms the page cache (JDK, jars, data), as on a machine in use.
        firstRow(Sql.dirdbUrl(dirdb, true));
        firstRow(Sql.h2Url(h2));
        for (int rep = 0; rep < cfg.startupReps(); rep++) {
            results.add(title, DIRDB, firstRow(Sql.dirdbUrl(dirdb, true)));
            results.add(title, H2, firstRow(Sql.h2Url(h2)));
        }
        Dirs.delete(dirdb);
        Dirs.delete(h2);
    }

    static List<String> javaCommand(String... jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    private static double firstRow(String url) throws Exception {
        List<String> cmd = javaCommand();
        cmd.add(FirstRow.class.getName());
        cmd.add(url);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        Timer t = Timer.start();
        Process p = pb.start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        double ms = t.millis();
        if (p.waitFor() != 0 || line == null || !line.startsWith("FIRST ")) {
            throw new IllegalStateException("start-up child failed for " + url + ": " + line);
        }
        return ms;
    }
}
