package org.dirdb.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * W1 (big writes) and W2 (big reads). Each repetition runs every contender once, in a fixed order, on a
 * fresh directory: the raw baselines, dirdb with sync=true and sync=false, H2. A contender that is also
 * read back (raw durable, dirdb sync=true, H2) is read right after its writes: once to warm, once timed
 * hot, then dropped from the page cache and read cold on a new connection.
 */
final class BigPayloads {
    static final String RAW_DURABLE = "raw durable";
    static final String RAW_DIRECT = "raw O_DIRECT durable";
    static final String RAW_NOSYNC = "raw no-sync";
    static final String DIRDB_SYNC = "dirdb sync=true";
    static final String DIRDB_NOSYNC = "dirdb sync=false";
    static final String H2 = "H2";
    /** The baseline for an InputStream reader: FileChannel.read into a heap byte[] of the reader's size. */
    static final String RAW_READ = "raw FileChannel into byte[]";
    /** Context only: into a direct buffer, one copy fewer than any reader into a byte[] can make. */
    static final String RAW_READ_DIRECT = "raw FileChannel into direct buffer (context)";
    /**
     * Context only: into the same byte[] through a small page-aligned direct buffer, as a careful reader
     * would (docs/benchmarks.md, "W2 hot"): what the JDK's own path into a heap array leaves on the table.
     */
    static final String RAW_READ_ALIGNED = "raw FileChannel into byte[] via aligned buffer (context)";
    static final String DIRDB_READ = "dirdb";

    private final Config cfg;
    private final Results results;
    final String many;
    final String one;
    final String hot;
    final String cold;
    private final byte[] buffer = new byte[RawFiles.BUFFER];
    // page-aligned, so that the kernel's copy into it is not slowed by where malloc happened to put it
    private final ByteBuffer direct = RawFiles.aligned(RawFiles.BUFFER, 4096);
    private final ByteBuffer chunk = RawFiles.aligned(RawFiles.CHUNK, 4096);

    BigPayloads(Config cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
        many = String.format(Locale.ROOT, "W1 write %d × %d MiB", cfg.bigCount(), cfg.bigSize() >> 20);
        one = String.format(Locale.ROOT, "W1 write 1 × %d MiB", cfg.hugeSize() >> 20);
        hot = "W2 read hot (all W1 payloads)";
        cold = "W2 read cold (all W1 payloads)";
        for (String t : List.of(many, one)) {
            results.table(t, Unit.MIB_S, RAW_DURABLE, RAW_DIRECT, RAW_NOSYNC, H2);
        }
        results.table(hot, Unit.MIB_S, RAW_READ, H2);
        results.table(cold, Unit.MIB_S, RAW_READ, H2);
    }

    record Payload(String name, long size) {}

    List<Payload> payloads() {
        List<Payload> p = new ArrayList<>();
        for (int i = 0; i < cfg.bigCount(); i++) {
            p.add(new Payload(String.format(Locale.ROOT, "big-%02d", i), cfg.bigSize()));
        }
        p.add(new Payload("huge", cfg.hugeSize()));
        return p;
    }

    static String meta(String name) {
        return "{\"model\": \"resnet\", \"name\": \"" + name + "\", \"epoch\": 7}";
    }

    void run() throws Exception {
        for (int rep = 0; rep < cfg.reps(); rep++) {
            Bench.log("W1/W2 repetition " + (rep + 1) + "/" + cfg.reps());
            raw(RawFiles.Mode.DURABLE, RAW_DURABLE, true);
            raw(RawFiles.Mode.DIRECT, RAW_DIRECT, false);
            raw(RawFiles.Mode.NO_SYNC, RAW_NOSYNC, false);
            sql(Sql.dirdbUrl(cfg.dir().resolve("w1-dirdb"), true), cfg.dir().resolve("w1-dirdb"), DIRDB_SYNC, DIRDB_READ, true);
            sql(Sql.dirdbUrl(cfg.dir().resolve("w1-dirdb"), false), cfg.dir().resolve("w1-dirdb"), DIRDB_NOSYNC, null, false);
            sql(Sql.h2Url(cfg.dir().resolve("w1-h2")), cfg.dir().resolve("w1-h2"), H2, H2, true);
        }
        Dirs.delete(cfg.dir().resolve("w1-raw"));
        Dirs.delete(cfg.dir().resolve("w1-dirdb"));
        Dirs.delete(cfg.dir().resolve("w1-h2"));
    }

