package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.dirdb.e2e.Python;
import org.dirdb.store.Payload;
import org.dirdb.store.StorageIO;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost rules, proved by counting every file open and directory listing through the store's I/O seam.
 */
class CostRuleTest {
    private static final int ENTRIES = 40;

    @TempDir
    Path dir;
    private final Map<String, Integer> opens = new TreeMap<>();
    private int listings;
    private Store store;
    private final SqlFrontEnd frontEnd = new SqlFrontEnd(64);

    /** The modification time the last payload written got from the kernel, before the store recorded it. */
    private Long lastWrite;
    /** Whether the test directory's file system keeps user extended attributes (ext4, xfs, tmpfs since 6.6). */
    private boolean xattrs;

    @BeforeEach
    void fill() throws IOException {
        xattrs = supportsUserAttributes(dir);
        StorageIO counting = new CountingIO(true);
        // Caches validated by a stat, which only keep what settled: the opens counted here are the ones a
        // statement makes when nothing it needs is in memory (StatementIoCountTest counts the watched case).
        store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(counting).withWatch(false));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            rows.add(String.format("('%s-%02d', '{\"i\": %d}', X'%s')", i % 2 == 0 ? "even" : "odd", i, i,
                    "AB".repeat(i + 1)));
        }
        run("INSERT INTO db (name, meta, data) VALUES " + String.join(", ", rows));
        opens.clear();
        listings = 0;
    }

    /**
     * Counts opens by file kind and directory listings; records when the store moves a payload's mtime
     * back. Without {@code attributes} it behaves as a file system that keeps no user attributes.
     */
    private final class CountingIO implements StorageIO {
        private final boolean attributes;

        CountingIO(boolean attributes) {
            this.attributes = attributes;
        }

        @Override
        public FileChannel openRead(Path file) throws IOException {
            String f = file.getFileName().toString();
            opens.merge(f.substring(f.lastIndexOf('.') + 1), 1, Integer::sum);
            return StorageIO.super.openRead(file);
        }

        @Override
        public List<String> list(Path directory) throws IOException {
            listings++;
            return StorageIO.super.list(directory);
        }

        @Override
        public byte[] getXattr(Path file, String name, int max) {
            return attributes ? StorageIO.super.getXattr(file, name, max) : null;
        }

        @Override
        public void setXattr(Path file, String name, byte[] value) throws IOException {
            if (!attributes) {
                throw new UnsupportedOperationException("no user attributes on this file system");
            }
            StorageIO.super.setXattr(file, name, value);
        }

        @Override
        public void setModified(Path file, long epochNanos) throws IOException {
            if (lastWrite == null) {
                lastWrite = mtimeNanos(file); // the time the kernel gave the payload's last write
            }
            StorageIO.super.setModified(file, epochNanos);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Runs a statement and reads every column of every row (or the first {@code maxRows}). */
    private List<List<Object>> run(String sql, Object... params) {
        return run(Long.MAX_VALUE, sql, params);
    }

    private List<List<Object>> run(long maxRows, String sql, Object... params) {
        List<Param> bound = new ArrayList<>();
        for (Object p : params) {
            bound.add(p instanceof String s ? new Param.Text(s)
                    : p instanceof byte[] b ? new Param.Bytes(b) : new Param.Numeric((Number) p));
        }
        Executor.Outcome outcome = new Executor(store).execute(frontEnd.prepare(sql), bound, () -> false);
        List<List<Object>> rows = new ArrayList<>();
        if (outcome instanceof Executor.Outcome.Rows r) {
            try (RowSource source = r.rows()) {
                while (rows.size() < maxRows && source.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 0; i < source.columns().size(); i++) {
                        row.add(source.get(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private Map<String, Integer> opened() {
        Map<String, Integer> copy = new TreeMap<>(opens);
        opens.clear();
        return copy;
    }

    private int listed() {
        int n = listings;
        listings = 0;
        return n;
    }

    @Test
    void selectingNamesListsOnceAndOpensNothing() {
        assertEquals(ENTRIES, run("SELECT name FROM db").size());
        assertEquals(Map.of(), opened());
        assertEquals(1, listed());
        assertEquals(ENTRIES, run("SELECT name, modified FROM db ORDER BY name DESC").size());
        assertEquals(Map.of(), opened());
    }

    @Test
    void metaReadsOnlyJsonFiles() {
        run("SELECT name, meta FROM db");
        assertEquals(Map.of("json", ENTRIES), opened());
    }

    @Test
    void aSubTableIsNotListedForANamedEntry() {
        run("CREATE TABLE runs");
        run("INSERT INTO runs (name, meta) VALUES ('r1', '{\"i\": 1}')");
        opened();
        listed();
        assertEquals(1, run("SELECT name, meta FROM runs WHERE name = ?", "r1").size());
        assertEquals(Map.of("json", 1), opened());
        assertEquals(0, listed(), "the sub-table's directory is not listed for one named entry");
    }

    @Test
    void nameEqualityAndInGoStraightToTheEntries() {
        assertEquals(1, run("SELECT name, meta FROM db WHERE name = ?", "odd-07").size());
        assertEquals(Map.of("json", 1), opened());
        assertEquals(0, listed());
        assertEquals(2, run("SELECT meta->>'i' FROM db WHERE name IN ('even-00', 'odd-03', 'none') AND meta IS NOT NULL").size());
        assertEquals(Map.of("json", 2), opened());
        assertEquals(0, listed());
    }

    @Test
    void likePrefixFiltersTheListingBeforeOpening() {
        assertEquals(List.of(List.of("odd-11", 11L), List.of("odd-13", 13L)),
                run("SELECT name, JSON_VALUE(meta, '$.i') FROM db WHERE name LIKE 'odd-1%' AND JSON_VALUE(meta, '$.i') < 15"));
        assertEquals(Map.of("json", 5), opened()); // odd-11 .. odd-19
    }

    @Test
    void offsetLimitAndMaxRowsOpenOnlyTheRowsReturned() {
        assertEquals(3, run("SELECT name, meta FROM db ORDER BY name LIMIT 3 OFFSET 10").size());
        assertEquals(Map.of("json", 3), opened());
        assertEquals(2, run("SELECT name, meta FROM db OFFSET 30 ROWS FETCH FIRST 2 ROWS ONLY").size());
        assertEquals(Map.of("json", 2), opened());
        assertEquals(4, run(4, "SELECT name, meta FROM db").size());
        assertEquals(Map.of("json", 4), opened());
    }

    @Test
    void dataIsAReferenceUntilRead() {
        List<List<Object>> rows = run("SELECT data FROM db WHERE name = 'even-00'");
        Payload payload = assertInstanceOf(Payload.class, rows.get(0).get(0));
        assertEquals(xattrs ? Map.of() : Map.of("pickle", 1), opened()); // where the bytes lie: recorded, or the header
        assertEquals(1, payload.length());
        assertEquals(Map.of(), opened());
    }

    @Test
    void sortingByAFieldReadsKeysOnceAndRowsOnlyForTheWinners() {
        List<List<Object>> rows = run("SELECT name, meta FROM db ORDER BY JSON_VALUE(meta, '$.i') DESC LIMIT 2");
        assertEquals(List.of("odd-39", "even-38"), rows.stream().map(r -> r.get(0)).toList());
        assertEquals(Map.of("json", ENTRIES + 2), opened());
        assertEquals(List.of(List.of(20L, 1L)), run("SELECT COUNT(*), COUNT(DISTINCT LENGTH(name)) FROM db WHERE name LIKE 'odd%'"));
        assertEquals(Map.of(), opened());
    }

    static boolean supportsUserAttributes(Path directory) throws IOException {
        Path probe = Files.createTempFile(directory, ".probe", ".tmp");
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class);
            view.write("dirdb.probe", ByteBuffer.wrap(new byte[] {1}));
            return view.list().contains("dirdb.probe");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    private static String record(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (!view.list().contains("dirdb.payload")) {
            return null;
        }
        ByteBuffer value = ByteBuffer.allocate(view.size("dirdb.payload"));
        view.read("dirdb.payload", value);
        return new String(value.array(), 0, value.position(), StandardCharsets.US_ASCII);
    }

    private static long mtimeNanos(Path file) throws IOException {
        return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
    }

    @Test
    void sizeFormatAndModifiedCostAStatForEntriesTheDriverWrote() {
        Assumptions.assumeTrue(xattrs, "the file system of " + dir + " keeps no user extended attributes; "
                + "the fallback is proved by withoutExtendedAttributesSizeReadsEachHeader");
        List<List<Object>> rows = run("SELECT name, size, modified FROM db");
        assertEquals(ENTRIES, rows.size());
        for (List<Object> row : rows) {
            int i = Integer.parseInt(((String) row.get(0)).substring(row.get(0).toString().indexOf('-') + 1));
            assertEquals((long) i + 1, row.get(1), row.get(0).toString());
        }
        assertEquals(Map.of(), opened(), "size and modified of entries the driver wrote open no file");
        assertEquals(1, listed());
        assertEquals(List.of(List.of(20L, 400L, "bytes")),
                run("SELECT COUNT(*), SUM(size), MIN(format) FROM db WHERE name LIKE 'even%' AND size > 0"));
        assertEquals(Map.of(), opened());
        assertEquals(List.of(List.of("odd-39", 40L)), run("SELECT name, size FROM db ORDER BY size DESC LIMIT 1"));
        assertEquals(Map.of(), opened());
    }

    @Test
    void aPythonRewriteInPlaceIsNeverServedFromTheRecord() throws Exception {
        Assumptions.assumeTrue(xattrs, "no user extended attributes on the file system of " + dir);
        Path file = dir.resolve("even-04.pickle");
        assertEquals(List.of(List.of(5L)), run("SELECT size FROM db WHERE name = 'even-04'")); // cached now
        Object inode = Files.getAttribute(file, "unix:ino");
        Python.run("", "write-payload", dir.toString(), "even-04", "1000");
        assertEquals(inode, Files.getAttribute(file, "unix:ino"), "Python rewrote the file in place");
        assertEquals("v1 bytes 11 5 17 " + (Long.parseLong(record(file).split(" ")[5])), record(file),
                "the rewrite kept the driver's record, which now describes an older version");
        opened();
        assertEquals(List.of(List.of("even-02", 3L, "bytes"), List.of("even-04", 1000L, "bytes"),
                        List.of("even-06", 7L, "bytes")),
                run("SELECT name, size, format FROM db WHERE name IN ('even-02', 'even-04', 'even-06')"));
        assertEquals(Map.of("pickle", 1), opened(), "only the rewritten entry's header is read");
    }

    @Test
    void aSameSizeRewriteWithOtherFramingIsNeverServedFromTheRecord() throws IOException {
        Assumptions.assumeTrue(xattrs, "no user extended attributes on the file system of " + dir);
        Path file = dir.resolve("fresh.pickle");
        int sameTick = 0;
        for (int round = 0; round < 50; round++) {
            byte[] payload = new byte[100 + round];
            Arrays.fill(payload, (byte) round);
            lastWrite = null;
            run("INSERT INTO db (name, data) VALUES ('fresh', ?) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data",
                    payload);
            long writtenAt = lastWrite;
            assertEquals(List.of(List.of(100L + round)), run("SELECT size FROM db WHERE name = 'fresh'"));
            assertEquals(Map.of(), opened(), "round " + round + ": the driver's version costs no open");
            // A foreign writer rewrites the file in place at once: same file size, same inode, Python's framed
            // layout (PROTO 4, FRAME, BINBYTES + 4-byte length, payload, MEMOIZE, STOP), so the payload is 6
            // bytes shorter than the one the record describes.
            long length = payload.length - 6;
            ByteBuffer framed = ByteBuffer.allocate(payload.length + 12).order(ByteOrder.LITTLE_ENDIAN);
            framed.put((byte) 0x80).put((byte) 4).put((byte) 0x95).putLong(length + 7).put((byte) 'B')
                    .putInt((int) length);
            for (int i = 0; i < length; i++) {
                framed.put((byte) 7);
            }
            framed.put((byte) 0x94).put((byte) '.').flip();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (framed.hasRemaining()) {
                    ch.write(framed);
                }
            }
            assertEquals(payload.length + 12, Files.size(file));
            if (round % 2 == 1) {
                // What a kernel with coarse timestamps gives a rewrite within the tick of the driver's last
                // write: that write's own time.
                Files.setLastModifiedTime(file, FileTime.from(writtenAt, TimeUnit.NANOSECONDS));
            }
            if (mtimeNanos(file) == writtenAt) {
                sameTick++;
            }
            assertEquals(List.of(List.of(length, "bytes")), run("SELECT size, format FROM db WHERE name = 'fresh'"),
                    "round " + round);
            assertEquals(Map.of("pickle", 1), opened(), "round " + round + ": the header is read again");
        }
        assertTrue(sameTick >= 25, "the same-tick case was exercised " + sameTick + " times");
    }

    @Test
    void withoutExtendedAttributesSizeReadsEachHeader() throws IOException {
        store.close();
        Path plain = Files.createDirectory(dir.resolve("plain"));
        StorageIO noAttributes = new CountingIO(false);
        store = Store.open(plain, StoreOptions.defaults().withSync(false).withIo(noAttributes).withWatch(false));
        run("INSERT INTO db (name, data) VALUES ('a', X'01'), ('b', X'0203'), ('c', X'')");
        opened();
        assertEquals(List.of(List.of("a", 1L), List.of("b", 2L), List.of("c", 0L)), run("SELECT name, size FROM db"));
        assertEquals(Map.of("pickle", 3), opened(), "one header read per entry, as before the records");
    }

    @Test
    void writesToNamedEntriesDoNotList() {
        run("UPDATE db SET meta = JSON_MERGEPATCH(meta, '{\"x\": 1}') WHERE name IN ('odd-01', 'odd-03')");
        assertEquals(0, listed());
        assertEquals(Arrays.asList(1L, 1L, null), run("SELECT meta->>'x' FROM db WHERE name IN ('odd-01', 'odd-03', 'odd-05')")
                .stream().map(r -> r.get(0)).toList());
    }
}
