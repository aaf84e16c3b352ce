package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.dirdb.reliability.HostileNames.Kind;
import org.dirdb.reliability.HostileNames.Name;
import org.dirdb.store.DirSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suite 5: hostile names and planted files, through JDBC. Layout of the temporary directory:
 *
 * <pre>
 *   outside/secret.pickle, secret.json, secret.lock   files the driver must never read, write or lock
 *   l2/l1/db/                                         the database; l2 and l1 are the two levels above it
 * </pre>
 *
 * Every statement that must be refused is checked for: an {@link SQLException} with the expected SQLState,
 * no change at all under {@code l2} (names, sizes, modification times, inodes and contents, directories'
 * times included), no change to the secret files (atime included where the file system keeps it), and
 * the secret's text in no result and no error message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileNamesTest {
    static final String SECRET = "TOP-SECRET-7f3a9c1e-do-not-serve";

    Path root;
    Path outside;
    Path levels;
    Path db;
    Connection connection;

    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger snapshots = new AtomicInteger();
    private final AtomicInteger changedByRefused = new AtomicInteger();
    private final Set<String> namesTried = new HashSet<>();
    private final Map<String, Integer> states = new TreeMap<>();
    private int plantedCases;
    private int acceptedAtLimit;
    private String atimeNote = "not checked";
    private String localeNote = "not run";

    @BeforeAll
    void layout(@TempDir Path tempDir) throws Exception {
        root = tempDir;
        outside = Files.createDirectories(root.resolve("outside"));
        Files.write(outside.resolve("secret.pickle"), pickle(SECRET.getBytes(StandardCharsets.US_ASCII)));
        Files.writeString(outside.resolve("secret.json"), "{\"secret\": \"" + SECRET + "\"}");
        Files.writeString(outside.resolve("secret.lock"), SECRET);
        Files.createDirectories(outside.resolve("secret-dir.pickle"));
        levels = root.resolve("l2");
        db = Files.createDirectories(levels.resolve("l1").resolve("db"));
        connection = DriverManager.getConnection("jdbc:dirdb:" + db);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (String name : List.of("x", "y")) {
                insert.setString(1, name);
                insert.setString(2, "{\"entry\": \"" + name + "\"}");
                insert.setBytes(3, name.getBytes(StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
        }
        // Make any read of a secret file visible in its atime: relatime updates atime on the next read
        // when atime is not later than mtime and ctime.
        for (String f : List.of("secret.pickle", "secret.json", "secret.lock")) {
            Path p = outside.resolve(f);
            Files.setAttribute(p, "lastModifiedTime", FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Files.setAttribute(p, "lastAccessTime", FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        }
        atimeNote = atimeIsReliable() ? "atime checked (a control read changed it)"
                : "atime not kept by this file system (a control read did not change it); contents and other times checked";
    }

    /** Whether a read on this file system updates atime the way {@link #layout} relies on. */
    private boolean atimeIsReliable() throws IOException {
        Path control = outside.resolve("control");
        Files.writeString(control, "control");
        Files.setAttribute(control, "lastModifiedTime", FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.setAttribute(control, "lastAccessTime", FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        FileTime before = attrs(control).lastAccessTime();
        Files.readAllBytes(control);
        boolean changed = !before.equals(attrs(control).lastAccessTime());
        Files.delete(control);
        return changed;
    }

    @AfterAll
    void report() throws Exception {
        connection.close();
        // Read the secrets only now: their atime has been checked after every statement.
        assertEquals(SECRET, Files.readString(outside.resolve("secret.lock")));
        Map<String, Object> f = Figures.map();
        f.put("hostile names tried", namesTried.size());
        f.put("statements refused and checked", statements.get());
        f.put("directory snapshots compared (db and two levels above)", snapshots.get());
        f.put("refused statements that changed the directory or the two levels above it", changedByRefused.get());
        f.put("SQLStates of refusals", states);
        f.put("names at the 200-byte limit accepted and read back", acceptedAtLimit);
        f.put("planted-file cases (.pickle/.json/.lock linked outside, relative, dangling, to a directory, to itself,"
                + " to another entry; FIFOs under an entry's, a record's or a temp file's name; directories under an"
                + " entry's file's or a record's name; planted commit records)",
                plantedCases);
        f.put("results or messages that contained the secret", LEAKS.get());
        f.put("secret files", atimeNote);
        f.put("JVM started with LANG and LC_ALL set to C", localeNote);
        boolean held = changedByRefused.get() == 0 && LEAKS.get() == 0;
        Figures.record(5, "Hostile names and files",
                "Hostile entry names given to INSERT (and, where they could leave the directory, to UPDATE, DELETE"
                        + " and SELECT), statements on entries with planted symbolic links, FIFOs, directories and commit"
                        + " records, and a"
                        + " LANG=C JVM: each refusal must be an SQLException with its SQLState that changes nothing in"
                        + " the database directory or the two levels above it, and no file outside may be read or"
                        + " served. " + (held ? "All held." : "Not all held: see the counts below."), f);
    }

    // ---- names ----

    @TestFactory
    Stream<DynamicTest> everyHostileNameIsRefusedByInsertAndChangesNothing() {
        List<Name> names = HostileNames.all(db.resolve("x").toString(), outside.resolve("secret").toString());
        assertTrue(names.size() >= 60, "only " + names.size() + " names");
        return names.stream().map(n -> DynamicTest.dynamicTest(n.attack() + " " + HostileNames.show(n.value()), () -> {
            namesTried.add(n.value());
            refused("22023", () -> {
                try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
                    p.setString(1, n.value());
                    p.setString(2, "{\"k\": 1}");
                    p.setBytes(3, new byte[] {1, 2, 3});
                    p.executeUpdate();
                }
            });
            refused("22023", () -> update("INSERT INTO db (name, meta) VALUES (" + HostileNames.literal(n.value())
                    + ", '{}')"));
            refused("22023", () -> update("INSERT INTO db VALUES (" + HostileNames.literal(n.value())
                    + ", NULL, X'00'), ('fine-but-second', NULL, X'01')"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> namesThatCouldLeaveTheDirectoryAreRefusedByEveryStatement() {
        List<Name> names = HostileNames.all(db.resolve("x").toString(), outside.resolve("secret").toString());
        return names.stream().filter(n -> n.kind() == Kind.UNSAFE)
                .map(n -> DynamicTest.dynamicTest(n.attack() + " " + HostileNames.show(n.value()), () -> {
                    namesTried.add(n.value());
                    refused("22023", () -> withName("UPDATE db SET meta = '{}' WHERE name = ?", n.value()));
                    refused("22023", () -> withName("UPDATE db SET data = X'AA', meta = '{}' WHERE name = ?", n.value()));
                    refused("22023", () -> withName("DELETE FROM db WHERE name = ?", n.value()));
                    refused("22023", () -> select("SELECT name, meta, data FROM db WHERE name = ?", n.value()));
                    refused("22023", () -> update("DELETE FROM db WHERE name = " + HostileNames.literal(n.value())));
                    // The same look-up next to another condition is the same mistake, and refused the same way.
                    refused("22023", () -> select("SELECT name FROM db WHERE name = 'no-such' OR name = ?", n.value()));
                    refused("22023", () -> select("SELECT name FROM db WHERE size < 0 OR name IN ('no-such', ?)", n.value()));
                    refused("22023", () -> withName("DELETE FROM db WHERE name = ? OR name = 'no-such'", n.value()));
                    refused("22023", () -> withName("UPDATE db SET meta = '{}' WHERE NOT (name <> ?) OR name = 'no-such'",
                            n.value()));
                    refused("22023", () -> update("DELETE FROM db WHERE name = 'no-such' OR name = "
                            + HostileNames.literal(n.value())));
                    // A condition that excludes the value is answered: no entry has that name.
                    DirSnapshot before = snapshot();
                    assertEquals(0, select("SELECT name FROM db WHERE name <> ? AND name = 'no-such'", n.value()));
                    assertEquals(0, withName("DELETE FROM db WHERE name NOT IN (?) AND name = 'no-such'", n.value()));
                    assertEquals(before, snapshot());
                }));
    }

    /**
     * Names Python may have created (not portable, but harmless) are not errors for UPDATE, DELETE and
     * SELECT: they match nothing here, and change nothing.
     */
    @TestFactory
    Stream<DynamicTest> nonPortableNamesMatchNothingAndChangeNothing() {
        List<Name> names = HostileNames.all(db.resolve("x").toString(), outside.resolve("secret").toString());
        return names.stream().filter(n -> n.kind() == Kind.NOT_CREATABLE)
                .map(n -> DynamicTest.dynamicTest(n.attack() + " " + HostileNames.show(n.value()), () -> {
                    DirSnapshot before = snapshot();
                    assertEquals(0, withName("UPDATE db SET meta = '{}' WHERE name = ?", n.value()));
                    assertEquals(0, withName("DELETE FROM db WHERE name = ?", n.value()));
                    assertEquals(0, select("SELECT name, meta, data FROM db WHERE name = ?", n.value()));
                    assertEquals(0, select("SELECT name FROM db WHERE name = 'no-such' OR name = ?", n.value()));
                    assertEquals(0, withName("DELETE FROM db WHERE name IN (?, 'no-such') OR size < 0", n.value()));
                    assertEquals(before, snapshot());
                }));
    }

    @Test
    void namesAtTheByteLimitWithMultibyteEndingsAreAcceptedAndReadBack() throws Exception {
        for (String name : HostileNames.AT_LIMIT) {
            assertEquals(200, name.getBytes(StandardCharsets.UTF_8).length, HostileNames.show(name));
            byte[] data = ("payload of " + name).getBytes(StandardCharsets.UTF_8);
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
                p.setString(1, name);
                p.setString(2, "{\"n\": 1}");
                p.setBytes(3, data);
                assertEquals(1, p.executeUpdate());
            }
            try (PreparedStatement p = connection.prepareStatement("SELECT name, data FROM db WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next(), HostileNames.show(name));
                    assertEquals(name, rs.getString(1));
                    assertArrayEquals(data, rs.getBytes(2));
                }
            }
            assertTrue(Files.isRegularFile(db.resolve(name + ".pickle")));
            assertEquals(1, withName("DELETE FROM db WHERE name = ?", name));
            acceptedAtLimit++;
        }
    }

    /** x.pickle, x.json, x.lock... are entries of their own and never touch entry x. */
    @Test
    void lookalikesOfOtherEntriesFilesAreTheirOwnEntries() throws Exception {
        String xBefore = entryFiles("x");
        for (String name : HostileNames.LOOKALIKES_ACCEPTED) {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
                p.setString(1, name);
                p.setString(2, "{\"lookalike\": true}");
                p.setBytes(3, name.getBytes(StandardCharsets.UTF_8));
                assertEquals(1, p.executeUpdate(), name);
            }
        }
        List<String> listed = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT name, data FROM db ORDER BY name")) {
            while (rs.next()) {
                listed.add(rs.getString(1));
                if (HostileNames.LOOKALIKES_ACCEPTED.contains(rs.getString(1))) {
                    assertArrayEquals(rs.getString(1).getBytes(StandardCharsets.UTF_8), rs.getBytes(2));
                }
            }
        }
        assertTrue(listed.containsAll(HostileNames.LOOKALIKES_ACCEPTED), listed.toString());
        assertEquals(xBefore, entryFiles("x"), "entry x must be untouched");
        for (String name : HostileNames.LOOKALIKES_ACCEPTED) {
            assertEquals(1, withName("DELETE FROM db WHERE name = ?", name));
        }
        assertEquals(xBefore, entryFiles("x"), "entry x must be untouched");
    }

    /** NFC and NFD spellings of one name: only the NFC one can be created, and they never alias. */
    @Test
    void nfcAndNfdTwinsNeverAlias() throws Exception {
        String nfc = "caf\u00e9";
        String nfd = "cafe\u0301";
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, data) VALUES (?, X'01')")) {
            p.setString(1, nfc);
            assertEquals(1, p.executeUpdate());
        }
        namesTried.add(nfd);
        refused("22023", () -> update("INSERT INTO db (name, data) VALUES (" + HostileNames.literal(nfd) + ", X'02')"));
        assertEquals(0, select("SELECT name FROM db WHERE name = ?", nfd), "the NFD spelling must not find the NFC entry");
        assertEquals(0, withName("UPDATE db SET data = X'03'\nWHERE name = ?", nfd));
        assertEquals(0, withName("DELETE FROM db WHERE name = ?", nfd));
        assertEquals(1, select("SELECT name FROM db WHERE name = ?", nfc));
        assertEquals(1, withName("DELETE FROM db WHERE name = ?", nfc));
    }

    @Test
    void aNullNameIsANotNullViolation() {
        refused("23502", () -> {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, data) VALUES (?, X'01')")) {
                p.setNull(1, java.sql.Types.VARCHAR);
                p.executeUpdate();
            }
        });
        refused("23502", () -> update("INSERT INTO db (name, data) VALUES (NULL, X'01')"));
    }

    /** The checker itself: an accepted INSERT does change the snapshot it compares. */
    @Test
    void theSnapshotSeesAnAcceptedInsert() throws Exception {
        DirSnapshot before = snapshot();
        assertEquals(1, update("INSERT INTO db (name, data) VALUES ('snapshot-control', X'01')"));
        assertNotEquals(before, snapshot());
        assertEquals(1, update("DELETE FROM db WHERE name = 'snapshot-control'"));
    }

    // ---- planted files ----

    record Plant(String entry, String file, Path target, boolean regularPickle) {}

    record Op(String label, String sql, boolean query) {}

    /** Every kind of statement on one entry named by the parameter, reading and writing each of its files. */
    private static final List<Op> STATEMENTS_ON_ONE_ENTRY = List.of(
            new Op("select row", "SELECT name, meta, data, size, format, modified FROM db WHERE name = ?", true),
            new Op("select data", "SELECT data FROM db WHERE name = ?", true),
            new Op("select meta", "SELECT meta FROM db WHERE name = ?", true),
            new Op("update meta", "UPDATE db SET meta = '{\"w\": 1}' WHERE name = ?", false),
            new Op("update data", "UPDATE db SET data = X'0102'\nWHERE name = ?", false),
            new Op("update both", "UPDATE db SET data = X'0304', meta = '{\"w\": 2}' WHERE name = ?", false),
            new Op("delete", "DELETE FROM db WHERE name = ?", false),
            new Op("insert over", "INSERT INTO db (name, meta, data) VALUES (?, '{}', X'05')", false));

    /** {@code op} on the entry {@code entry}: a query read to its end, or an update. */
    private SqlAction statement(Op op, String entry) {
        return () -> {
            if (op.query()) {
                select(op.sql(), entry);
            } else {
                withName(op.sql(), entry);
            }
        };
    }

    /**
     * An entry with one of its files replaced by a symbolic link (outside, relative, dangling, to a
     * directory, to itself, to another entry), and every statement on it. Each (link, statement) pair gets
     * its own entry, so that one statement's outcome cannot change what the next one sees.
     */
    @TestFactory
    Stream<DynamicTest> plantedSymlinksAreNeverFollowed() throws Exception {
        List<Plant> plants = List.of(
                new Plant("pk-out", ".pickle", outside.resolve("secret.pickle"), false),
                new Plant("js-out", ".json", outside.resolve("secret.json"), true),
                new Plant("lk-out", ".lock", outside.resolve("secret.lock"), true),
                new Plant("pk-rel", ".pickle", Path.of("../../../outside/secret.pickle"), false),
                new Plant("pk-dangling", ".pickle", outside.resolve("missing.pickle"), false),
                new Plant("js-dangling", ".json", outside.resolve("missing.json"), true),
                new Plant("lk-dangling", ".lock", outside.resolve("created-through-link.lock"), true),
                new Plant("pk-dir", ".pickle", outside.resolve("secret-dir.pickle"), false),
                new Plant("pk-loop", ".pickle", Path.of("pk-loop.pickle"), false),
                new Plant("pk-inside", ".pickle", db.resolve("x.pickle"), false));
        List<DynamicTest> tests = new ArrayList<>();
        for (Plant p : plants) {
            for (Op op : STATEMENTS_ON_ONE_ENTRY) {
                String entry = p.entry() + "-" + op.label().replace(' ', '-');
                if (p.regularPickle()) {
                    Files.write(db.resolve(entry + ".pickle"), pickle(("own " + entry).getBytes(StandardCharsets.UTF_8)));
                }
                Path target = p.target().toString().equals(p.entry() + ".pickle") ? Path.of(entry + ".pickle") : p.target();
                Files.createSymbolicLink(db.resolve(entry + p.file()), target);
                tests.add(DynamicTest.dynamicTest(entry, () -> {
                    plantedCases++;
                    SqlAction run = statement(op, entry);
                    switch (expectation(p.file(), op.label())) {
                        // A planted link is a damaged entry whichever file it replaces: 22000 (23505 for
                        // an INSERT over the existing entry).
                        case REFUSED -> refused(op.label().equals("insert over") ? "23505" : "22000", run);
                        case ANSWERED -> {
                            // It may answer (the file it reads is not the link) or refuse (the entry is
                            // damaged); either way it changes nothing and serves nothing of the target.
                            DirSnapshot before = snapshot();
                            try {
                                run.run();
                            } catch (SQLException e) {
                                assertNotNull(e.getSQLState(), e.toString());
                                noSecret(String.valueOf(e.getMessage()), "an error message");
                            }
                            assertEquals(before, snapshot(), "a read that never opens the link changed something");
                            secretsUntouched();
                        }
                        case LINK_REPLACED -> {
                            DirSnapshot before = snapshot();
                            run.run();
                            DirSnapshot after = snapshot();
                            Map<String, String> othersBefore = others(before, entry);
                            Map<String, String> othersAfter = others(after, entry);
                            // The marker of an earlier case's commit, whose renames were done, goes after this
                            // statement's directory fsync: removed, never made or changed.
                            othersBefore.keySet().removeIf(k -> k.startsWith("l1/db/.") && k.endsWith(".commit")
                                    && !othersAfter.containsKey(k));
                            assertEquals(othersBefore, othersAfter, "only the entry's own files may change");
                            for (String suffix : List.of(".pickle", ".json")) {
                                Path f = db.resolve(entry + suffix);
                                boolean written = suffix.equals(".pickle") ? op.label().contains("data")
                                        || op.label().contains("both") : op.label().contains("meta")
                                        || op.label().contains("both");
                                if (op.label().equals("delete")) {
                                    assertFalse(Files.exists(f, LinkOption.NOFOLLOW_LINKS), f + " left after DELETE");
                                } else if (written) {
                                    assertTrue(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS), f + " must now be a"
                                            + " regular file, the link replaced and its target untouched");
                                }
                            }
                            secretsUntouched();
                        }
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("full scan with planted links", () -> {
            plantedCases++;
            refused(null, () -> {
                try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM db ORDER BY name")) {
                    while (rs.next()) {
                        readRow(rs);
                    }
                }
            });
        }));
        tests.add(DynamicTest.dynamicTest("no file was created through a dangling link", () -> {
            assertFalse(Files.exists(outside.resolve("created-through-link.lock"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(outside.resolve("missing.pickle"), LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(outside.resolve("missing.json"), LinkOption.NOFOLLOW_LINKS));
        }));
        return tests.stream();
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + path);
    }

    private static boolean isFifo(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isOther();
    }

    /** Writes the entry's payload and metadata files, except {@code planted}, which the test plants itself. */
    private void writeOwnFilesBut(String entry, String planted) throws IOException {
        for (String own : List.of(".pickle", ".json")) {
            if (!own.equals(planted)) {
                Files.write(db.resolve(entry + own), own.equals(".pickle") ? pickle(new byte[] {7})
                        : "{\"own\": 1}".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /**
     * An entry with one of its files replaced by a FIFO, and every statement on it. Opening a FIFO for
     * reading blocks until some process opens it for writing, so a store that opened one would hang for good.
     * No statement may block: one that must read the FIFO is refused as a damaged entry (22000) and changes
     * nothing; a write replaces or removes it like any file of the entry; a FIFO as the lock file locks like
     * one (flock works on any file).
     */
    @TestFactory
    Stream<DynamicTest> plantedFifosNeverBlock() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of(".pickle", ".json", ".lock")) {
            for (Op op : STATEMENTS_ON_ONE_ENTRY) {
                String entry = "fifo" + file.replace('.', '-') + "-" + op.label().replace(' ', '-');
                writeOwnFilesBut(entry, file);
                mkfifo(db.resolve(entry + file));
                tests.add(DynamicTest.dynamicTest(entry, () -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        Duration.ofSeconds(30), () -> {
                    plantedCases++;
                    SqlAction run = statement(op, entry);
                    boolean readsIt = op.label().equals("select row")
                            || op.label().equals("select data") && file.equals(".pickle")
                            || op.label().equals("select meta") && file.equals(".json");
                    if (op.label().equals("insert over")) {
                        refused("23505", run);
                    } else if (readsIt && !file.equals(".lock")) {
                        refused("22000", run);
                    } else {
                        run.run();
                        statements.incrementAndGet();
                        Path f = db.resolve(entry + file);
                        boolean rewritten = op.label().equals("update both")
                                || op.label().equals("update data") && file.equals(".pickle")
                                || op.label().equals("update meta") && file.equals(".json");
                        if (op.label().equals("delete") && !file.equals(".lock")) {
                            assertFalse(Files.exists(f, LinkOption.NOFOLLOW_LINKS), f + " left after DELETE");
                        } else if (rewritten && !file.equals(".lock")) {
                            assertTrue(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS), f + " must now be a regular file");
                        } else {
                            assertTrue(isFifo(f), f + " is not the store's to replace");
                        }
                    }
                })));
            }
        }
        tests.add(DynamicTest.dynamicTest("a new connection recovers past a FIFO record and a FIFO temp file", () -> {
            plantedCases++;
            Files.writeString(db.resolve("fifo-rec.json"), "{\"own\": 2}");
            mkfifo(db.resolve(".fifo-rec.commit"));
            mkfifo(db.resolve(".fifo-rec.json.0011223344556677.tmp"));
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + db);
                        PreparedStatement ps = c.prepareStatement("SELECT meta FROM db WHERE name = 'fifo-rec'");
                        ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("{\"own\": 2}", rs.getString(1));
                }
            });
            assertFalse(Files.exists(db.resolve(".fifo-rec.commit"), LinkOption.NOFOLLOW_LINKS),
                    "a FIFO under a record's name is no record: removed like a torn one");
            assertTrue(isFifo(db.resolve(".fifo-rec.json.0011223344556677.tmp")),
                    "a FIFO under a temp file's name is no writer's: left alone");
        }));
        return tests.stream();
    }

    /**
     * An entry with one of its files replaced by a directory that is not empty, and every statement on it.
     * Unlike a link or a FIFO, a directory cannot be replaced by a rename or removed by an unlink, so a write
     * that would replace or remove it is refused (22000) before it writes anything; one that leaves it alone
     * goes through. Either way the store stays usable: a write must never fail past its commit point, which
     * would leave a commit that no recovery can finish and a directory that no connection can open.
     */
    @TestFactory
    Stream<DynamicTest> plantedDirectoriesNeverBreakTheStore() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Files.writeString(db.resolve("dir-control.json"), "{}"); // written after each case: the store still writes
        for (String file : List.of(".pickle", ".json", ".lock")) {
            for (Op op : STATEMENTS_ON_ONE_ENTRY) {
                String entry = "dir" + file.replace('.', '-') + "-" + op.label().replace(' ', '-');
                writeOwnFilesBut(entry, file);
                if (!file.equals(".lock")) {
                    // As for any entry the driver or Python wrote: a write's lock then creates nothing.
                    Files.createFile(db.resolve(entry + ".lock"));
                }
                Path planted = Files.createDirectories(db.resolve(entry + file));
                Files.writeString(planted.resolve("inside"), "not the store's");
                tests.add(DynamicTest.dynamicTest(entry, () -> {
                    plantedCases++;
                    SqlAction run = statement(op, entry);
                    String label = op.label();
                    boolean readsIt = label.equals("select row")
                            || label.equals("select data") && file.equals(".pickle")
                            || label.equals("select meta") && file.equals(".json");
                    boolean replacesIt = label.equals("update both") || label.equals("delete")
                            || label.equals("update data") && file.equals(".pickle")
                            || label.equals("update meta") && file.equals(".json");
                    if (label.equals("insert over")) {
                        refused("23505", run);
                    } else if (file.equals(".lock") ? !op.query() : readsIt || replacesIt) {
                        refused("22000", run); // a write cannot lock through a directory either
                    } else if (file.equals(".lock")) {
                        // Reads go on (small whole files need no lock, and a shared one can be taken on it).
                        DirSnapshot before = snapshot();
                        run.run();
                        assertEquals(before, snapshot(), "a read changed the directory");
                    } else {
                        run.run();
                        statements.incrementAndGet();
                    }
                    if (label.equals("select row")) {
                        // Renaming the entry would move the directory: refused like any write that touches it.
                        refused("22000", () -> withName("UPDATE db SET name = '" + entry + "-moved' WHERE name = ?",
                                entry));
                    }
                    assertEquals("not the store's", Files.readString(planted.resolve("inside")),
                            "the planted directory is not the store's to change");
                    try (Connection fresh = DriverManager.getConnection("jdbc:dirdb:" + db);
                            Statement s = fresh.createStatement()) {
                        assertEquals(1, s.executeUpdate(
                                "UPDATE db SET meta = '{\"after\": 1}' WHERE name = 'dir-control'"),
                                "a new connection must open and write after " + label + " on " + entry);
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("a directory under a commit record's name: left alone if not empty,"
                + " removed if empty, and never a reason to refuse the store", () -> {
            plantedCases++;
            Files.write(db.resolve("dir-rec.pickle"), pickle(new byte[] {9}));
            Files.writeString(db.resolve("dir-rec.json"), "{\"own\": 3}");
            Path full = Files.createDirectories(db.resolve(".dir-rec.commit"));
            Files.writeString(full.resolve("inside"), "not the store's");
            Files.writeString(db.resolve("dir-rec-empty.json"), "{\"own\": 4}");
            Path empty = Files.createDirectories(db.resolve(".dir-rec-empty.commit"));
            try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + db)) {
                assertEquals(List.of("{\"own\": 3}"), metaOf(c, "dir-rec"));
                assertEquals(List.of("{\"own\": 4}"), metaOf(c, "dir-rec-empty"));
                assertFalse(Files.exists(empty, LinkOption.NOFOLLOW_LINKS), "an empty directory under a record's"
                        + " name is no record: removed like a torn one");
                // A change of one file takes no record: it goes through beside the directory.
                assertEquals(1, update(c, "UPDATE db SET meta = '{\"w\": 1}' WHERE name = 'dir-rec'"));
                // A change of both needs the record's name, which the directory holds.
                SQLException e = assertThrows(SQLException.class, () -> update(c,
                        "UPDATE db SET data = X'0A', meta = '{\"w\": 2}' WHERE name = 'dir-rec'"));
                assertEquals("22000", e.getSQLState(), e.toString());
                assertTrue(e.getMessage().contains(".dir-rec.commit"), e.getMessage());
                assertEquals(List.of("{\"w\": 1}"), metaOf(c, "dir-rec"));
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT data FROM db WHERE name = 'dir-rec'")) {
                    assertTrue(rs.next());
                    assertArrayEquals(new byte[] {9}, rs.getBytes(1), "the refused change wrote its payload");
                }
                assertEquals(1, update(c, "UPDATE db SET meta = '{\"after\": 2}' WHERE name = 'dir-control'"));
            }
            assertEquals("not the store's", Files.readString(full.resolve("inside")));
            try (Stream<Path> files = Files.list(db)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                        .filter(f -> f.startsWith(".dir-rec.") && f.endsWith(".tmp")).toList(),
                        "the refused change left temp files behind");
            }
        }));
        tests.add(DynamicTest.dynamicTest("an interrupted commit that a directory keeps from finishing: the store"
                + " opens, the entry is refused (22000) and no half of the commit is served, and the commit"
                + " completes once the directory is gone", () -> {
            plantedCases++;
            Path fresh = Files.createDirectories(levels.resolve("dir-in-commit"));
            try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + fresh); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO db (name, meta, data) VALUES ('held', '{\"v\": 1}', X'01'),"
                        + " ('other', '{\"v\": 1}', X'02')");
            }
            // What a writer leaves when it dies past its commit point, before its renames; then a directory
            // appears where the new metadata is to go.
            Files.write(fresh.resolve(".held.pickle.00112233445566aa.tmp"), pickle(new byte[] {2}));
            Files.writeString(fresh.resolve(".held.json.00112233445566bb.tmp"), "{\"v\": 2}");
            Files.createSymbolicLink(fresh.resolve(".held.commit"),
                    Path.of("dirdb1:00112233445566aa:00112233445566bb"));
            Files.delete(fresh.resolve("held.json"));
            Files.createDirectories(fresh.resolve("held.json")).resolve("inside").toFile().createNewFile();
            try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + fresh)) {
                assertEquals(List.of("{\"v\": 1}"), metaOf(c, "other"), "another entry must be served");
                for (String sql : List.of("SELECT data FROM db WHERE name = 'held'", "SELECT name FROM db")) {
                    SQLException e = assertThrows(SQLException.class, () -> {
                        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        }
                    }, sql);
                    assertEquals("22000", e.getSQLState(), sql + ": " + e);
                    assertTrue(e.getMessage().contains("held.json") && e.getMessage().contains("directory"),
                            e.getMessage());
                }
                assertTrue(Files.exists(fresh.resolve(".held.commit"), LinkOption.NOFOLLOW_LINKS),
                        "the record must stay until its commit can be finished");
                Files.delete(fresh.resolve("held.json").resolve("inside"));
                Files.delete(fresh.resolve("held.json"));
                assertEquals(List.of("{\"v\": 2}"), metaOf(c, "held"), "the commit completes, whole");
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT data FROM db WHERE name = 'held'")) {
                    assertTrue(rs.next());
                    assertArrayEquals(new byte[] {2}, rs.getBytes(1));
                }
            }
            assertFalse(Files.exists(fresh.resolve(".held.commit"), LinkOption.NOFOLLOW_LINKS));
        }));
        return tests.stream();
    }

    private static List<String> metaOf(Connection c, String entry) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT meta FROM db WHERE name = ?")) {
            p.setString(1, entry);
            try (ResultSet rs = p.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /**
     * Planted commit records ({@code .NAME.commit}, which recovery replays before an entry is used): a link
     * to a file outside, a marker whose temp file is a link outside, JSON records naming files outside or
     * another entry's files. Whatever recovery does with them, it may touch only the planted entry's own
     * files and the record, never a file outside the directory or of another entry, and it never serves
     * the secret.
     */
    @TestFactory
    Stream<DynamicTest> plantedCommitRecordsTouchNothingElse() throws Exception {
        Map<String, SqlAction> plants = new TreeMap<>();
        plants.put("cr-link", () -> Files.createSymbolicLink(db.resolve(".cr-link.commit"), outside.resolve("secret.pickle")));
        plants.put("cr-marker", () -> {
            Files.createSymbolicLink(db.resolve(".cr-marker.pickle.0011223344556677.tmp"), outside.resolve("secret.pickle"));
            Files.createSymbolicLink(db.resolve(".cr-marker.commit"), Path.of("dirdb1:0011223344556677:"));
        });
        plants.put("cr-marker-bad", () -> Files.createSymbolicLink(db.resolve(".cr-marker-bad.commit"),
                Path.of("dirdb1:../../../outside/secret:-")));
        plants.put("cr-json-outside", () -> Files.writeString(db.resolve(".cr-json-outside.commit"),
                "{\"format\": \"dirdb-commit/1\", \"entry\": \"cr-json-outside\", \"ops\": [{\"target\":"
                        + " \"../../../outside/secret.pickle\"}]}"));
        plants.put("cr-json-other", () -> Files.writeString(db.resolve(".cr-json-other.commit"),
                "{\"format\": \"dirdb-commit/1\", \"entry\": \"x\", \"ops\": [{\"target\": \"x.pickle\"},"
                        + " {\"target\": \"y.json\"}]}"));
        plants.put("cr-json-rename", () -> Files.writeString(db.resolve(".cr-json-rename.commit"),
                "{\"format\": \"dirdb-commit/1\", \"entry\": \"cr-json-rename\", \"from\": \"y\", \"ops\":"
                        + " [{\"target\": \"cr-json-rename.pickle\", \"source\": \"../../../outside/secret.pickle\"}]}"));
        List<String> statements = List.of("SELECT name, meta, data FROM db WHERE name = ?",
                "UPDATE db SET meta = '{\"after\": 1}' WHERE name = ?", "DELETE FROM db WHERE name = ?");
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, SqlAction> plant : plants.entrySet()) {
            for (String sql : statements) {
                String entry = plant.getKey();
                String variant = entry + "-" + n++;
                tests.add(DynamicTest.dynamicTest(variant + ": " + sql.substring(0, sql.indexOf(' ')), () -> {
                    plantedCases++;
                    Path fresh = Files.createDirectories(levels.resolve("commit-" + variant));
                    // Each case in its own database beside the main one, so one replay cannot feed the next.
                    // Written and closed first: a connection keeps the marker of its last commit of two files
                    // until its next directory fsync, and the plant takes that name.
                    try (Connection setup = DriverManager.getConnection("jdbc:dirdb:" + fresh);
                            PreparedStatement p = setup.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, '{}', X'01')")) {
                        for (String name : List.of("x", "y", entry)) {
                            p.setString(1, name);
                            p.executeUpdate();
                        }
                    }
                    try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + fresh)) {
                        Path saved = db;
                        db = fresh;
                        try {
                            plant.getValue().run();
                        } finally {
                            db = saved;
                        }
                        DirSnapshot before = DirSnapshot.of(levels);
                        try (PreparedStatement p = c.prepareStatement(sql)) {
                            p.setString(1, entry);
                            if (p.execute()) {
                                try (ResultSet rs = p.getResultSet()) {
                                    while (rs.next()) {
                                        readRow(rs);
                                    }
                                }
                            }
                            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM db")) {
                                while (rs.next()) {
                                    readRow(rs);
                                }
                            }
                        } catch (SQLException e) {
                            assertNotNull(e.getSQLState(), e.toString());
                            noSecret(String.valueOf(e.getMessage()), "an error message");
                        }
                        Map<String, String> rest = new TreeMap<>(DirSnapshot.of(levels).files());
                        Map<String, String> restBefore = new TreeMap<>(before.files());
                        String own = "commit-" + variant + "/";
                        for (Map<String, String> m : List.of(rest, restBefore)) {
                            m.keySet().removeIf(k -> k.equals(own.substring(0, own.length() - 1))
                                    || k.startsWith(own + entry + ".") || k.startsWith(own + "." + entry + "."));
                        }
                        assertEquals(restBefore, rest, "only the planted entry's files and its record may change");
                        secretsUntouched();
                    }
                }));
            }
        }
        return tests.stream();
    }

    enum Expect {
        /** The statement must open the linked file (or lock through it): an SQLException, nothing changed. */
        REFUSED,
        /** A read that need not open the linked file: it may answer or refuse, and changes nothing. */
        ANSWERED,
        /**
         * A write that replaces or removes the linked file itself: rename(2) and unlink(2) act on the link,
         * never on its target, so the link is gone afterwards and nothing outside the entry changed.
         */
        LINK_REPLACED
    }

    /** What the storage contract implies for a statement on an entry whose {@code file} is a planted link. */
    static Expect expectation(String file, String op) {
        if (file.equals(".lock") && op.equals("select meta")) {
            return Expect.ANSWERED; // the entry has no NAME.json: nothing to read, no lock needed
        }
        if (file.equals(".lock") && op.equals("select data")) {
            return Expect.ANSWERED; // a small whole payload is read without the lock (storage.md, "Reads without a lock")
        }
        if (file.equals(".lock") || op.equals("insert over") || op.equals("select row")) {
            return Expect.REFUSED; // a row of both files and every write lock; INSERT of an existing entry is 23505
        }
        if (op.startsWith("select")) {
            boolean opensIt = file.equals(".pickle") ? op.equals("select data") : op.equals("select meta");
            return opensIt ? Expect.REFUSED : Expect.ANSWERED;
        }
        return Expect.LINK_REPLACED;
    }

    /**
     * The snapshot without the entry's own files (its commit marker among them) and without the database
     * directory's own times.
     */
    private Map<String, String> others(DirSnapshot snapshot, String entry) {
        Map<String, String> rest = new TreeMap<>(snapshot.files());
        rest.keySet().removeIf(k -> k.startsWith("l1/db/" + entry + ".") || k.equals("l1/db/." + entry + ".commit")
                || k.equals("l1/db"));
        return rest;
    }

    // ---- a JVM whose file names are not UTF-8 ----

    @Test
    void aJvmWithTheCLocaleRefusesNonAsciiNamesClearlyAndServesAsciiOnes() throws Exception {
        Path cdb = Files.createDirectories(root.resolve("c-locale").resolve("db"));
        // An entry Python created with a UTF-8 name: the C-locale JVM cannot name it, and must skip it
        // rather than list a mangled name or fail the listing.
        Files.write(cdb.resolve("donn\u00e9es.pickle"), pickle(new byte[] {9}));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CLocaleProbe.class.getName(), cdb.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
        builder.environment().put("LANG", "C");
        builder.environment().put("LC_ALL", "C");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the C-locale JVM did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        List<String> lines = text.lines().toList();
        String encoding = value(lines, "encoding");
        assertFalse(encoding.equalsIgnoreCase("UTF-8"), "LANG=C did not change the file-name encoding: " + text);
        assertEquals("ok", value(lines, "ascii-insert"), text);
        assertEquals("[ascii]", value(lines, "listing"), text);
        int refusals = 0;
        for (String line : lines) {
            if (line.startsWith("refused ")) {
                refusals++;
                String[] parts = line.split(" ", 4);
                assertEquals("0A000", parts[2], line);
                assertTrue(parts[3].contains("UTF-8") && parts[3].contains("LANG"), "the message must say to use a"
                        + " UTF-8 locale: " + line);
            } else if (line.startsWith("accepted ") || line.startsWith("changed ") || line.startsWith("unexpected ")) {
                fail(line + "\n" + text);
            }
        }
        assertEquals(CLocaleProbe.NON_ASCII.size() * CLocaleProbe.STATEMENTS.size(), refusals, text);
        localeNote = refusals + " statements with non-ASCII names refused with 0A000 and an advice to use a UTF-8"
                + " locale (file-name encoding " + encoding + "); ASCII names worked; a UTF-8-named entry was skipped";
    }

    private static String value(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + key + "' line in " + lines));
    }

    // ---- helpers ----

    interface SqlAction {
        void run() throws Exception;
    }

    /**
     * Runs a statement that must fail: an SQLException with {@code state} (any non-null state when null),
     * nothing changed under l2, the secrets untouched and absent from the message.
     */
    private void refused(String state, SqlAction action) {
        DirSnapshot before = snapshot();
        statements.incrementAndGet();
        try {
            action.run();
            fail("the statement was accepted");
        } catch (SQLException e) {
            assertNotNull(e.getSQLState(), "no SQLState: " + e);
            if (state != null) {
                assertEquals(state, e.getSQLState(), e.toString());
            } else {
                assertEquals(5, e.getSQLState().length(), e.toString());
            }
            noSecret(String.valueOf(e.getMessage()), "an error message");
            synchronized (states) {
                states.merge(e.getSQLState(), 1, Integer::sum);
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("not an SQLException: " + t, t);
        }
        DirSnapshot after = snapshot();
        if (!before.equals(after)) {
            changedByRefused.incrementAndGet();
        }
        assertEquals(before, after, "the refused statement changed the directory or the two levels above it");
        secretsUntouched();
    }

    private final Map<String, String> secretState = new TreeMap<>();

    private void secretsUntouched() {
        for (String f : List.of("secret.pickle", "secret.json", "secret.lock")) {
            BasicFileAttributes a = attrs(outside.resolve(f));
            String state = a.size() + " " + a.lastModifiedTime() + " " + a.lastAccessTime() + " " + a.fileKey();
            String first = secretState.putIfAbsent(f, state);
            if (first != null) {
                assertEquals(first, state, f + " outside the directory was read or changed");
            }
        }
        try (Stream<Path> files = Files.list(outside)) {
            assertEquals(Set.of("secret.pickle", "secret.json", "secret.lock", "secret-dir.pickle"),
                    new HashSet<>(files.map(p -> p.getFileName().toString()).toList()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private DirSnapshot snapshot() {
        snapshots.incrementAndGet();
        return DirSnapshot.of(levels);
    }

    /** Inode, mtime and content hash of each of an entry's files. */
    private String entryFiles(String name) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String suffix : List.of(".pickle", ".json", ".lock")) {
            Path f = db.resolve(name + suffix);
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                out.append(suffix).append(' ').append(attrs(f).fileKey()).append(' ').append(attrs(f).lastModifiedTime())
                        .append(' ').append(DirSnapshot.sha256(Files.readAllBytes(f))).append('\n');
            }
        }
        return out.toString();
    }

    private int update(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private int withName(String sql, String name) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setString(1, name);
            return p.executeUpdate();
        }
    }

    /** Runs a query and reads every column of every row; returns the row count. */
    private int select(String sql, String name) throws SQLException {
        int rows = 0;
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    readRow(rs);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static final AtomicInteger LEAKS = new AtomicInteger();

    private static void noSecret(String text, String where) {
        if (text.contains(SECRET)) {
            LEAKS.incrementAndGet();
            fail("the secret outside the directory was served in " + where);
        }
    }

    private static void readRow(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String text;
            if ("data".equalsIgnoreCase(md.getColumnName(i))) {
                byte[] bytes = rs.getBytes(i);
                text = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
            } else {
                text = String.valueOf(rs.getObject(i));
            }
            noSecret(text, "column " + md.getColumnName(i));
        }
    }

    private static BasicFileAttributes attrs(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A protocol 4 pickle of one bytes object, as the driver writes it. */
    static byte[] pickle(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x80).put((byte) 4).put((byte) 0x8e).putLong(payload.length).put(payload).put((byte) '.');
        return b.array();
    }
}
