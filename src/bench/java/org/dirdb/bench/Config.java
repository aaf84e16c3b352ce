package org.dirdb.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sizes of every workload. Three presets ({@code full}, {@code quick}, {@code smoke}); any field can be
 * overridden with {@code -Dbench.extra=key=value,key=value} (for example {@code reps=5,smallCount=2000}).
 */
record Config(
        String mode,
        Path dir,
        Set<String> only,
        int reps,
        int bigCount,
        long bigSize,
        long hugeSize,
        int smallCount,
        int smallTimed,
        int smallPayload,
        int lookups,
        int[] scaleCounts,
        int startupReps,
        long memorySize,
        int memoryReps) {

    static Config fromSystemProperties() {
        return of(System.getProperty("bench.mode", "quick").toLowerCase(Locale.ROOT),
                Path.of(System.getProperty("bench.dir", "target/bench-data")).toAbsolutePath(),
                Set.of(System.getProperty("bench.only", "all").toLowerCase(Locale.ROOT).split(",")),
                System.getProperty("bench.extra", ""));
    }

    /**
     * The warm-up rounds, in the same directory, run before W1 and before W3 with every contender. A full run
     * repeats them three times and gives W3's rounds reads at more than smoke size: each round fills 1,000
     * entries (20 of them written durably, as at smoke size), then times 20,000 point lookups and two listings.
     * Run with {@code -XX:+PrintCompilation}, every contender's lookup methods are then compiled by the
     * optimizing JIT (C2) before the first measured repetition (with 5,000 lookups a round, H2's statement and
     * the raw loop's read were not: the JIT raises its thresholds while its queue is long). The listing loops
     * are not: the SQL one (dirdb and H2) reaches C2 in the second repetition, the raw one only the profiling
     * tier. With one round at smoke sizes (20 lookups, 100 rows) the timed reads of the first repetitions ran
     * interpreted and profiling code, while the JIT's compiler threads took one of two cores from the loop
     * they were compiling. W1's rounds stay at smoke sizes. A quick run keeps one smoke round: it checks that
     * the workloads run, and its figures are not for comparing.
     */
    Config warmUp() {
        return of("smoke", dir, only, mode.equals("full") ? "reps=3,smallCount=1000,lookups=20000" : "");
    }

    static Config of(String mode, Path dir, Set<String> only, String extra) {
        Map<String, String> v = new HashMap<>(preset(mode));
        for (String pair : extra.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0 || !v.containsKey(pair.substring(0, eq).trim())) {
                throw new IllegalArgumentException("bench.extra: unknown or malformed '" + pair + "'; keys: " + v.keySet());
            }
            v.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new Config(
                mode,
                dir,
                only,
                Integer.parseInt(v.get("reps")),
                Integer.parseInt(v.get("bigCount")),
                mib(v.get("bigMiB")),
                mib(v.get("hugeMiB")),
                Integer.parseInt(v.get("smallCount")),
                Integer.parseInt(v.get("smallTimed")),
                Integer.parseInt(v.get("smallPayload")),
                Integer.parseInt(v.get("lookups")),
                parseInts(v.get("scale")),
                Integer.parseInt(v.get("startupReps")),
                mib(v.get("memoryMiB")),
                Integer.parseInt(v.get("memoryReps")));
    }

    private static Map<String, String> preset(String mode) {
        return switch (mode) {
            case "full" -> Map.ofEntries(
                    Map.entry("reps", "3"), Map.entry("bigCount", "8"), Map.entry("bigMiB", "64"),
                    Map.entry("hugeMiB", "1024"), Map.entry("smallCount", "10000"),
                    Map.entry("smallTimed", "1000"), Map.entry("smallPayload", "4096"),
                    Map.entry("lookups", "1000"), Map.entry("scale", "1000/10000/100000"),
                    Map.entry("startupReps", "5"), Map.entry("memoryMiB", "4096"), Map.entry("memoryReps", "3"));
            case "quick" -> Map.ofEntries(
                    Map.entry("reps", "3"), Map.entry("bigCount", "4"), Map.entry("bigMiB", "8"),
                    Map.entry("hugeMiB", "32"), Map.entry("smallCount", "300"),
                    Map.entry("smallTimed", "50"), Map.entry("smallPayload", "4096"),
                    Map.entry("lookups", "100"), Map.entry("scale", "250/1000"),
                    Map.entry("startupReps", "3"), Map.entry("memoryMiB", "64"), Map.entry("memoryReps", "1"));
            case "smoke" -> Map.ofEntries(
                    Map.entry("reps", "1"), Map.entry("bigCount", "2"), Map.entry("bigMiB", "1"),
                    Map.entry("hugeMiB", "4"), Map.entry("smallCount", "100"),
                    Map.entry("smallTimed", "20"), Map.entry("smallPayload", "4096"),
                    Map.entry("lookups", "20"), Map.entry("scale", "50/100"),
                    Map.entry("startupReps", "1"), Map.entry("memoryMiB", "8"), Map.entry("memoryReps", "1"));
            default -> throw new IllegalArgumentException("bench.mode must be full, quick or smoke, not " + mode);
        };
    }

    boolean runs(String workload) {
        return only.contains("all") || only.contains(workload.toLowerCase(Locale.ROOT));
    }

    private static long mib(String s) {
        return Long.parseLong(s) << 20;
    }

    private static int[] parseInts(String s) {
        String[] parts = s.split("/");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }

    String describe() {
        return String.format(Locale.ROOT,
                "mode=%s reps=%d W1/W2=%d x %d MiB + 1 x %d MiB; W3=%d entries x %d B (durable writes timed on %d), "
                        + "%d lookups; scale=%s; W5 reps=%d; memory=%d MiB x %d",
                mode, reps, bigCount, bigSize >> 20, hugeSize >> 20, smallCount, smallPayload, smallTimed, lookups,
                java.util.Arrays.toString(scaleCounts), startupReps, memorySize >> 20, memoryReps);
    }
}