    private void raw(RawFiles.Mode mode, String label, boolean read) throws Exception {
        Path dir = Dirs.fresh(cfg.dir(), "w1-raw");
        RawFiles files = new RawFiles(dir, mode);
        List<Payload> all = payloads();
        Libc.syncAll();
        Timer t = Timer.start();
        long bytes = 0;
        for (Payload p : all.subList(0, all.size() - 1)) {
            files.put(p.name(), meta(p.name()), new RandomStream(p.size(), p.name().hashCode()));
            bytes += p.size();
        }
        results.add(many, label, mib(bytes) / t.seconds());
        Payload huge = all.get(all.size() - 1);
        Libc.syncAll();
        t = Timer.start();
        files.put(huge.name(), meta(huge.name()), new RandomStream(huge.size(), huge.name().hashCode()));
        results.add(one, label, mib(huge.size()) / t.seconds());
        if (read) {
            readRaw(dir, all, hot, false);
            readRaw(dir, all, hot, true);
            readRawDirect(dir, all, hot);
            readRawAligned(dir, all, hot);
            Dirs.dropFromCache(dir);
            noteResidency(dir.resolve(huge.name() + ".pickle"), RAW_READ);
            readRaw(dir, all, cold, true);
        }
        Dirs.delete(dir);
    }

    private void readRaw(Path dir, List<Payload> all, String table, boolean record) throws Exception {
        Timer t = Timer.start();
        long bytes = 0;
        for (Payload p : all) {
            RawFiles.read(dir.resolve(p.name() + ".pickle"), buffer);
            bytes += p.size();
        }
        if (record) {
            results.add(table, RAW_READ, mib(bytes) / t.seconds());
        }
    }

    private void readRawDirect(Path dir, List<Payload> all, String table) throws Exception {
        Timer t = Timer.start();
        long bytes = 0;
        for (Payload p : all) {
            RawFiles.read(dir.resolve(p.name() + ".pickle"), direct);
            bytes += p.size();
        }
        results.add(table, RAW_READ_DIRECT, mib(bytes) / t.seconds());
    }

    private void readRawAligned(Path dir, List<Payload> all, String table) throws Exception {
        Timer t = Timer.start();
        long bytes = 0;
        for (Payload p : all) {
            RawFiles.read(dir.resolve(p.name() + ".pickle"), buffer, chunk);
            bytes += p.size();
        }
        results.add(table, RAW_READ_ALIGNED, mib(bytes) / t.seconds());
    }

    private void sql(String url, Path dir, String label, String readLabel, boolean read) throws Exception {
        Dirs.fresh(cfg.dir(), dir.getFileName().toString());
        List<Payload> all = payloads();
        try (Connection c = Sql.open(url); PreparedStatement ins = c.prepareStatement(Sql.INSERT)) {
            Libc.syncAll();
            Timer t = Timer.start();
            long bytes = 0;
            for (Payload p : all.subList(0, all.size() - 1)) {
                Sql.insert(ins, p.name(), meta(p.name()), new RandomStream(p.size(), p.name().hashCode()), p.size());
                bytes += p.size();
            }
            results.add(many, label, mib(bytes) / t.seconds());
            Payload huge = all.get(all.size() - 1);
            Libc.syncAll();
            t = Timer.start();
            Sql.insert(ins, huge.name(), meta(huge.name()), new RandomStream(huge.size(), huge.name().hashCode()), huge.size());
            results.add(one, label, mib(huge.size()) / t.seconds());
            if (read) {
                readSql(c, all, readLabel, hot, false);
                readSql(c, all, readLabel, hot, true);
            }
        }
        if (read) {
            Dirs.dropFromCache(dir);
            Path probe = label.equals(H2) ? Sql.h2File(dir) : dir.resolve("huge.pickle");
            noteResidency(probe, readLabel);
            try (Connection c = Sql.open(url)) {
                readSql(c, all, readLabel, cold, true);
            }
        }
        Dirs.delete(dir);
    }

    private void readSql(Connection c, List<Payload> all, String label, String table, boolean record) throws Exception {
        try (PreparedStatement sel = c.prepareStatement(Sql.SELECT_DATA)) {
            Timer t = Timer.start();
            long bytes = 0;
            for (Payload p : all) {
                long n = Sql.readData(sel, p.name(), buffer);
                if (n != p.size()) {
                    throw new IllegalStateException(label + " returned " + n + " bytes for " + p.name() + ", not " + p.size());
                }
                bytes += n;
            }
            if (record) {
                results.add(table, label, mib(bytes) / t.seconds());
            }
        }
    }

    private final java.util.Set<String> noted = new java.util.HashSet<>();

    private void noteResidency(Path file, String label) {
        if (!noted.add(label)) {
            return;
        }
        long res = Dirs.residentBytes(file);
        results.note(cold, String.format(Locale.ROOT,
                "Page cache after sync + posix_fadvise(DONTNEED), before the cold read (fincore, first repetition): "
                        + "%s: %s of %s still resident.",
                label, res < 0 ? "unknown" : (res >> 20) + " MiB", file.getFileName()));
    }

    static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }
}
