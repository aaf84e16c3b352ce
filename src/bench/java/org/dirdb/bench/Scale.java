package org.dirdb.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;

/**
 * The W3 listing ({@code SELECT name, meta FROM db}) at growing entry counts, reported as cost per entry.
 * Each size's data set is built once (files written directly in the dirdb layout, rows batched into H2);
 * the repetitions are interleaved per size.
 */
final class Scale {
    static final String RAW = ManySmall.RAW_LIST;
    static final String DIRDB_FIRST = "dirdb, new connection";
    static final String DIRDB_AGAIN = "dirdb, again on the same connection";
    static final String H2_FIRST = "H2, new connection";
    static final String H2_AGAIN = "H2, again on the same connection";

    private final Config cfg;
    private final Results results;

    Scale(Config cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
        for (int n : cfg.scaleCounts()) {
            results.table(title(n), Unit.US_PER_ROW, RAW, H2_FIRST);
        }
    }

    static String title(int n) {
        return String.format(Locale.ROOT, "Scale: listing %,d entries, cost per entry", n);
    }

    void run() throws Exception {
        for (int n : cfg.scaleCounts()) {
            Path dirdb = Dirs.fresh(cfg.dir(), "scale-dirdb");
            Path h2 = Dirs.fresh(cfg.dir(), "scale-h2");
            Bench.log("Scale: building " + n + " entries");
            SmallEntries.build(dirdb, h2, n, cfg.smallPayload());
            // One untimed pass each, so that every contender starts from the same warm page cache.
            RawFiles.listMeta(dirdb);
            for (int rep = 0; rep < cfg.reps(); rep++) {
                Timer t = Timer.start();
                SmallEntries.checkRows(RAW, RawFiles.listMeta(dirdb), n);
                results.add(title(n), RAW, t.seconds() * 1e6 / n);
                sql(Sql.dirdbUrl(dirdb, true), n, DIRDB_FIRST, DIRDB_AGAIN);
                sql(Sql.h2Url(h2), n, H2_FIRST, H2_AGAIN);
            }
            Dirs.delete(dirdb);
            Dirs.delete(h2);
        }
    }

    private void sql(String url, int n, String first, String again) throws Exception {
        Timer t = Timer.start();
        try (Connection c = Sql.open(url)) {
            SmallEntries.checkRows(first, Sql.list(c), n);
            results.add(title(n), first, t.seconds() * 1e6 / n);
            t = Timer.start();
            Sql.list(c);
            results.add(title(n), again, t.seconds() * 1e6 / n);
        }
    }
}
