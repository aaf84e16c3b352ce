package org.dirdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side benchmark of docs/benchmarks.md: dirdb against plain-file baselines and H2, all in one
 * run, contenders interleaved within every repetition. Run it with {@code mvn -B -Pbench verify}
 * ({@code -Dbench.mode=quick} for a run under a minute). It prints every figure as a median with its
 * min–max and its ratios to the baselines, then the targets as MET or MISSED; it never fails
 * because a target is missed.
 */
public final class Bench {
    private static final Instant START = Instant.now();

    private Bench() {}

    static void log(String message) {
        Duration d = Duration.between(START, Instant.now());
        System.out.printf(Locale.ROOT, "[%3d:%02d] %s%n", d.toMinutes(), d.toSecondsPart(), message);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        Config cfg = Config.fromSystemProperties();
        Files.createDirectories(cfg.dir());
        String machine = Machine.describe(cfg.dir());
        log("dirdb benchmark: " + cfg.describe());
        System.out.println(machine);

        Results results = new Results();
        Targets targets = new Targets(results);
        boolean warmUp = !cfg.mode().equals("smoke");
        if (cfg.runs("w1") || cfg.runs("w2")) {
            if (warmUp) {
                log("W1/W2 warm-up (smoke sizes, " + cfg.warmUp().reps() + " round(s), not recorded)");
                new BigPayloads(cfg.warmUp(), new Results()).run();
            }
            BigPayloads w1 = new BigPayloads(cfg, results);
            w1.run();
            for (String t : List.of(w1.many, w1.one)) {
                String size = t.substring("W1 write ".length());
                targets.ratio("W1 " + size + " dirdb sync=true ÷ raw durable", t, BigPayloads.DIRDB_SYNC,
                        BigPayloads.RAW_DURABLE, 1.0);
                targets.ratio("W1 " + size + " dirdb sync=true ÷ H2", t, BigPayloads.DIRDB_SYNC, BigPayloads.H2, 3.0);
                targets.ratio("W1 " + size + " dirdb sync=true ÷ raw O_DIRECT durable (goal)", t,
                        BigPayloads.DIRDB_SYNC, BigPayloads.RAW_DIRECT, 0.8);
                targets.ratio("W1 " + size + " dirdb sync=false ÷ raw no-sync", t, BigPayloads.DIRDB_NOSYNC,
                        BigPayloads.RAW_NOSYNC, 0.9);
            }
            targets.ratio("W2 hot dirdb ÷ raw", w1.hot, BigPayloads.DIRDB_READ, BigPayloads.RAW_READ, 0.9);
            targets.ratio("W2 hot dirdb ÷ H2", w1.hot, BigPayloads.DIRDB_READ, BigPayloads.H2, 5.0);
            targets.ratio("W2 cold dirdb ÷ raw", w1.cold, BigPayloads.DIRDB_READ, BigPayloads.RAW_READ, 0.9);
        }
        if (cfg.runs("w3") || cfg.runs("w4")) {
            if (warmUp) {
                log("W3/W4 warm-up (" + cfg.warmUp().reps() + " round(s) over " + cfg.warmUp().smallCount() + " entries, "
                        + cfg.warmUp().lookups() + " lookups each; not recorded)");
                Results scratch = new Results();
                new ManySmall(cfg.warmUp(), scratch, new Report(cfg.warmUp(), scratch)).run();
            }
            Report report = new Report(cfg, results);
            ManySmall w3 = new ManySmall(cfg, results, report);
            w3.run();
            targets.ratio("W3 durable insert dirdb ÷ raw durable", w3.insert, ManySmall.DIRDB_SYNC, ManySmall.RAW_DURABLE, 0.9);
            targets.ratio("W3 durable update dirdb ÷ raw durable", w3.update, ManySmall.DIRDB_SYNC, ManySmall.RAW_DURABLE, 0.9);
            targets.ratio("W3 durable update in batches dirdb ÷ raw, same fsyncs (context)", w3.updateBatched,
                    ManySmall.DIRDB_SYNC, ManySmall.RAW_DURABLE_BATCH, 0.9);
            targets.ratio("W3 point lookups dirdb ÷ raw", w3.lookup, ManySmall.DIRDB, ManySmall.RAW_READ, 0.8);
            targets.ratio("W3 point lookups dirdb ÷ H2", w3.lookup, ManySmall.DIRDB, ManySmall.H2, 3.0);
            targets.ratio("W3 first listing dirdb ÷ raw", w3.listFirst, ManySmall.DIRDB, ManySmall.RAW_LIST, 0.9);
            targets.ratio("W3 repeated listing dirdb ÷ H2 (repeated)", w3.listAgain, ManySmall.DIRDB, ManySmall.H2, 2.0);
            targets.ratio("W4 GROUP BY report dirdb ÷ Jackson loop", report.group, Report.DIRDB, Report.JACKSON, 0.8);
            targets.ratio("W4 JSON filter dirdb ÷ Jackson loop", report.filter, Report.DIRDB, Report.JACKSON, 0.8);
        }
        if (cfg.runs("w5")) {
            Startup w5 = new Startup(cfg, results);
            w5.run();
            targets.ratio("W5 start-up to first row dirdb ÷ H2 (time)", w5.title, Startup.DIRDB, Startup.H2, 1.2);
        }
        if (cfg.runs("scale")) {
            new Scale(cfg, results).run();
            int[] n = cfg.scaleCounts();
            String first = Scale.title(n[0]);
            String last = Scale.title(n[n.length - 1]);
            targets.ratio(String.format(Locale.ROOT, "Scale: dirdb cost per entry at %,d ÷ at %,d (flat; time)",
                    n[n.length - 1], n[0]), last, Scale.DIRDB_FIRST, first, Scale.DIRDB_FIRST, 1.5);
            targets.ratio(String.format(Locale.ROOT, "Scale: raw cost per entry at %,d ÷ at %,d (context)",
                    n[n.length - 1], n[0]), last, Scale.RAW, first, Scale.RAW, 1.5);
        }
        if (cfg.runs("memory")) {
            Memory memory = new Memory(cfg, results);
            memory.run();
            targets.ratio("Memory: peak RSS during W1/W2 dirdb ÷ raw (size)", memory.rssW1, Memory.DIRDB, Memory.RAW, 1.5);
            boolean ok = results.median(memory.rssSmallHeap, Memory.DIRDB) != null;
            targets.check(String.format(Locale.ROOT, "Memory: %,d MiB payload in and out at -Xmx64m (dirdb)",
                    cfg.memorySize() >> 20), ok, ok ? "completed" : "failed");
        }
        Dirs.delete(cfg.dir());

        String report = "## Results\n\n" + cfg.describe() + "\n" + results.render() + "\n## Targets\n" + targets.render();
        System.out.println();
        System.out.println(report);
        String file = System.getProperty("bench.report");
        if (file != null && !file.isBlank()) {
            write(Path.of(file), "## Machine\n\n" + machine + "\n\n" + report);
            log("report written to " + file);
        }
        log("done");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }
}
