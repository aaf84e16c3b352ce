package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.dirdb.e2e.Lines;
import org.dirdb.e2e.Python;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * A change that completed before a statement starts is seen by that statement, on a connection that has
 * already read (and may have cached) the entry, whoever made the change.
 *
 * <p>The test holds one long-lived connection. It fills the directory, waits until every file is older
 * than the 2 s a value must have settled before the store caches it, and reads everything twice, so that
 * metadata texts and payload places are cached. Then, round after round, it asks a child process (Python
 * with {@code filelock}, or another JVM using the driver) over a pipe to make one change, waits for the
 * child's {@code ack} (the change has returned in the child), and only then runs the statements that must
 * show it: by name ({@code WHERE name = ?}, which does not list the directory) and through the listing.
 * What every statement must return is kept in a model of the tables, updated on each acknowledged change.
 *
 * <p>Each round changes an entry that was cached and settled, then changes it again straight after
 * reading it, when a stat-based check sees a file modified within the last moment. Even rounds read the
 * entry first (read, change, read); odd rounds change an entry last read during the warm-up. Where a
 * file system gives timestamps finer than the gap between two writes (Linux's multigrain timestamps
 * do, after a stat), two rewrites never share a modification time by chance; the case is made
 * deterministic by a writer that puts the former modification time back after rewriting.
 *
 * <p>Negative controls show that the checks can fail: a reader that answers from its own earlier results
 * is reported stale, and a restored-time rewrite is shown to leave a stat unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheCoherenceTest {
    static final int ROUNDS = Integer.getInteger("coherence.rounds", 20);
    static final int DATA_SIZE = 48;
    static final String SUB = "sub";
    static final String INNER = "\"sub/inner\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Connection conn;
    private Reader live;
    private Child python;
    private Child jvm;
    /** Expected contents: table name as written in SQL, then entry name to its expected row. */
    private final Map<String, TreeMap<String, Row>> model = new LinkedHashMap<>();
    private long gen = 100_000;

    record Row(String meta, String hex) {}

    /** One row of a result, values as compared: text, numbers, hex of bytes, instants. */
    interface Reader {
        List<List<Object>> query(String sql, Object... params) throws SQLException;
    }

    // ---------------------------------------------------------------- set-up

    @BeforeAll
    void populateAndWarm() throws Exception {
        python = Child.python();
        jvm = Child.java(DriverWriter.class, dir.toString());
        model.put("db", new TreeMap<>());
        model.put(SUB, new TreeMap<>());
        model.put(INNER, new TreeMap<>());
        try (Connection setup = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false")) {
            try (var s = setup.createStatement()) {
                s.executeUpdate("CREATE TABLE " + SUB);
                s.executeUpdate("CREATE TABLE " + INNER);
            }
            for (int r = 0; r < ROUNDS; r++) {
                // Driver-written entries carry the payload record; Python-written ones do not.
                insert(setup, "db", name("ms", r), metaFixed(name("ms", r)));
                createByPython("db", name("md", r), metaPadded(name("md", r), r % 5));
                insert(setup, "db", name("pd", r), metaFixed(name("pd", r)));
                createByPython("db", name("pp", r), metaFixed(name("pp", r)));
                insert(setup, "db", name("j", r), metaFixed(name("j", r)));
                createByPython("db", name("rj", r), metaFixed(name("rj", r)));
                insert(setup, "db", name("dj", r), metaFixed(name("dj", r)));
                createByPython("db", name("cr", r), metaFixed(name("cr", r)));
                insert(setup, "db", name("mt", r), metaFixed(name("mt", r)));
                createByPython("db", name("rm", r), metaFixed(name("rm", r)));
                insert(setup, "db", name("rs", r), metaFixed(name("rs", r)));
                for (String table : List.of(SUB, INNER)) {
                    if (r % 2 == 0) {
                        insert(setup, table, name("s", r), metaFixed(name("s", r)));
                    } else {
                        createByPython(table, name("s", r), metaFixed(name("s", r)));
                    }
                }
            }
            insert(setup, "db", "control", metaFixed("control"));
        }
        // Let every file settle, so that even a cache that only keeps settled values holds them all.
        Thread.sleep(2200);
        conn = DriverManager.getConnection("jdbc:dirdb:" + dir);
        live = reader(conn);
        for (int pass = 0; pass < 2; pass++) {
            for (String table : model.keySet()) {
                String what = "warm-up pass " + pass;
                expectListing(live, table, what);
                expectSizes(live, table, what);
                expectCount(live, table, what);
                live.query("SELECT name, modified FROM " + table);
                for (String name : List.copyOf(model.get(table).keySet())) {
                    expectMeta(live, table, name, what);
                    expectData(live, table, name, what);
                    live.query("SELECT modified FROM " + table + " WHERE name = ?", name);
                }
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        if (conn != null) {
            conn.close();
        }
        for (Child child : new Child[] {python, jvm}) {
            if (child != null) {
                child.close();
            }
        }
    }

    // ---------------------------------------------------------------- metadata rewritten in place by Python

    @Test
    void metadataRewrittenInPlaceByPythonSameLength() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("ms", r);
            inPlaceMetaRound(r, "db", name, "same length", () -> metaFixed(name));
        }
    }

    @Test
    void metadataRewrittenInPlaceByPythonOtherLength() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("md", r);
            int[] pad = {r % 5};
            inPlaceMetaRound(r, "db", name, "other length", () -> metaPadded(name, pad[0] = (pad[0] + 3) % 11));
        }
    }

    /**
     * Three rewrites of one entry in a round: the first of a settled, cached value, the next two straight
     * after reading the previous one, checked by name and by listing in both orders.
     */
    private void inPlaceMetaRound(int r, String table, String name, String kind, Supplier<String> next)
            throws Exception {
        if (r % 2 == 0) {
            expectMeta(live, table, name, round(r, "before any change", name));
            expectListing(live, table, round(r, "before any change", name));
        }
        for (int step = 0; step < 3; step++) {
            String text = next.get();
            String change = "Python rewrote " + name + ".json in place under its filelock (" + kind + ", step "
                    + step + ")";
            if (kind.equals("same length")) {
                assertEquals(model.get(table).get(name).meta().length(), text.length(), "test fixture");
            }
            python.send("op", "meta_in_place", "dir", tableDir(table), "name", name, "text", text);
            model.get(table).put(name, new Row(text, model.get(table).get(name).hex()));
            if ((r + step) % 2 == 0) {
                expectMeta(live, table, name, round(r, change, name));
                expectListing(live, table, round(r, change, name));
            } else {
                expectListing(live, table, round(r, change, name));
                expectMeta(live, table, name, round(r, change, name));
            }
        }
    }

    // ---------------------------------------------------------------- payload rewritten in place by Python

    @Test
    void payloadRewrittenInPlaceByPython() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            // pd-: the driver wrote it (payload record present, and kept by an in-place rewrite); pp-: Python did.
            for (String name : List.of(name("pd", r), name("pp", r))) {
                if (r % 2 == 0) {
                    expectData(live, "db", name, round(r, "before any change", name));
                    expectSizes(live, "db", round(r, "before any change", name));
                }
                for (int step = 0; step < 3; step++) {
                    // Same size twice (what a stat-based check is weakest at), then another size.
                    int size = step < 2 ? DATA_SIZE : DATA_SIZE + 16 + r;
                    String hex = data(name, ++gen, size);
                    String change = "Python rewrote " + name + ".pickle in place under its filelock ("
                            + (step < 2 ? "same size" : "other size") + ", step " + step + ")";
                    python.send("op", "data_in_place", "dir", tableDir("db"), "name", name, "hex", hex);
                    model.get("db").put(name, new Row(model.get("db").get(name).meta(), hex));
                    expectData(live, "db", name, round(r, change, name));
                    expectDataListing(live, "db", name, round(r, change, name));
                    if (step != 1) {
                        expectSizes(live, "db", round(r, change, name));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- another JVM through the driver

    @Test
    void changesThroughTheDriverFromAnotherJvm() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("j", r);
            String renamed = name("jr", r);
            String inserted = name("jn", r);
            if (r % 2 == 0) {
                expectMeta(live, "db", name, round(r, "before any change", name));
                expectData(live, "db", name, round(r, "before any change", name));
            }
            String meta = metaFixed(name);
            jvm.send("op", "meta", "table", "db", "name", name, "meta", meta);
            update("db", name, meta, null);
            String what = round(r, "another JVM ran UPDATE db SET meta", name);
            expectMeta(live, "db", name, what);
            expectListing(live, "db", what);

            String hex = data(name, ++gen, DATA_SIZE);
            jvm.send("op", "data", "table", "db", "name", name, "hex", hex);
            update("db", name, null, hex);
            what = round(r, "another JVM ran UPDATE db SET data", name);
            expectData(live, "db", name, what);
            expectSizes(live, "db", what);

            jvm.send("op", "rename", "table", "db", "name", name, "to", renamed);
            model.get("db").put(renamed, model.get("db").remove(name));
            what = round(r, "another JVM renamed " + name + " to " + renamed + " (UPDATE db SET name)", name);
            expectMeta(live, "db", name, what);
            expectData(live, "db", name, what);
            expectMeta(live, "db", renamed, what);
            expectData(live, "db", renamed, what);
            expectListing(live, "db", what);
            expectCount(live, "db", what);

            jvm.send("op", "delete", "table", "db", "name", renamed);
            model.get("db").remove(renamed);
            what = round(r, "another JVM deleted " + renamed, renamed);
            expectMeta(live, "db", renamed, what);
            expectListing(live, "db", what);
            expectCount(live, "db", what);

            String insertedMeta = metaFixed(inserted);
            String insertedHex = data(inserted, ++gen, DATA_SIZE);
            expectMeta(live, "db", inserted, round(r, "before the insert", inserted));
            jvm.send("op", "insert", "table", "db", "name", inserted, "meta", insertedMeta, "hex", insertedHex);
            model.get("db").put(inserted, new Row(insertedMeta, insertedHex));
            what = round(r, "another JVM inserted " + inserted, inserted);
            expectMeta(live, "db", inserted, what);
            expectData(live, "db", inserted, what);
            expectListing(live, "db", what);
            expectCount(live, "db", what);
        }
    }

    // ---------------------------------------------------------------- plain file operations, no lock

    @Test
    void metadataFileReplacedByAPlainTool() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("rj", r);
            if (r % 2 == 0) {
                expectMeta(live, "db", name, round(r, "before any change", name));
            }
            for (int step = 0; step < 3; step++) {
                String text = step == 1 ? metaPadded(name, r % 7 + 1) : metaFixed(name);
                python.send("op", "replace_json", "dir", tableDir("db"), "name", name, "text", text);
                update("db", name, text, null);
                String what = round(r, "os.replace of a new " + name + ".json, no lock (step " + step + ")", name);
                expectMetaAndListing(step % 2 == 0, name, what);
            }
        }
    }

    @Test
    void metadataFileDeletedAndRecreatedByAPlainTool() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("dj", r);
            if (r % 2 == 0) {
                expectMeta(live, "db", name, round(r, "before any change", name));
                expectData(live, "db", name, round(r, "before any change", name));
            }
            python.send("op", "delete_json", "dir", tableDir("db"), "name", name);
            update("db", name, null, null);
            String what = round(r, "removed " + name + ".json, no lock (the entry keeps its payload)", name);
            expectMeta(live, "db", name, what);
            expectListing(live, "db", what);
            expectData(live, "db", name, what);
            expectCount(live, "db", what);

            String text = metaFixed(name);
            python.send("op", "replace_json", "dir", tableDir("db"), "name", name, "text", text);
            update("db", name, text, null);
            what = round(r, "put a new " + name + ".json in place, no lock", name);
            expectListing(live, "db", what);
            expectMeta(live, "db", name, what);

            python.send("op", "delete_json", "dir", tableDir("db"), "name", name);
            update("db", name, null, null);
            what = round(r, "removed " + name + ".json again right after reading it", name);
            expectMeta(live, "db", name, what);
            expectListing(live, "db", what);
        }
    }

    @Test
    void entriesCreatedAndRemovedByAPlainTool() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String created = name("cn", r);
            String existing = name("cr", r);
            String what;
            if (r % 2 == 0) {
                expectMeta(live, "db", created, round(r, "before it exists", created));
                expectMeta(live, "db", existing, round(r, "before any change", existing));
            }
            String text = metaFixed(created);
            String hex = data(created, ++gen, DATA_SIZE);
            python.send("op", "create", "dir", tableDir("db"), "name", created, "text", text, "hex", hex);
            model.get("db").put(created, new Row(text, hex));
            what = round(r, "wrote the new files " + created + ".json and " + created + ".pickle, no lock", created);
            expectListing(live, "db", what);
            expectCount(live, "db", what);
            expectMeta(live, "db", created, what);
            expectData(live, "db", created, what);

            python.send("op", "remove", "dir", tableDir("db"), "name", existing);
            model.get("db").remove(existing);
            what = round(r, "removed the files of " + existing + ", no lock", existing);
            expectMeta(live, "db", existing, what);
            expectData(live, "db", existing, what);
            expectListing(live, "db", what);
            expectCount(live, "db", what);

            // Remove and write again at once, same sizes, other content: the new files may even reuse the
            // inodes just freed.
            python.send("op", "remove", "dir", tableDir("db"), "name", created);
            model.get("db").remove(created);
            what = round(r, "removed the files of " + created + " just read, no lock", created);
            expectMeta(live, "db", created, what);
            expectCount(live, "db", what);
            String again = metaFixed(created);
            String againHex = data(created, ++gen, DATA_SIZE);
            python.send("op", "create", "dir", tableDir("db"), "name", created, "text", again, "hex", againHex);
            model.get("db").put(created, new Row(again, againHex));
            what = round(r, "wrote " + created + " again with same-size files, no lock", created);
            expectMeta(live, "db", created, what);
            expectData(live, "db", created, what);
            expectListing(live, "db", what);
        }
    }

    @Test
    void modificationTimeChangedAlone() throws Exception {
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("mt", r);
            if (r % 2 == 0) {
                live.query("SELECT modified FROM db WHERE name = ?", name);
            }
            // An explicit time in the past (os.utime, as touch -d or a restore would), then the current time
            // (touch), then an explicit one again straight after reading the previous.
            long ns = base.getEpochSecond() * 1_000_000_000L + r * 7_919_000_000_123L + 456_789;
            python.send("op", "utime", "dir", tableDir("db"), "name", name, "ns", Long.toString(ns));
            expectModified(live, "db", name, Instant.ofEpochSecond(0, ns),
                    round(r, "os.utime set the modification time of " + name + "'s files", name));

            python.send("op", "utime", "dir", tableDir("db"), "name", name, "ns", "now");
            expectModified(live, "db", name, modifiedOnDisk(dir, name),
                    round(r, "touched " + name + "'s files (modification time set to now)", name));

            long ns2 = ns + 1_000_000_001L;
            python.send("op", "utime", "dir", tableDir("db"), "name", name, "ns", Long.toString(ns2));
            expectModified(live, "db", name, Instant.ofEpochSecond(0, ns2),
                    round(r, "os.utime set the modification time of " + name + "'s files again", name));
            expectListing(live, "db", round(r, "modification times changed", name));
        }
    }

    /**
     * Metadata rewritten in place to the same length, with its former modification time put back: a
     * stat shows exactly the file it showed before. The first rewrite of each round makes the entry fresh,
     * then the restored-time rewrites follow, each straight after a read: the case of two same-size
     * writes within one timestamp tick, made deterministic.
     */
    @Test
    void freshMetadataRewrittenWithItsModificationTimeKept() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("rm", r);
            String text = metaFixed(name);
            python.send("op", "meta_in_place", "dir", tableDir("db"), "name", name, "text", text);
            update("db", name, text, null);
            expectMeta(live, "db", name, round(r, "Python rewrote " + name + ".json in place", name));
            for (int step = 0; step < 2; step++) {
                text = metaFixed(name);
                python.send("op", "rewrite_keep_mtime", "dir", tableDir("db"), "name", name, "text", text);
                update("db", name, text, null);
                String what = round(r, "Python rewrote " + name + ".json in place, same length, and put its"
                        + " modification time back (step " + step + ")", name);
                expectMetaAndListing(step == 0, name, what);
            }
        }
    }

    /**
     * As above, but the rewrite hits a settled, cached value. A cache validated by a stat cannot see this
     * change (size, inode and modification time are all as before; with {@code watch=false} this test fails);
     * the store's caches are validated by change notification, which reports the write itself.
     */
    @Test
    void settledMetadataRewrittenWithItsModificationTimeKept() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String name = name("rs", r);
            expectMeta(live, "db", name, round(r, "before any change", name));
            String text = metaFixed(name);
            python.send("op", "rewrite_keep_mtime", "dir", tableDir("db"), "name", name, "text", text);
            update("db", name, text, null);
            String what = round(r, "Python rewrote the settled " + name + ".json in place, same length, and put"
                    + " its modification time back", name);
            expectMeta(live, "db", name, what);
            expectListing(live, "db", what);
        }
    }

    // ---------------------------------------------------------------- sub-databases

    @Test
    void subDatabaseTablesChangedByPython() throws Exception {
        for (String table : List.of(SUB, INNER)) {
            for (int r = 0; r < ROUNDS; r++) {
                String name = name("s", r);
                String fresh = name("sn", r);
                if (r % 2 == 0) {
                    expectMeta(live, table, name, round(r, "before any change", name, table));
                    expectData(live, table, name, round(r, "before any change", name, table));
                }
                String text = metaFixed(name);
                python.send("op", "meta_in_place", "dir", tableDir(table), "name", name, "text", text);
                update(table, name, text, null);
                String what = round(r, "Python rewrote " + name + ".json in place (same length)", name, table);
                expectMeta(live, table, name, what);
                expectListing(live, table, what);

                String hex = data(name, ++gen, DATA_SIZE);
                python.send("op", "data_in_place", "dir", tableDir(table), "name", name, "hex", hex);
                update(table, name, null, hex);
                what = round(r, "Python rewrote " + name + ".pickle in place (same size)", name, table);
                expectData(live, table, name, what);
                expectSizes(live, table, what);

                String freshText = metaFixed(fresh);
                String freshHex = data(fresh, ++gen, DATA_SIZE);
                python.send("op", "create", "dir", tableDir(table), "name", fresh, "text", freshText, "hex", freshHex);
                model.get(table).put(fresh, new Row(freshText, freshHex));
                what = round(r, "wrote the new entry " + fresh, fresh, table);
                expectListing(live, table, what);
                expectCount(live, table, what);
                expectMeta(live, table, fresh, what);

                python.send("op", "remove", "dir", tableDir(table), "name", name);
                model.get(table).remove(name);
                what = round(r, "removed the files of " + name, name, table);
                expectMeta(live, table, name, what);
                expectListing(live, table, what);
                expectCount(live, table, what);
            }
        }
    }

    /**
     * A sub-database made and removed by Python: a table that did not exist is 42S02, then, once its
     * directory and an entry are written, it is read; once removed, it is 42S02 again.
     */
    @Test
    void subDatabaseCreatedAndRemovedByPython() throws Exception {
        for (int r = 0; r < ROUNDS; r++) {
            String table = String.format("t%02d", r);
            String name = "e";
            expectNoTable(table, round(r, "before the directory exists", name, table));
            python.send("op", "mkdir", "dir", tableDir("db"), "name", table);
            model.put(table, new TreeMap<>());
            String what = round(r, "Python made the directory " + table, name, table);
            expectCount(live, table, what);
            String text = metaFixed(name);
            String hex = data(name, ++gen, DATA_SIZE);
            python.send("op", "create", "dir", tableDir(table), "name", name, "text", text, "hex", hex);
            model.get(table).put(name, new Row(text, hex));
            what = round(r, "Python wrote the entry " + name + " into " + table, name, table);
            expectListing(live, table, what);
            expectMeta(live, table, name, what);
            expectData(live, table, name, what);
            expectCount(live, table, what);
            python.send("op", "rmtree", "dir", tableDir("db"), "name", table);
            model.remove(table);
            expectNoTable(table, round(r, "Python removed the directory " + table, name, table));
        }
    }

    private void expectNoTable(String table, String what) {
        for (String sql : List.of("SELECT name, meta FROM " + table, "SELECT meta FROM " + table + " WHERE name = 'e'")) {
            SQLException e = assertThrows(SQLException.class, () -> live.query(sql), () -> what + ": " + sql
                    + " found a table");
            assertEquals("42S02", e.getSQLState(), () -> what + ": " + sql + " failed with " + e);
        }
    }

    // ---------------------------------------------------------------- negative controls

    /**
     * The checks can fail: a reader that answers each statement from its first result (a cache never
     * invalidated, on a second connection) is reported stale, by name and in the listing, while the live
     * connection passes the same checks.
     */
    @Test
    void negativeControlAMemoizingReaderIsReportedStale() throws Exception {
        try (Connection second = DriverManager.getConnection("jdbc:dirdb:" + dir)) {
            Reader direct = reader(second);
            Map<String, List<List<Object>>> memo = new HashMap<>();
            Reader stale = (sql, params) -> {
                String key = sql + " " + Arrays.toString(params);
                List<List<Object>> rows = memo.get(key);
                if (rows == null) {
                    rows = direct.query(sql, params);
                    memo.put(key, rows);
                }
                return rows;
            };
            for (int r = 0; r < 3; r++) {
                expectMeta(stale, "db", "control", round(r, "control, before the change", "control"));
                expectListing(stale, "db", round(r, "control, before the change", "control"));
                String before = model.get("db").get("control").meta();
                String text = metaFixed("control");
                python.send("op", "meta_in_place", "dir", tableDir("db"), "name", "control", "text", text);
                update("db", "control", text, null);
                String what = round(r, "control: Python rewrote control.json in place", "control");
                AssertionFailedError byName = assertThrows(AssertionFailedError.class,
                        () -> expectMeta(stale, "db", "control", what), "a memoized answer passed the check");
                assertTrue(byName.getMessage().contains(before) && byName.getMessage().contains(text)
                        && byName.getMessage().contains("round " + r), byName.getMessage());
                AssertionFailedError listing = assertThrows(AssertionFailedError.class,
                        () -> expectListing(stale, "db", what), "a memoized listing passed the check");
                assertTrue(listing.getMessage().contains(before) && listing.getMessage().contains(text),
                        listing.getMessage());
                expectMeta(live, "db", "control", what);
                expectListing(live, "db", what);
                expectMeta(direct, "db", "control", what);
                memo.clear();
            }
        }
    }

    /**
     * The restored-time rewrite really is invisible to a stat: inode, size and modification time are the
     * same before and after, while the text differs. So the rounds above exercise exactly what a cache
     * validated by a stat would serve stale.
     */
    @Test
    void negativeControlARestoredTimeRewriteLeavesTheStatUnchanged() throws Exception {
        String name = "control";
        Path json = dir.resolve(name + ".json");
        for (int r = 0; r < 3; r++) {
            // Fresh first, so that the live check below holds even for a cache of settled values only.
            String fresh = metaFixed(name);
            python.send("op", "meta_in_place", "dir", tableDir("db"), "name", name, "text", fresh);
            update("db", name, fresh, null);
            expectMeta(live, "db", name, round(r, "control: Python rewrote control.json in place", name));
            BasicFileAttributes before = Files.readAttributes(json, BasicFileAttributes.class);
            String oldText = Files.readString(json);
            String text = metaFixed(name);
            python.send("op", "rewrite_keep_mtime", "dir", tableDir("db"), "name", name, "text", text);
            update("db", name, text, null);
            BasicFileAttributes after = Files.readAttributes(json, BasicFileAttributes.class);
            assertEquals(List.of(before.fileKey(), before.size(), before.lastModifiedTime()),
                    List.of(after.fileKey(), after.size(), after.lastModifiedTime()), "round " + r);
            assertNotEquals(oldText, Files.readString(json), "round " + r);
            assertEquals(text, Files.readString(json), "round " + r);
            expectMeta(live, "db", name, round(r, "control: rewrite with the time put back", name));
        }
    }

    // ---------------------------------------------------------------- expectations

    private void expectMeta(Reader reader, String table, String name, String what) throws SQLException {
        Row row = model.get(table).get(name);
        List<List<Object>> expected = row == null ? List.of() : List.of(Arrays.asList((Object) row.meta()));
        compare(reader, what, expected, "SELECT meta FROM " + table + " WHERE name = ?", name);
    }

    private void expectData(Reader reader, String table, String name, String what) throws SQLException {
        Row row = model.get(table).get(name);
        List<List<Object>> expected = row == null ? List.of()
                : List.of(Arrays.asList(row.hex(), (long) row.hex().length() / 2, "bytes"));
        compare(reader, what, expected, "SELECT data, size, format FROM " + table + " WHERE name = ?", name);
    }

    /** The entry's metadata by name and through the listing of {@code db}, in either order. */
    private void expectMetaAndListing(boolean byNameFirst, String name, String what) throws SQLException {
        if (byNameFirst) {
            expectMeta(live, "db", name, what);
            expectListing(live, "db", what);
        } else {
            expectListing(live, "db", what);
            expectMeta(live, "db", name, what);
        }
    }

    private void expectListing(Reader reader, String table, String what) throws SQLException {
        List<List<Object>> expected = new ArrayList<>();
        model.get(table).forEach((name, row) -> expected.add(Arrays.asList(name, row.meta())));
        compare(reader, what, expected, "SELECT name, meta FROM " + table);
    }

    private void expectSizes(Reader reader, String table, String what) throws SQLException {
        List<List<Object>> expected = new ArrayList<>();
        model.get(table).forEach((name, row) -> expected.add(Arrays.asList(name, (long) row.hex().length() / 2)));
        compare(reader, what, expected, "SELECT name, size FROM " + table);
    }

    /** The payload of one entry read through a listing (no {@code WHERE name}). */
    private void expectDataListing(Reader reader, String table, String name, String what) throws SQLException {
        List<List<Object>> expected = List.of(Arrays.asList(name, model.get(table).get(name).hex()));
        compare(reader, what, expected, "SELECT name, data FROM " + table + " WHERE name LIKE ?", name);
    }

    private void expectCount(Reader reader, String table, String what) throws SQLException {
        compare(reader, what, List.of(List.of((long) model.get(table).size())), "SELECT COUNT(*) FROM " + table);
    }

    private void expectModified(Reader reader, String table, String name, Instant modified, String what)
            throws SQLException {
        compare(reader, what, List.of(List.of(modified)), "SELECT modified FROM " + table + " WHERE name = ?", name);
        List<List<Object>> listed = reader.query("SELECT name, modified FROM " + table);
        List<List<Object>> mine = listed.stream().filter(row -> name.equals(row.get(0))).toList();
        if (!mine.equals(List.of(List.of(name, modified)))) {
            fail(what + ": SELECT name, modified FROM " + table + " listed " + mine + " but expected "
                    + List.of(List.of(name, modified)));
        }
    }

    private static void compare(Reader reader, String what, List<List<Object>> expected, String sql,
            Object... params) throws SQLException {
        List<List<Object>> actual = reader.query(sql, params);
        if (actual.equals(expected)) {
            return;
        }
        String statement = sql + (params.length == 0 ? "" : " with " + Arrays.toString(params));
        if (expected.size() <= 1 && actual.size() <= 1) {
            fail(what + ": " + statement + " read " + actual + " but expected " + expected);
        }
        // A listing: name the rows that differ.
        Map<Object, List<Object>> want = new TreeMap<>();
        expected.forEach(row -> want.put(row.get(0), row));
        Map<Object, List<Object>> got = new TreeMap<>();
        actual.forEach(row -> got.put(row.get(0), row));
        List<String> diffs = new ArrayList<>();
        for (Object key : union(want.keySet(), got.keySet())) {
            if (!Objects.equals(want.get(key), got.get(key))) {
                diffs.add("read " + got.get(key) + " but expected " + want.get(key));
            }
        }
        if (diffs.isEmpty()) {
            diffs.add("same rows in another order or repeated");
        }
        fail(what + ": " + statement + " returned " + actual.size() + " rows, expected " + expected.size() + "; "
                + diffs.subList(0, Math.min(5, diffs.size())) + (diffs.size() > 5 ? " and " + (diffs.size() - 5)
                + " more" : ""));
    }

    private static List<Object> union(java.util.Set<Object> a, java.util.Set<Object> b) {
        TreeMap<Object, Boolean> all = new TreeMap<>();
        a.forEach(k -> all.put(k, true));
        b.forEach(k -> all.put(k, true));
        return List.copyOf(all.keySet());
    }

    /** Runs each statement afresh on {@code c}; bytes as hex, timestamps as instants, numbers as longs. */
    private static Reader reader(Connection c) {
        Map<String, PreparedStatement> prepared = new HashMap<>();
        return (sql, params) -> {
            PreparedStatement s = prepared.get(sql);
            if (s == null) {
                s = c.prepareStatement(sql);
                prepared.put(sql, s);
            }
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String label = md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                        if (label.equals("data")) {
                            byte[] bytes = rs.getBytes(i);
                            row.add(bytes == null ? null : HexFormat.of().formatHex(bytes));
                        } else if (label.equals("modified")) {
                            Timestamp t = rs.getTimestamp(i);
                            row.add(t == null ? null : t.toInstant());
                        } else {
                            Object value = rs.getObject(i);
                            row.add(value instanceof Number n && !(value instanceof Double) ? n.longValue() : value);
                        }
                    }
                    rows.add(row);
                }
            }
            return rows;
        };
    }

    // ---------------------------------------------------------------- fixtures

    private static String name(String prefix, int r) {
        return String.format("%s-%02d", prefix, r);
    }

    private static String round(int r, String change, String name) {
        return "round " + r + ", " + change + " [entry " + name + "]";
    }

    private static String round(int r, String change, String name, String table) {
        return "round " + r + ", table " + table + ", " + change + " [entry " + name + "]";
    }

    /** Metadata of a fixed length for every generation, exactly as Python's json.dumps writes it. */
    private String metaFixed(String name) {
        return "{\"name\": \"" + name + "\", \"gen\": " + (++gen) + "}";
    }

    /** Metadata whose length depends on {@code pad}. */
    private String metaPadded(String name, int pad) {
        return "{\"name\": \"" + name + "\", \"gen\": " + (++gen) + ", \"pad\": \"" + "x".repeat(pad * 3) + "\"}";
    }

    private static String data(String name, long gen, int size) {
        try {
            byte[] seed = MessageDigest.getInstance("SHA-256").digest((name + "/" + gen).getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = seed[i % seed.length];
            }
            out[0] = (byte) gen; // distinct from the previous generation even if the digests collided
            return HexFormat.of().formatHex(out);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private void insert(Connection c, String table, String name, String meta) throws SQLException {
        String hex = data(name, ++gen, DATA_SIZE);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (name, meta, data) VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, meta);
            s.setBytes(3, HexFormat.of().parseHex(hex));
            assertEquals(1, s.executeUpdate());
        }
        model.get(table).put(name, new Row(meta, hex));
    }

    private void createByPython(String table, String name, String meta) throws Exception {
        String hex = data(name, ++gen, DATA_SIZE);
        python.send("op", "create", "dir", tableDir(table), "name", name, "text", meta, "hex", hex);
        model.get(table).put(name, new Row(meta, hex));
    }

    /** Sets the expected metadata (when {@code meta} is given, or removes it when both are null) or payload. */
    private void update(String table, String name, String meta, String hex) {
        Row row = model.get(table).get(name);
        if (meta == null && hex == null) {
            model.get(table).put(name, new Row(null, row.hex()));
        } else {
            model.get(table).put(name, new Row(meta != null ? meta : row.meta(), hex != null ? hex : row.hex()));
        }
    }

    private String tableDir(String table) {
        String path = table.replace("\"", "");
        return (path.equals("db") ? dir : dir.resolve(path)).toString();
    }

    /** The later modification time of the entry's files, read from the file system. */
    private static Instant modifiedOnDisk(Path dir, String name) throws IOException {
        Instant latest = null;
        for (String suffix : List.of(".pickle", ".json")) {
            try {
                Instant t = Files.getLastModifiedTime(dir.resolve(name + suffix)).toInstant();
                latest = latest == null || t.isAfter(latest) ? t : latest;
            } catch (NoSuchFileException e) {
                // the entry has no such file
            }
        }
        return latest;
    }

    // ---------------------------------------------------------------- child processes

    /** A child that takes one JSON command per line and answers {@code ack} once the change has returned. */
    static final class Child {
        private final String label;
        private final Process process;
        private final Lines lines;
        private final OutputStream in;

        private Child(String label, Process process) throws InterruptedException {
            this.label = label;
            this.process = process;
            this.lines = new Lines(process.getInputStream(), label);
            this.in = process.getOutputStream();
            lines.expect("ready", Duration.ofSeconds(60));
        }

        static Child python() throws IOException, InterruptedException {
            Path script = Path.of(System.getProperty("basedir", ".")).resolve("src/test/python/coherence_writer.py")
                    .toAbsolutePath();
            return new Child("python writer", new ProcessBuilder(Python.interpreter(), script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        static Child java(Class<?> main, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            return new Child("writer JVM", new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }

        /** Sends one command (alternating keys and values) and waits until the child has made the change. */
        void send(String... keysAndValues) throws IOException, InterruptedException {
            Map<String, String> cmd = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                cmd.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            in.write((JSON.writeValueAsString(cmd) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String answer = lines.next(Duration.ofSeconds(60));
            if (!"ack".equals(answer)) {
                fail("the " + label + " did not make the change " + cmd + ": it answered " + answer);
            }
        }

        void close() throws InterruptedException {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
            lines.awaitEnd(Duration.ofSeconds(30));
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
