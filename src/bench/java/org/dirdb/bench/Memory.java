package org.dirdb.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Memory: child JVMs that write and read back (1) the W1 set with the JVM's default heap, comparing peak
 * RSS against the raw baseline, and (2) one big payload at {@code -Xmx64m}, which must simply work.
 * Contenders alternate within each repetition.
 */
final class Memory {
    static final String RAW = "raw durable + FileChannel";
    static final String DIRDB = "dirdb sync=true";
    static final String H2 = "H2";
    private static final long TIMEOUT_S = 600;

    private final Config cfg;
    private final Results results;
    final String rssW1;
    final String rssSmallHeap;

    Memory(Config cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
        rssW1 = "Memory: peak RSS of a JVM writing then reading the W1 set (default heap)";
        rssSmallHeap = String.format(Locale.ROOT, "Memory: peak RSS, one %,d MiB payload in and out at -Xmx64m",
                cfg.memorySize() >> 20);
        results.table(rssW1, Unit.MIB, RAW, H2);
        results.table(rssSmallHeap, Unit.MIB, RAW);
    }

    void run() throws Exception {
        List<String> w1 = new ArrayList<>();
        for (int i = 0; i < cfg.bigCount(); i++) {
            w1.add(Long.toString(cfg.bigSize()));
        }
        w1.add(Long.toString(cfg.hugeSize()));
        for (int rep = 0; rep < cfg.memoryReps(); rep++) {
            Bench.log("Memory repetition " + (rep + 1) + "/" + cfg.memoryReps());
            for (String[] s : new String[][] {{"raw", RAW}, {"dirdb", DIRDB}, {"h2", H2}}) {
                child(rssW1, s[0], s[1], List.of(), w1);
            }
        }
        // The big payload at a 64 MiB heap is a yes/no question; it runs once per contender.
        for (String[] s : new String[][] {{"raw", RAW}, {"dirdb", DIRDB}, {"h2", H2}}) {
            child(rssSmallHeap, s[0], s[1], List.of("-Xmx64m"), List.of(Long.toString(cfg.memorySize())));
        }
    }

    private void child(String table, String system, String label, List<String> jvm, List<String> sizes) throws Exception {
        Path dir = Dirs.fresh(cfg.dir(), "mem-" + system);
        List<String> cmd = Startup.javaCommand(jvm.toArray(String[]::new));
        cmd.add(MemoryChild.class.getName());
        cmd.add(system);
        cmd.add(dir.toString());
        cmd.addAll(sizes);
        Libc.syncAll();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }
            } catch (java.io.IOException ignored) {
                // The child is gone; what was read is what there is.
            }
        });
        reader.start();
        boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        reader.join();
        Dirs.delete(dir);
        String result = lines.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
        String jvmText = jvm.isEmpty() ? "default heap" : String.join(" ", jvm);
        if (result == null) {
            String why = !done ? "timed out after " + TIMEOUT_S + " s"
                    : lines.stream().filter(l -> l.contains("Error") || l.contains("Exception")).findFirst()
                            .orElse(lines.isEmpty() ? "exit " + p.exitValue() : lines.get(lines.size() - 1));
            results.note(table, label + " (" + jvmText + "): FAILED: " + why.trim());
            return;
        }
        String[] f = result.split(" ");
        results.add(table, label, Long.parseLong(f[3]) / 1024.0);
        if (!jvm.isEmpty()) {
            results.note(table, String.format(Locale.ROOT, "%s (%s): completed; write %s MiB/s, read %s MiB/s.",
                    label, jvmText, f[1], f[2]));
        }
    }
}
