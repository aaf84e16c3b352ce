package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dirdb.store.CallCounter;
import org.dirdb.store.Payload;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many times a statement asks the file system about each entry, counted through the store's I/O seam:
 * a point lookup and a repeated listing stat each file at most once, check for a pending commit at most
 * once per entry (never per row of a listing, which sees commit markers in the directory listing itself),
 * and open nothing the stat-validated caches already hold. (Lock-file calls go through the lock layer,
 * not the seam, and are not counted here.) Most tests run with {@code watch=false}, validating each cached
 * value by a stat; the {@code whileWatching} ones count what is left when change notification validates them.
 */
class StatementIoCountTest {
    private static final int ENTRIES = 20;

    @TempDir
    Path dir;
    private Store store;
    private CallCounter io;
    private final SqlFrontEnd frontEnd = new SqlFrontEnd(64);

    @BeforeEach
    void fill() throws IOException {
        io = new CallCounter();
        store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(io).withWatch(false));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            rows.add(String.format("('e%02d', '{\"i\": %d}', X'%s')", i, i, "CD".repeat(i + 1)));
        }
        run("INSERT INTO db (name, meta, data) VALUES " + String.join(", ", rows));
        // Files written a while ago have settled: the caches may keep what they read from them.
        FileTime past = FileTime.from(Instant.now().minusSeconds(60));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, past);
            }
        }
        io.reset();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<List<Object>> run(String sql, Object... params) {
        List<Param> bound = new ArrayList<>();
        for (Object p : params) {
            bound.add(new Param.Text((String) p));
        }
        Executor.Outcome outcome = new Executor(store).execute(frontEnd.prepare(sql), bound, () -> false);
        List<List<Object>> rows = new ArrayList<>();
        if (outcome instanceof Executor.Outcome.Rows r) {
            try (RowSource source = r.rows()) {
                while (source.next()) {
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

    private Map<String, Integer> counted() {
        return io.taken();
    }

    private byte[] lookup(String name) throws IOException {
        List<List<Object>> rows = run("SELECT data FROM db WHERE name = ?", name);
        assertEquals(1, rows.size());
        Payload payload = assertInstanceOf(Payload.class, rows.get(0).get(0));
        try (InputStream in = store.openPayload(payload)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPointLookupStatsThePayloadTwice() throws IOException {
        lookup("e05"); // reads the pickle header once; the location is cached from then on
        counted();
        byte[] data = lookup("e07");
        assertEquals(8, data.length);
        // Nothing cached yet: the pending-commit check, the existence stat, the payload record (stale: the files
        // were touched), the header read without the lock (a whole one-page pickle), sized by the existence stat,
        // then the stream's open and its stat.
        assertEquals(Map.of("stat commit", 1, "stat pickle", 2, "xattr pickle", 1, "open pickle", 2), counted());
        byte[] again = lookup("e07");
        assertArrayEquals(data, again);
        // The pending-commit check, the existence stat (which also validates the cached location), and one
        // stat under the shared lock that proves the opened file is the payload's.
        assertEquals(Map.of("stat commit", 1, "stat pickle", 2, "open pickle", 1), counted());
    }

    /** A point lookup read as a result set reads it: the bytes are asked for first, then the value. */
    private byte[] readNow(String name) throws IOException {
        Executor.Outcome outcome = new Executor(store).execute(frontEnd.prepare("SELECT data FROM db WHERE name = ?"),
                List.of(new Param.Text(name)), () -> false);
        try (RowSource source = ((Executor.Outcome.Rows) outcome).rows()) {
            assertEquals(true, source.next());
            InputStream read = source.dataStream(0);
            try (InputStream in = read != null ? read : store.openPayload(assertInstanceOf(Payload.class, source.get(0)))) {
                byte[] bytes = in.readAllBytes();
                assertEquals(false, source.next());
                return bytes;
            }
        }
    }

    @Test
    void anUpdateByNameLooksAtTheEntryOnceBeforeItsLockAndOnceUnderIt() {
        counted();
        run("UPDATE db SET meta = ? WHERE name = ?", "{\"i\": 99}", "e03");
        // Before the lock: the pending-commit check and the existence stat (the WHERE reads only the name, so
        // it is decided without a file). Under the lock: the pending-commit check again and both files' stats.
        assertEquals(Map.of("stat commit", 2, "stat pickle", 2, "stat json", 1), counted());
        assertEquals("{\"i\": 99}", run("SELECT meta FROM db WHERE name = 'e03'").get(0).get(0));

        counted();
        run("UPDATE db SET meta = ? WHERE name = ?", "{\"i\": 1}", "absent");
        // An entry that does not exist is found so before any lock: nothing is created, not even a lock file.
        assertEquals(Map.of("stat commit", 1, "stat pickle", 1, "stat json", 1), counted());
        assertEquals(false, Files.exists(dir.resolve("absent.lock")));
    }

    @Test
    void aLookupOfASmallPayloadIsOneStatAndOneReadOfTheWholeFile() throws IOException {
        readNow("e05");
        counted();
        byte[] data = readNow("e07");
        // The pending-commit check, the existence stat, then one open and one read of the whole file (one page,
        // a whole bytes pickle: no lock needed, docs/storage.md "Reads without a lock"), which gives both where
        // the payload lies and its bytes: no second open or stat to stream it, and no payload record to read.
        assertEquals(Map.of("stat commit", 1, "stat pickle", 1, "open pickle", 1), counted());
        assertArrayEquals(lookup("e07"), data);
        assertEquals(8, data.length);
        // A payload the driver has just written (its record valid) costs the same.
        run("INSERT INTO db (name, data) VALUES ('fresh', X'0102')");
        counted();
        assertArrayEquals(new byte[] {1, 2}, readNow("fresh"));
        assertEquals(Map.of("stat commit", 1, "stat pickle", 1, "open pickle", 1), counted());
        // Once its location is cached, a payload this small is still read whole: that is cheaper than streaming
        // it from the cached location, which opens it under the lock.
        assertArrayEquals(data, readNow("e07"));
        assertEquals(Map.of("stat commit", 1, "stat pickle", 1, "open pickle", 1), counted());
    }

    @Test
    void aLookupOfAPayloadOfSeveralPagesChecksItsChangeTimeAroundTheRead() throws IOException, InterruptedException {
        byte[] big = new byte[3 * 4096];
        java.util.Arrays.fill(big, (byte) 9);
        run("INSERT INTO db (name, data) VALUES ('big', X'" + java.util.HexFormat.of().formatHex(big) + "')");
        Thread.sleep(100); // let its change time settle
        counted();
        assertArrayEquals(big, readNow("big"));
        // As a one-page file, plus a stamp (a stat with the change time) after the read.
        assertEquals(Map.of("stat commit", 1, "stat pickle", 1, "stamp pickle", 1, "open pickle", 1), counted());
    }

    @Test
    void aRepeatedListingStatsEachMetadataFileOnceAndOpensNothing() {
        List<List<Object>> first = run("SELECT name, meta FROM db");
        assertEquals(ENTRIES, first.size());
        // Nothing cached yet: an existence stat per row (the application might skip the meta column), then one
        // read for the metadata, without the lock (a whole JSON object of one page), sized by that stat.
        assertEquals(Map.of("list", 1, "stat json", ENTRIES, "open json", ENTRIES), counted());
        List<List<Object>> second = run("SELECT name, meta FROM db");
        assertEquals(first, second);
        assertEquals(Map.of("list", 1, "stat json", ENTRIES), counted());
    }

    @Test
    void aColdJsonReportReadsEachMetadataFileUnderItsLockWithOneStat() {
        // The WHERE reads the metadata of every entry: it is read together with the existence test.
        List<List<Object>> rows = run("SELECT name FROM db WHERE CAST(JSON_VALUE(meta, '$.i') AS INTEGER) >= 10");
        assertEquals(ENTRIES - 10, rows.size());
        assertEquals(Map.of("list", 1, "stat json", ENTRIES, "open json", ENTRIES), counted());
        // So does a grouped query without a WHERE (after forgetting what the first read cached).
        store.close();
        store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(io).withWatch(false));
        counted();
        rows = run("SELECT JSON_VALUE(meta, '$.i') AS i, COUNT(*) FROM db GROUP BY JSON_VALUE(meta, '$.i')");
        assertEquals(ENTRIES, rows.size());
        assertEquals(Map.of("list", 1, "stat json", ENTRIES, "open json", ENTRIES), counted());
    }

    @Test
    void aJsonReportStatsEachMetadataFileOnce() {
        run("SELECT name, meta FROM db"); // warm the metadata cache
        counted();
        List<List<Object>> rows = run("SELECT JSON_VALUE(meta, '$.i') AS i, COUNT(*) FROM db "
                + "WHERE CAST(JSON_VALUE(meta, '$.i') AS INTEGER) >= 10 GROUP BY JSON_VALUE(meta, '$.i')");
        assertEquals(ENTRIES - 10, rows.size());
        assertEquals(Map.of("list", 1, "stat json", ENTRIES), counted());
    }

    private void watching() {
        store.close();
        store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(io));
        counted();
    }

    @Test
    void aRepeatedListingWhileWatchingTouchesNoFile() {
        watching();
        List<List<Object>> first = run("SELECT name, meta FROM db");
        assertEquals(Map.of("stat json", ENTRIES, "open json", ENTRIES), counted(),
                "the first listing takes the names the open's pass read");
        for (int i = 0; i < 3; i++) {
            assertEquals(first, run("SELECT name, meta FROM db"));
            assertEquals(Map.of(), counted(), "repeat " + i);
            assertEquals(ENTRIES - 10, run("SELECT JSON_VALUE(meta, '$.i') AS i, COUNT(*) FROM db "
                    + "WHERE CAST(JSON_VALUE(meta, '$.i') AS INTEGER) >= 10 GROUP BY JSON_VALUE(meta, '$.i')").size());
            assertEquals(Map.of(), counted(), "report " + i);
        }
    }

    @Test
    void aRepeatedPointLookupWhileWatchingOpensAndStatsOnlyToStream() throws IOException {
        watching();
        byte[] data = lookup("e07");
        assertEquals(8, data.length);
        counted();
        assertArrayEquals(data, lookup("e07"));
        // The stream's open, and the stat under the shared lock that proves the opened file is the payload's.
        assertEquals(Map.of("stat pickle", 1, "open pickle", 1), counted());
    }

    @Test
    void aPointLookupAfterAListingWhileWatchingChecksForNoCommitRecord() throws IOException {
        watching();
        run("SELECT name, meta FROM db");
        counted();
        byte[] data = readNow("e07");
        assertEquals(8, data.length);
        // The kept listing saw no commit record in the directory, and a new one would have been reported and
        // dropped it: the existence stat and the one read of the whole file remain.
        assertEquals(Map.of("stat pickle", 1, "open pickle", 1), counted());
        assertArrayEquals(data, readNow("e07"));
        assertEquals(Map.of("open pickle", 1), counted());
    }

    @Test
    void aCommitRecordMadeAfterAKeptListingIsStillFinishedBeforeTheEntryIsRead() throws IOException {
        watching();
        run("SELECT name, meta FROM db");
        assertEquals(List.of(List.of("{\"i\": 3}")), run("SELECT meta FROM db WHERE name = ?", "e03"));
        // Another process leaves an interrupted commit (its marker only: the commit had finished) after the
        // listing was kept; the next statement that names the entry must see the marker and finish it.
        Files.createSymbolicLink(dir.resolve(".e03.commit"), Path.of("dirdb1::"));
        counted();
        assertEquals(4, readNow("e03").length);
        assertEquals(true, io.count("stat commit") > 0);
        assertEquals(false, Files.exists(dir.resolve(".e03.commit"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aListingStillFinishesAnInterruptedCommitBeforeReadingTheEntry() throws IOException {
        // A commit marker whose temp files are gone (the commit finished but the marker stayed): the listing
        // sees it and recovers the entry, which then reads as it is.
        Files.createSymbolicLink(dir.resolve(".e03.commit"), Path.of("dirdb1::"));
        List<List<Object>> rows = run("SELECT name, meta FROM db WHERE name LIKE 'e0%'");
        assertEquals(10, rows.size());
        assertEquals(false, Files.exists(dir.resolve(".e03.commit"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
