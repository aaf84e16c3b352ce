package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.CallCounter;
import org.dirdb.store.DirectoryWatch;
import org.dirdb.store.StorageIO;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query run again on the same connection with the same parameters, with nothing in the directory changed
 * since, replays its earlier result without touching a file; anything that could make a replay differ from
 * running it again (a change, a clock, a payload reference, a result not read to its end) runs it again.
 */
class ResultCacheTest {
    @TempDir
    Path dir;

    private final CallCounter counting = new CallCounter();
    private final SqlFrontEnd frontEnd = new SqlFrontEnd(64);
    private final ResultCache cache = new ResultCache();
    private Store store;

    @BeforeEach
    void fill() {
        DirectoryWatch probe = StorageIO.DEFAULT.watch(dir);
        assumeTrue(probe != null, "no change notification here: nothing is ever replayed");
        probe.close();
        store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(counting));
        for (int i = 0; i < 10; i++) {
            run("INSERT INTO db (name, meta, data) VALUES (?, ?, X'CAFE')", "e" + i, "{\"i\": " + i + "}");
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<List<Object>> run(String sql, String... params) {
        return run(Integer.MAX_VALUE, sql, params);
    }

    /** Runs a statement and reads at most {@code max} rows of it, every column. */
    private List<List<Object>> run(int max, String sql, String... params) {
        List<Param> bound = new ArrayList<>();
        for (String p : params) {
            bound.add(new Param.Text(p));
        }
        Executor.Outcome outcome = new Executor(store, cache).execute(frontEnd.prepare(sql), bound, () -> false);
        List<List<Object>> rows = new ArrayList<>();
        if (outcome instanceof Executor.Outcome.Rows r) {
            try (RowSource source = r.rows()) {
                while (rows.size() < max && source.next()) {
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

    /** File-system calls since the last call of this method. */
    private int calls() {
        int n = counting.total();
        counting.reset();
        return n;
    }

    @Test
    void anUnchangedDirectoryReplaysTheResult() {
        String report = "SELECT JSON_VALUE(meta, '$.i') AS i, COUNT(*) FROM db GROUP BY JSON_VALUE(meta, '$.i')";
        List<List<Object>> listing = run("SELECT name, meta, size FROM db");
        List<List<Object>> grouped = run(report);
        calls();
        for (int i = 0; i < 3; i++) {
            assertEquals(listing, run("SELECT name, meta, size FROM db"));
            assertEquals(grouped, run(report));
            assertEquals(0, calls(), "file-system calls of a replay");
        }
        assertEquals(List.of(List.of("{\"i\": 3}")), run("SELECT meta FROM db WHERE name = ?", "e3"));
        calls();
        assertEquals(List.of(List.of("{\"i\": 3}")), run("SELECT meta FROM db WHERE name = ?", "e3"));
        assertEquals(0, calls());
        assertEquals(List.of(List.of("{\"i\": 4}")), run("SELECT meta FROM db WHERE name = ?", "e4"),
                "another parameter is another result");
    }

    @Test
    void aChangeBySomeoneElseOrThisConnectionRunsTheQueryAgain() throws IOException {
        List<List<Object>> before = run("SELECT name, meta FROM db");
        Files.writeString(dir.resolve("e5.json"), "{\"i\": 9}"); // same size, in place, as Python does
        List<List<Object>> after = run("SELECT name, meta FROM db");
        assertNotEquals(before, after);
        assertEquals(List.of("e5", "{\"i\": 9}"), after.get(5));
        run("DELETE FROM db WHERE name = 'e0'");
        assertEquals(9, run("SELECT name, meta FROM db").size());
        Files.writeString(dir.resolve("new.json"), "{}");
        assertEquals(10, run("SELECT name, meta FROM db").size());
    }

    /** Runs the statement and says whether its rows were a replay. */
    private boolean replayed(int max, String sql, String... params) {
        long before = cache.replays();
        run(max, sql, params);
        return cache.replays() > before;
    }

    @Test
    void theLeastRecentlyUsedResultGoesFirst() {
        String sql = "SELECT name, meta FROM db WHERE name >= ?";
        for (int i = 0; i <= ResultCache.MAX_RESULTS; i++) {
            assertEquals(false, replayed(Integer.MAX_VALUE, sql, "e" + i));
        }
        assertEquals(false, replayed(Integer.MAX_VALUE, sql, "e0"), "the ninth result pushed out the first");
        assertEquals(true, replayed(Integer.MAX_VALUE, sql, "e" + ResultCache.MAX_RESULTS));
        assertEquals(true, replayed(Integer.MAX_VALUE, sql, "e0"), "kept again when it ran again");
    }

    @Test
    void whatAReplayCouldNotReproduceIsRunAgain() {
        assertEquals(false, replayed(Integer.MAX_VALUE, "SELECT name, meta FROM db"));
        assertEquals(true, replayed(Integer.MAX_VALUE, "SELECT name, meta FROM db"), "the control: a replay");

        replayed(Integer.MAX_VALUE, "SELECT name, CURRENT_TIMESTAMP FROM db");
        assertEquals(false, replayed(Integer.MAX_VALUE, "SELECT name, CURRENT_TIMESTAMP FROM db"), "reads the clock");

        replayed(Integer.MAX_VALUE, "SELECT name, data FROM db");
        assertEquals(false, replayed(Integer.MAX_VALUE, "SELECT name, data FROM db"),
                "a payload is a reference to a file, looked up again");

        replayed(3, "SELECT name, meta FROM db ORDER BY name DESC");
        assertEquals(false, replayed(Integer.MAX_VALUE, "SELECT name, meta FROM db ORDER BY name DESC"),
                "a result not read to its end is not kept");
        assertEquals(true, replayed(Integer.MAX_VALUE, "SELECT name, meta FROM db ORDER BY name DESC"),
                "once read to its end, it is");
    }

    @Test
    void aFailingValueFailsWhenItIsAskedForAndIsNeverKept() throws IOException {
        Files.createSymbolicLink(dir.resolve("bad.json"), dir.resolve("e1.json"));
        for (int round = 0; round < 2; round++) {
            Executor.Outcome outcome = new Executor(store, cache).execute(frontEnd.prepare("SELECT name, meta FROM db"),
                    List.of(), () -> false);
            try (RowSource rows = ((Executor.Outcome.Rows) outcome).rows()) {
                assertTrue(rows.next());
                assertEquals("bad", rows.get(0), "the row comes; only its metadata cannot be read");
                StoreException e = assertThrows(StoreException.class, () -> rows.get(1));
                assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
                int n = 1;
                while (rows.next()) {
                    n++;
                }
                assertEquals(11, n);
            }
        }
    }
}
