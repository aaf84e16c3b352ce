package org.dirdb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets, each a ratio of two medians of this run compared with a bound. Throughput ratios
 * must reach the bound (at least), time and size ratios must stay under it (at most). A missed target is
 * reported, never thrown: the run's job is to measure.
 */
final class Targets {
    record Target(String what, String table, String system, String baseTable, String baseline, double bound) {}

    private final Results results;
    private final List<Target> targets = new ArrayList<>();
    private final List<String[]> extra = new ArrayList<>();

    Targets(Results results) {
        this.results = results;
    }

    void ratio(String what, String table, String system, String baseline, double bound) {
        targets.add(new Target(what, table, system, table, baseline, bound));
    }

    void ratio(String what, String table, String system, String baseTable, String baseline, double bound) {
        targets.add(new Target(what, table, system, baseTable, baseline, bound));
    }

    /** A yes/no target, such as "completes at -Xmx64m". */
    void check(String what, boolean met, String detail) {
        extra.add(new String[] {what, detail, met ? "MET" : "MISSED"});
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("\n| target | achieved | bound | status | margin | paired |\n|---|---:|---:|---|---:|---:|\n");
        for (Target t : targets) {
            Double a = results.median(t.table(), t.system());
            Double b = results.median(t.baseTable(), t.baseline());
            Unit unit = unitOf(t.table());
            boolean atLeast = unit == null || unit.higherIsBetter;
            String bound = (atLeast ? "≥ " : "≤ ") + Results.fmt(t.bound()) + "×";
            if (a == null || b == null) {
                out.append("| ").append(t.what()).append(" | not measured | ").append(bound).append(" | MISSED | | |\n");
                continue;
            }
            double r = a / b;
            boolean met = atLeast ? r >= t.bound() : r <= t.bound();
            // Margin: how far the achieved ratio is from the bound, as a fraction of the bound (negative = short).
            double margin = atLeast ? r / t.bound() - 1 : t.bound() / r - 1;
            out.append(String.format(Locale.ROOT, "| %s | %s× | %s | %s | %+.0f%% | %s |%n",
                    t.what(), Results.fmt(r), bound, met ? "MET" : "MISSED", margin * 100, paired(t)));
        }
        for (String[] e : extra) {
            out.append("| ").append(e[0]).append(" | ").append(e[1]).append(" | yes | ").append(e[2]).append(" | | |\n");
        }
        out.append("\n\"achieved\" is the ratio of the two medians; \"paired\" is the median of the ratios taken within each "
                + "repetition (the two contenders ran minutes apart at most), which a slow phase of a shared machine "
                + "disturbs less; margin is how far \"achieved\" is past (+) or short of (-) the bound.\n");
        return out.toString();
    }

    /** Median of per-repetition ratios, when both figures have one sample per repetition. */
    private String paired(Target t) {
        List<Double> a = results.samples(t.table(), t.system());
        List<Double> b = results.samples(t.baseTable(), t.baseline());
        if (a.size() != b.size() || a.size() < 2) {
            return "";
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return Results.fmt(Results.median(ratios)) + "×";
    }

    private Unit unitOf(String table) {
        return results.unit(table);
    }
}
