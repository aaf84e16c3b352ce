package org.dirdb.bench;

/** What a figure measures; throughputs are better higher, times and sizes better lower. */
enum Unit {
    MIB_S("MiB/s", true),
    OPS_S("ops/s", true),
    ROWS_S("rows/s", true),
    MS("ms", false),
    US_PER_ROW("µs/row", false),
    MIB("MiB", false);

    final String label;
    final boolean higherIsBetter;

    Unit(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }
}
