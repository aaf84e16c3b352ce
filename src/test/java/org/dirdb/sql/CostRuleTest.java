package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dirdb.store.Payload;
import org.dirdb.store.StorageIO;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
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

    @BeforeEach
    void fill() {
        StorageIO counting = new StorageIO() {
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
        };
        store = Store.open(dir, StoreOptions.defaults().withSync(false).withIo(counting));
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            rows.add(String.format("('%s-%02d', '{\"i\": %d}', X'%s')", i % 2 == 0 ? "even" : "odd", i, i,
                    "AB".repeat(i + 1)));
        }
        run("INSERT INTO db (name, meta, data) VALUES " + String.join(", ", rows));
        opens.clear();
        listings = 0;
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
            bound.add(p instanceof String s ? new Param.Text(s) : new Param.Numeric((Number) p));
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
        assertEquals(Map.of("pickle", 1), opened()); // the header, to know where the bytes lie
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

    @Test
    void writesToNamedEntriesDoNotList() {
        run("UPDATE db SET meta = JSON_MERGEPATCH(meta, '{\"x\": 1}') WHERE name IN ('odd-01', 'odd-03')");
        assertEquals(0, listed());
        assertEquals(Arrays.asList(1L, 1L, null), run("SELECT meta->>'x' FROM db WHERE name IN ('odd-01', 'odd-03', 'odd-05')")
                .stream().map(r -> r.get(0)).toList());
    }
}
