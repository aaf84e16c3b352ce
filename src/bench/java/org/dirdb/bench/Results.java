package org.dirdb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every sample of the run, grouped in tables (one per workload figure) with one row per contender.
 * A table names its baselines; each row is printed as median, min–max and the ratio of its median to each
 * baseline's median (speed ratio for throughputs, time ratio for times and sizes).
 */
final class Results {
    record Table(String title, Unit unit, List<String> baselines, Map<String, List<Double>> rows, List<String> notes) {}

    private final Map<String, Table> tables = new LinkedHashMap<>();

    Table table(String title, Unit unit, String... baselines) {
        return tables.computeIfAbsent(title,
                t -> new Table(t, unit, List.of(baselines), new LinkedHashMap<>(), new ArrayList<>()));
    }

    void add(String title, String system, double value) {
        Table t = tables.get(title);
        if (t == null) {
            throw new IllegalStateException("no table " + title);
        }
        t.rows().computeIfAbsent(system, s -> new ArrayList<>()).add(value);
    }

    void note(String title, String note) {
        Table t = tables.get(title);
        if (!t.notes().contains(note)) {
            t.notes().add(note);
        }
    }

    Double median(String title, String system) {
        Table t = tables.get(title);
        if (t == null || !t.rows().containsKey(system) || t.rows().get(system).isEmpty()) {
            return null;
        }
        return median(t.rows().get(system));
    }

    List<Double> samples(String title, String system) {
        Table t = tables.get(title);
        return t == null ? List.of() : t.rows().getOrDefault(system, List.of());
    }

    Unit unit(String title) {
        Table t = tables.get(title);
        return t == null ? null : t.unit();
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    static String fmt(double x) {
        double ax = Math.abs(x);
        if (ax >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        } else if (ax >= 100) {
            return String.format(Locale.ROOT, "%.0f", x);
        } else if (ax >= 10) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        return String.format(Locale.ROOT, "%.2f", x);
    }

    /** A Markdown rendering of every table: readable on a terminal and pasteable into docs/benchmarks.md. */
    String render() {
        StringBuilder out = new StringBuilder();
        for (Table t : tables.values()) {
            if (t.rows().isEmpty()) {
                continue;
            }
            out.append("\n#### ").append(t.title()).append(" (").append(t.unit().label)
                    .append(t.unit().higherIsBetter ? ", higher is better" : ", lower is better").append(")\n\n");
            out.append("| contender | median | min–max | n |");
            for (String b : t.baselines()) {
                out.append(" ÷ ").append(b).append(" |");
            }
            out.append('\n').append("|---|---:|---:|---:|");
            out.append("---:|".repeat(t.baselines().size())).append('\n');
            for (Map.Entry<String, List<Double>> row : t.rows().entrySet()) {
                List<Double> xs = row.getValue();
                double med = median(xs);
                double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                out.append("| ").append(row.getKey()).append(" | ").append(fmt(med)).append(" | ")
                        .append(fmt(min)).append("–").append(fmt(max)).append(" | ").append(xs.size()).append(" |");
                for (String b : t.baselines()) {
                    Double base = median(t.title(), b);
                    out.append(' ').append(base == null || b.equals(row.getKey()) ? "" : fmt(med / base) + "×")
                            .append(" |");
                }
                out.append('\n');
            }
            for (String n : t.notes()) {
                out.append("\n").append(n).append('\n');
            }
        }
        return out.toString();
    }

    static String samples(List<Double> xs) {
        return Arrays.toString(xs.stream().map(Results::fmt).toArray());
    }
}
