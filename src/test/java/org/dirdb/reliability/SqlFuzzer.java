package org.dirdb.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs statements against a small real directory through JDBC, one at a time, and checks each: nothing
 * but an {@link SQLException} (with an SQLState) escapes, it takes at most {@link #LIMIT_NANOS}, and if it
 * was refused the directory is exactly as before (names, sizes, modification times, inodes; the directory's
 * own times included). The one refused statement that may leave changes is a multi-row INSERT, whose rows
 * before the failing one stay written (documented in {@code Executor}): it may only have added files of
 * entries that did not exist.
 */
final class SqlFuzzer implements AutoCloseable {
    static final long LIMIT_NANOS = 1_000_000_000L;

    private final Path db;
    private final Connection connection;
    private final Random random;
    private final SqlGenerator generator;
    private Map<String, String> disk;

    long statements;
    long refused;
    long accepted;
    long partialInserts;
    long streamFailures;
    boolean settersCovered;
    int setterCount = setterList().size();
    long slowestNanos;
    long snapshotNanos;
    String slowest = "";
    final Map<String, String> slowestByKind = new TreeMap<>();
    private final Map<String, Long> slowestNanosByKind = new TreeMap<>();
    final Map<String, Long> states = new TreeMap<>();
    final Map<String, Long> kinds = new TreeMap<>();
    final Map<String, Long> millisByKind = new TreeMap<>();
    final List<String> failures = new ArrayList<>();

    SqlFuzzer(Path db, long seed) throws SQLException, IOException {
        this.db = db;
        this.random = new Random(seed);
        this.generator = new SqlGenerator(random);
        this.connection = DriverManager.getConnection("jdbc:dirdb:" + db + "?sync=false&lockTimeout=2000");
        housekeeping();
    }

    // ---- the statement mix ----

    /**
     * Runs {@code count} statements: grammar and mutations, and with {@code withPathological} also the
     * pathological texts and the setters (one fifteenth of the statements, enough to call each setter).
     */
    void run(long count, boolean withPathological) throws Exception {
        List<String> pathological = withPathological ? pathological() : List.of();
        long setterBudget = 0;
        for (long i = 0; i < count; ) {
            if (i % 500 == 0) {
                housekeeping();
            }
            int dice = random.nextInt(100);
            if (i < pathological.size()) {
                check("pathological", pathological.get((int) i), Mode.EXECUTE, null);
                i++;
            } else if (withPathological && setterBudget < count / 15 && dice < 5) {
                i += setters();
                setterBudget = statementsOf("setter");
            } else if (dice < 50) {
                check("grammar", generator.generate(), mode(), null);
                i++;
            } else {
                check("mutated", generator.mutate(random.nextInt(3) == 0 ? generator.generate() : generator.valid()),
                        mode(), null);
                i++;
            }
        }
    }

    private long statementsOf(String kind) {
        return kinds.getOrDefault(kind, 0L);
    }

    enum Mode {
        EXECUTE, QUERY, UPDATE, PREPARED, BATCH
    }

    private Mode mode() {
        int d = random.nextInt(20);
        return d < 10 ? Mode.EXECUTE : d < 13 ? Mode.QUERY : d < 15 ? Mode.UPDATE : d < 19 ? Mode.PREPARED : Mode.BATCH;
    }

    /** Texts that stress the guard, the parser and the translator rather than the grammar. */
    List<String> pathological() {
        int mib = 1 << 20;
        List<String> p = new ArrayList<>();
        p.add("(".repeat(mib));
        p.add("(".repeat(mib + 1));
        p.add("SELECT " + "(".repeat(mib - 7));
        p.add("SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000));
        p.add("SELECT * FROM db WHERE " + "(".repeat(10_000) + "name = 'e1'" + ")".repeat(10_000));
        p.add("SELECT * FROM db WHERE " + "(".repeat(100) + "name = 'e1'" + ")".repeat(100));
        p.add("SELECT * FROM db WHERE " + "(".repeat(101) + "name = 'e1'" + ")".repeat(101));
        p.add("SELECT " + "(".repeat(99) + "1" + "+1".repeat(5000) + ")".repeat(99));
        p.add(")".repeat(mib));
        p.add("SELECT " + "1" + ")".repeat(100_000));
        p.add("INSERT INTO db (name, meta, data) VALUES ('big-meta', '{\"s\": \"" + "a".repeat(900_000) + "\"}', X'00')");
        p.add("DELETE FROM db WHERE name = 'big-meta'");
        p.add("INSERT INTO db (name, data) VALUES ('big-hex', X'" + "ab".repeat(450_000) + "')");
        p.add("DELETE FROM db WHERE name = 'big-hex'");
        p.add("INSERT INTO db (name, data) VALUES ('odd-hex', X'" + "a".repeat(900_001) + "')");
        p.add("SELECT " + "9".repeat(500_000));
        p.add("SELECT -" + "9".repeat(500_000) + " FROM DUAL");
        p.add("SELECT 1." + "0".repeat(500_000) + "1e-" + "9".repeat(1000));
        p.add("SELECT * FROM db WHERE name IN (" + "'e1', ".repeat(100_000) + "'e2')");
        p.add("SELECT * FROM db WHERE name IN (" + "?, ".repeat(50_000) + "?)");
        p.add("SELECT 1" + " + 1".repeat(200_000));
        p.add("SELECT * FROM db WHERE name = 'e1'" + " OR name = 'e1'".repeat(60_000));
        p.add("SELECT * FROM db WHERE " + "NOT ".repeat(200_000) + "name = 'e1'");
        p.add("SELECT " + "- ".repeat(400_000) + "1");
        p.add("SELECT " + "CASE WHEN 1 = 1 THEN ".repeat(20_000) + "1" + " END".repeat(20_000));
        p.add("SELECT 1" + " UNION SELECT 1".repeat(60_000));
        p.add("SELECT " + "name, ".repeat(150_000) + "name FROM db");
        p.add("INSERT INTO db (name, meta, data) VALUES ('deep-json', '" + "[".repeat(200_000) + "]".repeat(200_000) + "', NULL)");
        p.add("INSERT INTO db (name, meta, data) VALUES ('deep-obj', '" + "{\"a\":".repeat(100_000) + "1"
                + "}".repeat(100_000) + "', NULL)");
        p.add("INSERT INTO db VALUES " + "('e1', NULL, X'00'), ".repeat(30_000) + "('e1', NULL, X'00')");
        p.add("SELECT '" + "a".repeat(mib));
        p.add("SELECT '" + "a".repeat(mib - 10));
        p.add("SELECT \"" + "a".repeat(mib - 10));
        p.add("SELECT 1 /*" + " x".repeat(400_000));
        p.add("SELECT 1 " + "/* x */".repeat(140_000));
        p.add("SELECT 1 --" + "x".repeat(mib - 20));
        p.add("\0".repeat(mib));
        p.add("\uD800".repeat(mib));
        p.add("SELECT '" + "\uD800\uDC00".repeat(400_000) + "'");
        p.add(" ".repeat(mib));
        p.add(";".repeat(mib));
        p.add("SELECT 1;" + " ".repeat(500_000) + ";");
        p.add("SELECT " + "?, ".repeat(300_000) + "?");
        p.add("SELECT " + "'a' || ".repeat(150_000) + "'a'");
        p.add("SELECT * FROM " + "db, ".repeat(100_000) + "db");
        p.add("SELECT * FROM db " + "JOIN db ON 1 = 1 ".repeat(50_000));
        p.add("SELECT " + "upper(".repeat(100) + "name" + ")".repeat(100) + " FROM db");
        p.add("SELECT * FROM db WHERE name = 'e1' ORDER BY " + "name, ".repeat(100_000) + "name");
        p.add("UPDATE db SET " + "meta = '{}', ".repeat(80_000) + "meta = '{}' WHERE name = 'e1'");
        p.add("SELECT " + "\"" + "a\"\"".repeat(300_000) + "\" FROM db");
        p.add("SELECT `" + "x".repeat(mib - 10) + "` FROM db");
        p.add("SELECT [" + "x".repeat(mib - 10) + "] FROM db");
        p.add("SELECT 1 FROM DUAL WHERE " + "1 = 1 AND ".repeat(100_000) + "1 = 1");
        p.add("SELECT x'" + "0".repeat(mib - 20) + "'");
        return p;
    }

    // ---- setters ----

    private static final String[] PREPARED = {
        "INSERT INTO db (name, meta, data) VALUES (?, ?, ?)",
        "UPDATE db SET meta = ?, data = ? WHERE name = ?",
        "SELECT name, meta, data FROM db WHERE name = ?",
        "DELETE FROM db WHERE name = ?",
        "INSERT INTO db VALUES (?, ?, ?), (?, ?, ?)",
        "SELECT ? FROM DUAL"};

    interface Setter {
        void set(PreparedStatement p, int index) throws Exception;
    }

    /** Every setter with values of the wrong type, at indices in and out of range. */
    private List<Map.Entry<String, Setter>> setterList() {
        Calendar calendar = Calendar.getInstance();
        List<Map.Entry<String, Setter>> s = new ArrayList<>();
        s.add(Map.entry("setNull(VARCHAR)", (p, i) -> p.setNull(i, Types.VARCHAR)));
        s.add(Map.entry("setNull(BLOB, name)", (p, i) -> p.setNull(i, Types.BLOB, "BLOB")));
        s.add(Map.entry("setNull(-9999)", (p, i) -> p.setNull(i, -9999)));
        s.add(Map.entry("setBoolean", (p, i) -> p.setBoolean(i, true)));
        s.add(Map.entry("setByte", (p, i) -> p.setByte(i, Byte.MIN_VALUE)));
        s.add(Map.entry("setShort", (p, i) -> p.setShort(i, (short) -1)));
        s.add(Map.entry("setInt", (p, i) -> p.setInt(i, Integer.MIN_VALUE)));
        s.add(Map.entry("setLong", (p, i) -> p.setLong(i, Long.MAX_VALUE)));
        s.add(Map.entry("setFloat(NaN)", (p, i) -> p.setFloat(i, Float.NaN)));
        s.add(Map.entry("setDouble(-Inf)", (p, i) -> p.setDouble(i, Double.NEGATIVE_INFINITY)));
        s.add(Map.entry("setBigDecimal(huge)", (p, i) -> p.setBigDecimal(i, new BigDecimal("1e999999"))));
        s.add(Map.entry("setBigDecimal(null)", (p, i) -> p.setBigDecimal(i, null)));
        s.add(Map.entry("setString(null)", (p, i) -> p.setString(i, null)));
        s.add(Map.entry("setString(json)", (p, i) -> p.setString(i, "{\"a\": 1}")));
        s.add(Map.entry("setString(traversal)", (p, i) -> p.setString(i, "../../x")));
        s.add(Map.entry("setString(500k)", (p, i) -> p.setString(i, "z".repeat(500_000))));
        s.add(Map.entry("setNString", (p, i) -> p.setNString(i, "\uD800")));
        s.add(Map.entry("setBytes(null)", (p, i) -> p.setBytes(i, null)));
        s.add(Map.entry("setBytes(empty)", (p, i) -> p.setBytes(i, new byte[0])));
        s.add(Map.entry("setBytes(not utf-8)", (p, i) -> p.setBytes(i, new byte[] {(byte) 0xff, 0, (byte) 0xc0})));
        s.add(Map.entry("setBinaryStream(short)", (p, i) -> p.setBinaryStream(i, new ByteArrayInputStream(new byte[3]), 10)));
        s.add(Map.entry("setBinaryStream(long)", (p, i) -> p.setBinaryStream(i, new ByteArrayInputStream(new byte[30]), 10L)));
        s.add(Map.entry("setBinaryStream(-1)", (p, i) -> p.setBinaryStream(i, new ByteArrayInputStream(new byte[3]), -1)));
        s.add(Map.entry("setBinaryStream(failing)", (p, i) -> p.setBinaryStream(i, failing())));
        s.add(Map.entry("setBinaryStream(failing, 100)", (p, i) -> p.setBinaryStream(i, failing(), 100L)));
        s.add(Map.entry("setBinaryStream(null)", (p, i) -> p.setBinaryStream(i, null)));
        s.add(Map.entry("setAsciiStream", (p, i) -> p.setAsciiStream(i, new ByteArrayInputStream(new byte[] {(byte) 0xff}), 1)));
        s.add(Map.entry("setAsciiStream(failing)", (p, i) -> p.setAsciiStream(i, failing())));
        s.add(Map.entry("setUnicodeStream", (p, i) -> unicodeStream(p, i)));
        s.add(Map.entry("setCharacterStream", (p, i) -> p.setCharacterStream(i, new StringReader("{}"), 2)));
        s.add(Map.entry("setCharacterStream(wrong length)", (p, i) -> p.setCharacterStream(i, new StringReader("{}"), 99L)));
        s.add(Map.entry("setCharacterStream(failing)", (p, i) -> p.setCharacterStream(i, failingReader())));
        s.add(Map.entry("setNCharacterStream", (p, i) -> p.setNCharacterStream(i, new StringReader("x"), -5L)));
        s.add(Map.entry("setClob(null)", (p, i) -> p.setClob(i, (java.sql.Clob) null)));
        s.add(Map.entry("setClob(reader)", (p, i) -> p.setClob(i, new StringReader("{}"))));
        s.add(Map.entry("setNClob(reader)", (p, i) -> p.setNClob(i, failingReader(), 3)));
        s.add(Map.entry("setBlob(null)", (p, i) -> p.setBlob(i, (java.sql.Blob) null)));
        s.add(Map.entry("setBlob(stream)", (p, i) -> p.setBlob(i, new ByteArrayInputStream(new byte[] {1}))));
        s.add(Map.entry("setBlob(failing)", (p, i) -> p.setBlob(i, failing(), 5)));
        s.add(Map.entry("setDate", (p, i) -> p.setDate(i, new Date(0))));
        s.add(Map.entry("setDate(cal)", (p, i) -> p.setDate(i, null, calendar)));
        s.add(Map.entry("setTime", (p, i) -> p.setTime(i, new Time(0))));
        s.add(Map.entry("setTimestamp", (p, i) -> p.setTimestamp(i, new Timestamp(Long.MIN_VALUE))));
        s.add(Map.entry("setTimestamp(cal)", (p, i) -> p.setTimestamp(i, new Timestamp(0), calendar)));
        s.add(Map.entry("setObject(UUID)", (p, i) -> p.setObject(i, UUID.randomUUID())));
        s.add(Map.entry("setObject(Object)", (p, i) -> p.setObject(i, new Object())));
        s.add(Map.entry("setObject(int[])", (p, i) -> p.setObject(i, new int[] {1})));
        s.add(Map.entry("setObject(List)", (p, i) -> p.setObject(i, List.of("a"))));
        s.add(Map.entry("setObject(Map)", (p, i) -> p.setObject(i, Map.of("a", 1))));
        s.add(Map.entry("setObject(LocalDate)", (p, i) -> p.setObject(i, LocalDate.MAX)));
        s.add(Map.entry("setObject(Character)", (p, i) -> p.setObject(i, 'c')));
        s.add(Map.entry("setObject(Optional)", (p, i) -> p.setObject(i, Optional.empty())));
        s.add(Map.entry("setObject(BigInteger)", (p, i) -> p.setObject(i, BigInteger.TWO.pow(10_000))));
        s.add(Map.entry("setObject(NaN)", (p, i) -> p.setObject(i, Double.NaN)));
        s.add(Map.entry("setObject(String, BLOB)", (p, i) -> p.setObject(i, "x", Types.BLOB)));
        s.add(Map.entry("setObject(bytes, OTHER, -1)", (p, i) -> p.setObject(i, new byte[1], Types.OTHER, -1)));
        s.add(Map.entry("setObject(failing stream)", (p, i) -> p.setObject(i, failing())));
        s.add(Map.entry("setObject(reader)", (p, i) -> p.setObject(i, new StringReader("r"))));
        s.add(Map.entry("setURL", (p, i) -> p.setURL(i, new URL("http://example.invalid/"))));
        s.add(Map.entry("setArray(null)", (p, i) -> p.setArray(i, null)));
        s.add(Map.entry("setRef(null)", (p, i) -> p.setRef(i, null)));
        s.add(Map.entry("setRowId(null)", (p, i) -> p.setRowId(i, null)));
        s.add(Map.entry("setSQLXML(null)", (p, i) -> p.setSQLXML(i, null)));
        return s;
    }

    @SuppressWarnings("deprecation")
    private static void unicodeStream(PreparedStatement p, int index) throws SQLException {
        p.setUnicodeStream(index, new ByteArrayInputStream(new byte[] {0, 'a'}), 2);
    }

    private static InputStream failing() {
        return new InputStream() {
            private int left = 2;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 7;
                }
                throw new IOException("the source failed (injected)");
            }
        };
    }

    private static Reader failingReader() {
        return new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("the reader failed (injected)");
            }

            @Override
            public void close() {}
        };
    }

    private int nextSetter;

    /**
     * The next setter (round robin, so a long enough run calls every one) at each index of each prepared
     * shape, the other parameters set validly; returns the number of statements.
     */
    private long setters() throws Exception {
        long n = 0;
        List<Map.Entry<String, Setter>> setters = setterList();
        Map.Entry<String, Setter> setter = setters.get(nextSetter++ % setters.size());
        if (nextSetter == setters.size()) {
            settersCovered = true;
        }
        for (String sql : PREPARED) {
            for (int index : new int[] {-1, 0, 1, 2, 3, 4, 7, Integer.MAX_VALUE}) {
                String label = setter.getKey() + " #" + index + " on " + sql;
                check("setter", label, Mode.PREPARED, p -> {
                    int count = p.getParameterMetaData().getParameterCount();
                    for (int k = 1; k <= count; k++) {
                        String v = SqlGenerator.NAMES.get(random.nextInt(SqlGenerator.NAMES.size()));
                        if (sql.contains("meta") && (k == 1 && sql.startsWith("UPDATE") || k % 3 == 2)) {
                            p.setString(k, "{\"v\": 1}");
                        } else if (k % 3 == 0 && sql.startsWith("INSERT") || k == 2 && sql.startsWith("UPDATE")) {
                            p.setBytes(k, new byte[] {1});
                        } else {
                            p.setString(k, v);
                        }
                    }
                    setter.getValue().set(p, index);
                });
                n++;
            }
        }
        return n;
    }

    // ---- one statement ----

    interface Binder {
        void bind(PreparedStatement p) throws Exception;
    }

    /** Runs one statement the given way and checks it. */
    void check(String kind, String sql, Mode mode, Binder binder) {
        statements++;
        kinds.merge(kind, 1L, Long::sum);
        String label = sql;
        String text = binder != null ? sql.substring(sql.indexOf(" on ") + 4) : sql;
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            execute(text, mode, binder);
        } catch (Throwable t) {
            thrown = t;
        }
        long elapsed = System.nanoTime() - start;
        millisByKind.merge(kind, elapsed / 1_000_000, Long::sum);
        if (elapsed > slowestNanos) {
            slowestNanos = elapsed;
            slowest = kind + ": " + show(label);
        }
        if (elapsed > slowestNanosByKind.getOrDefault(kind, -1L)) {
            slowestNanosByKind.put(kind, elapsed);
            slowestByKind.put(kind, elapsed / 1_000_000 + " ms " + show(label));
        }
        if (elapsed > LIMIT_NANOS) {
            fail("took " + elapsed / 1_000_000 + " ms", kind, label, null);
        }
        long snapStart = System.nanoTime();
        Map<String, String> now = snapshot();
        snapshotNanos += System.nanoTime() - snapStart;
        if (thrown == null) {
            accepted++;
        } else if (thrown instanceof SQLException e) {
            refused++;
            if (e.getSQLState() == null || e.getSQLState().length() != 5) {
                fail("SQLException without a valid SQLState", kind, label, e);
            }
            states.merge(e.getSQLState(), 1L, Long::sum);
            if (!now.equals(disk)) {
                judgeChange(kind, label, text, e, now);
            }
        } else {
            fail("escaped " + thrown.getClass().getName(), kind, label, thrown);
        }
        disk = now;
    }

    /** A refused statement changed the disk: allowed only for the rows before a failing INSERT row. */
    private void judgeChange(String kind, String label, String text, SQLException e, Map<String, String> now) {
        Set<String> existedBefore = entries(disk);
        boolean onlyNewEntries = true;
        boolean onlyDirectoryTime = true;
        Set<String> keys = new HashSet<>(disk.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (java.util.Objects.equals(disk.get(key), now.get(key)) || key.isEmpty()) {
                continue;
            }
            onlyDirectoryTime = false;
            String stem = stem(key);
            if (disk.containsKey(key) || stem == null || existedBefore.contains(stem)) {
                onlyNewEntries = false;
            }
        }
        boolean insert = text.strip().regionMatches(true, 0, "INSERT", 0, 6);
        if (insert && onlyNewEntries) {
            partialInserts++;
        } else if (onlyDirectoryTime && kind.equals("setter") && streamOfTheWrongLength(label)) {
            streamFailures++; // the payload streamed into a temp file that was removed when the source failed
        } else {
            fail("refused, but the directory changed: " + diff(disk, now), kind, label, e);
        }
    }

    /** A setter whose stream fails or does not have the length it was declared with. */
    private static boolean streamOfTheWrongLength(String label) {
        String setter = label.substring(0, label.indexOf(" #"));
        return setter.contains("failing") || setter.contains("short") || setter.contains("long");
    }

    private void execute(String sql, Mode mode, Binder binder) throws Exception {
        switch (mode) {
            case EXECUTE -> {
                try (Statement s = connection.createStatement()) {
                    if (s.execute(sql)) {
                        drain(s.getResultSet());
                    }
                }
            }
            case QUERY -> {
                try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    drain(rs);
                }
            }
            case UPDATE -> {
                try (Statement s = connection.createStatement()) {
                    s.executeLargeUpdate(sql);
                }
            }
            case BATCH -> {
                try (Statement s = connection.createStatement()) {
                    s.addBatch(sql);
                    s.executeBatch();
                }
            }
            case PREPARED -> {
                try (PreparedStatement p = connection.prepareStatement(sql)) {
                    if (binder != null) {
                        binder.bind(p);
                    } else {
                        int count = p.getParameterMetaData().getParameterCount();
                        for (int k = 1; k <= Math.min(count, 8); k++) {
                            switch (random.nextInt(5)) {
                                case 0 -> p.setBytes(k, new byte[] {(byte) k});
                                case 1 -> p.setInt(k, k);
                                case 2 -> p.setNull(k, Types.NULL);
                                default -> p.setString(k, random.nextBoolean() ? "{\"p\": " + k + "}"
                                        : SqlGenerator.NAMES.get(random.nextInt(SqlGenerator.NAMES.size())));
                            }
                        }
                    }
                    if (p.execute()) {
                        drain(p.getResultSet());
                    }
                }
            }
        }
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    Object o = rs.getObject(c);
                    if (o instanceof java.sql.Blob) {
                        rs.getBytes(c);
                    } else {
                        rs.getString(c);
                    }
                }
            }
        }
    }

    private void fail(String what, String kind, String sql, Throwable t) {
        if (failures.size() < 50) {
            StringBuilder s = new StringBuilder(what).append(" [").append(kind).append(" #").append(statements)
                    .append("] ").append(show(sql));
            if (t != null) {
                java.io.StringWriter w = new java.io.StringWriter();
                t.printStackTrace(new java.io.PrintWriter(w));
                String trace = w.toString();
                s.append("\n    ").append(trace, 0, Math.min(trace.length(), 1500));
                // a deep recursion hides where it started: name the project's frames
                trace.lines().filter(l -> l.contains("org.dirdb.") && !l.contains("reliability")).distinct().limit(8)
                        .forEach(l -> s.append("\n    ...").append(l.strip()));
            }
            failures.add(s.toString());
        }
    }

    /** The statement for a message: escaped, and abbreviated when long. */
    static String show(String sql) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sql.length() && out.length() < 160; i++) {
            char c = sql.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return "\"" + out + (out.length() >= 160 ? "...\" (" + sql.length() + " chars)" : "\"");
    }

    // ---- the directory ----

    /** Names, sizes, modification times, inodes of everything under the database directory. */
    Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(db)) {
            walk.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    out.put(db.relativize(p).toString(), a.size() + " " + a.lastModifiedTime() + " " + a.fileKey()
                            + (a.isDirectory() ? " d" : ""));
                } catch (IOException e) {
                    out.put(db.relativize(p).toString(), "vanished");
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static String stem(String key) {
        if (key.contains("/")) {
            return null;
        }
        for (String suffix : List.of(".pickle", ".json", ".lock")) {
            if (key.endsWith(suffix)) {
                return key.substring(0, key.length() - suffix.length());
            }
        }
        return null;
    }

    private static Set<String> entries(Map<String, String> snapshot) {
        Set<String> names = new HashSet<>();
        for (String key : snapshot.keySet()) {
            if ((key.endsWith(".pickle") || key.endsWith(".json")) && !key.contains("/")) {
                names.add(stem(key));
            }
        }
        return names;
    }

    private static String diff(Map<String, String> a, Map<String, String> b) {
        StringBuilder s = new StringBuilder();
        Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                s.append("\n      ").append(show(k)).append(": ").append(a.get(k)).append(" -> ").append(b.get(k));
            }
        }
        return s.toString();
    }

    /**
     * Test housekeeping between statements, not under test: keeps the directory small (entries from the
     * name pool only, no lock files of removed entries, no sub-databases) and puts back a few entries.
     */
    void housekeeping() throws IOException, SQLException {
        Set<String> keep = new HashSet<>(SqlGenerator.NAMES);
        try (Stream<Path> files = Files.list(db)) {
            for (Path f : files.toList()) {
                String stem = stem(f.getFileName().toString());
                if (stem == null || !keep.contains(stem)) {
                    deleteTree(f);
                }
            }
        }
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (String name : List.of("e0", "e1", "e2")) {
                if (!Files.exists(db.resolve(name + ".pickle")) && !Files.exists(db.resolve(name + ".json"))) {
                    p.setString(1, name);
                    p.setString(2, "{\"fixture\": true}");
                    p.setBytes(3, name.getBytes(StandardCharsets.UTF_8));
                    p.executeUpdate();
                }
            }
        }
        disk = snapshot();
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
