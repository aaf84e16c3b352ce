package org.dirdb.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * W3: many small entries. Per repetition and per phase (insert, listing, lookups, updates) every
 * contender runs once, in a fixed order. Durable writes are timed over the first {@code smallTimed}
 * entries (fsync-bound, so a few thousand give a stable rate); the rest of the set is filled untimed
 * without fsync. Every read runs with the files in the page cache (they were just written). The metadata
 * updates run twice: one statement per row, then in batches of {@link #BATCH} through {@code executeBatch},
 * against a raw loop that fsyncs each file and the directory once per batch, as the driver's group commit does.
 */
final class ManySmall {
    static final String RAW_DURABLE = BigPayloads.RAW_DURABLE;
    static final String RAW_NOSYNC = BigPayloads.RAW_NOSYNC;
    static final String DIRDB_SYNC = BigPayloads.DIRDB_SYNC;
    static final String DIRDB_NOSYNC = BigPayloads.DIRDB_NOSYNC;
    static final String H2 = BigPayloads.H2;
    static final String RAW_LIST = "raw open-read-close *.json";
    static final String RAW_READ = "raw FileChannel";
    static final String DIRDB = "dirdb";
    static final String RAW_DURABLE_BATCH = "raw durable, one directory fsync per batch";
    /** Rows per {@code executeBatch} in the batched update. */
    static final int BATCH = 100;
    /** The batched update's metadata versions, apart from the per-row update's (1, 2, 3, ...). */
    private static final int BATCHED_VERSION = 1000;

    final String insert;
    final String update;
    final String updateBatched;
    final String listFirst;
    final String listAgain;
    final String lookup;
    private final Config cfg;
    private final Results results;
    private final Report report;
    private final byte[] buffer = new byte[64 << 10];

    ManySmall(Config cfg, Results results, Report report) {
        this.cfg = cfg;
        this.results = results;
        this.report = report;
        insert = String.format(Locale.ROOT, "W3 insert (%d B payload + ~200 B meta)", cfg.smallPayload());
        update = "W3 UPDATE meta by name";
        updateBatched = "W3 UPDATE meta by name, executeBatch of " + BATCH + " (group commit)";
        listFirst = String.format(Locale.ROOT, "W3 SELECT name, meta over %,d entries, new connection", cfg.smallCount());
        listAgain = String.format(Locale.ROOT, "W3 SELECT name, meta over %,d entries, again on the same connection",
                cfg.smallCount());
        lookup = String.format(Locale.ROOT, "W3 %,d random SELECT data WHERE name = ?", cfg.lookups());
        results.table(insert, Unit.OPS_S, RAW_DURABLE, RAW_NOSYNC, H2);
        results.table(update, Unit.OPS_S, RAW_DURABLE, RAW_NOSYNC, H2);
        results.table(updateBatched, Unit.OPS_S, RAW_DURABLE_BATCH, H2);
        results.table(listFirst, Unit.ROWS_S, RAW_LIST, H2);
        results.table(listAgain, Unit.ROWS_S, RAW_LIST, H2);
        results.table(lookup, Unit.OPS_S, RAW_READ, H2);
    }

    private Path dir(String name) {
        return cfg.dir().resolve("w3-" + name);
    }

    void run() throws Exception {
        for (int rep = 0; rep < cfg.reps(); rep++) {
            Bench.log("W3/W4 repetition " + (rep + 1) + "/" + cfg.reps());
            insertRaw(RawFiles.Mode.DURABLE, RAW_DURABLE, "raw");
            insertRaw(RawFiles.Mode.NO_SYNC, RAW_NOSYNC, "rawns");
            insertSql(Sql.dirdbUrl(Dirs.fresh(cfg.dir(), "w3-dirdb"), true), Sql.dirdbUrl(dir("dirdb"), false), DIRDB_SYNC);
            insertSql(Sql.dirdbUrl(Dirs.fresh(cfg.dir(), "w3-dirdbns"), false), null, DIRDB_NOSYNC);
            insertSql(Sql.h2Url(Dirs.fresh(cfg.dir(), "w3-h2")), null, H2);
            Libc.syncAll();

            int[] picks = picks(rep);
            listAndLookUpRaw(dir("raw"), picks);
            listAndLookUpSql(Sql.dirdbUrl(dir("dirdb"), true), DIRDB, picks);
            listAndLookUpSql(Sql.h2Url(dir("h2")), H2, picks);

            updateRaw(RawFiles.Mode.DURABLE, RAW_DURABLE, dir("raw"), rep);
            updateRaw(RawFiles.Mode.NO_SYNC, RAW_NOSYNC, dir("rawns"), rep);
            updateSql(Sql.dirdbUrl(dir("dirdb"), true), DIRDB_SYNC, rep);
            updateSql(Sql.dirdbUrl(dir("dirdbns"), false), DIRDB_NOSYNC, rep);
            updateSql(Sql.h2Url(dir("h2")), H2, rep);
            Libc.syncAll();

            updateRawBatched(dir("raw"), rep);
            updateSqlBatched(Sql.dirdbUrl(dir("dirdb"), true), DIRDB_SYNC, rep);
            updateSqlBatched(Sql.h2Url(dir("h2")), H2, rep);
            Libc.syncAll();

            report.runOnce(dir("dirdb"));
            for (String d : new String[] {"raw", "rawns", "dirdb", "dirdbns", "h2"}) {
                Dirs.delete(dir(d));
            }
        }
    }

    private int[] picks(int rep) {
        SplittableRandom r = new SplittableRandom(1000 + rep);
        int[] p = new int[cfg.lookups()];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(cfg.smallCount());
        }
        return p;
    }

    private void insertRaw(RawFiles.Mode mode, String label, String dirName) throws Exception {
        Path dir = Dirs.fresh(cfg.dir(), "w3-" + dirName);
        RawFiles timed = new RawFiles(dir, mode);
        int n = Math.min(cfg.smallTimed(), cfg.smallCount());
        Libc.syncAll();
        Timer t = Timer.start();
        for (int i = 0; i < n; i++) {
            timed.put(SmallEntries.name(i), SmallEntries.meta(i, 0), new RandomStream(cfg.smallPayload(), i));
        }
        results.add(insert, label, n / t.seconds());
        RawFiles fill = new RawFiles(dir, RawFiles.Mode.NO_SYNC);
        for (int i = n; i < cfg.smallCount(); i++) {
            fill.put(SmallEntries.name(i), SmallEntries.meta(i, 0), new RandomStream(cfg.smallPayload(), i));
        }
    }

    private void insertSql(String url, String fillUrl, String label) throws Exception {
        int n = Math.min(cfg.smallTimed(), cfg.smallCount());
        try (Connection c = Sql.open(url); PreparedStatement ps = c.prepareStatement(Sql.INSERT)) {
            Libc.syncAll();
            Timer t = Timer.start();
            for (int i = 0; i < n; i++) {
                Sql.insert(ps, SmallEntries.name(i), SmallEntries.meta(i, 0), new RandomStream(cfg.smallPayload(), i),
                        cfg.smallPayload());
            }
            results.add(insert, label, n / t.seconds());
        }
        try (Connection c = Sql.open(fillUrl == null ? url : fillUrl); PreparedStatement ps = c.prepareStatement(Sql.INSERT)) {
            for (int i = n; i < cfg.smallCount(); i++) {
                Sql.insert(ps, SmallEntries.name(i), SmallEntries.meta(i, 0), new RandomStream(cfg.smallPayload(), i),
                        cfg.smallPayload());
            }
        }
    }

    private void listAndLookUpRaw(Path dir, int[] picks) throws Exception {
        for (String table : new String[] {listFirst, listAgain}) {
            Timer t = Timer.start();
            long rows = RawFiles.listMeta(dir);
            double s = t.seconds();
            SmallEntries.checkRows(RAW_LIST, rows, cfg.smallCount());
            results.add(table, RAW_LIST, rows / s);
        }
        Timer t = Timer.start();
        for (int i : picks) {
            RawFiles.read(dir.resolve(SmallEntries.name(i) + ".pickle"), buffer);
        }
        results.add(lookup, RAW_READ, picks.length / t.seconds());
    }

    private void listAndLookUpSql(String url, String label, int[] picks) throws Exception {
        Timer t = Timer.start();
        try (Connection c = Sql.open(url)) {
            long rows = Sql.list(c);
            results.add(listFirst, label, rows / t.seconds());
            SmallEntries.checkRows(label, rows, cfg.smallCount());
            t = Timer.start();
            rows = Sql.list(c);
            results.add(listAgain, label, rows / t.seconds());
            try (PreparedStatement ps = c.prepareStatement(Sql.SELECT_DATA)) {
                t = Timer.start();
                for (int i : picks) {
                    Sql.readData(ps, SmallEntries.name(i), buffer);
                }
                results.add(lookup, label, picks.length / t.seconds());
            }
        }
    }

    private void updateRaw(RawFiles.Mode mode, String label, Path dir, int rep) throws Exception {
        updateRaw(mode, update, label, dir, rep + 1, 1);
    }

    /** A batch's durable baseline: each file written, fsynced and renamed, then one directory fsync per batch. */
    private void updateRawBatched(Path dir, int rep) throws Exception {
        updateRaw(RawFiles.Mode.DURABLE, updateBatched, RAW_DURABLE_BATCH, dir, BATCHED_VERSION + rep, BATCH);
    }

    private void updateRaw(RawFiles.Mode mode, String table, String label, Path dir, int version, int batch)
            throws Exception {
        RawFiles files = new RawFiles(dir, mode);
        int n = Math.min(cfg.smallTimed(), cfg.smallCount());
        Libc.syncAll();
        Timer t = Timer.start();
        for (int i = 0; i < n; i++) {
            files.putMeta(SmallEntries.name(i), SmallEntries.meta(i, version), batch == 1);
            if (batch > 1 && ((i + 1) % batch == 0 || i == n - 1)) {
                files.syncDirectory();
            }
        }
        results.add(table, label, n / t.seconds());
    }

    private void updateSql(String url, String label, int rep) throws Exception {
        updateSql(url, update, label, rep + 1, 1);
    }

    private void updateSqlBatched(String url, String label, int rep) throws Exception {
        updateSql(url, updateBatched, label, BATCHED_VERSION + rep, BATCH);
    }

    /** One {@code executeUpdate} per row when {@code batch} is 1, else {@code executeBatch} every {@code batch} rows. */
    private void updateSql(String url, String table, String label, int version, int batch) throws Exception {
        int n = Math.min(cfg.smallTimed(), cfg.smallCount());
        try (Connection c = Sql.open(url); PreparedStatement ps = c.prepareStatement(Sql.UPDATE_META)) {
            Libc.syncAll();
            Timer t = Timer.start();
            for (int i = 0; i < n; i++) {
                if (batch == 1) {
                    Sql.updateMeta(ps, SmallEntries.name(i), SmallEntries.meta(i, version));
                    continue;
                }
                ps.setString(1, SmallEntries.meta(i, version));
                ps.setString(2, SmallEntries.name(i));
                ps.addBatch();
                if ((i + 1) % batch == 0 || i == n - 1) {
                    for (int count : ps.executeBatch()) {
                        if (count != 1) {
                            throw new IllegalStateException("a batched update did not update one row");
                        }
                    }
                }
            }
            results.add(table, label, n / t.seconds());
        }
    }
}
