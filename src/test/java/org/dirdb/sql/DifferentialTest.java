package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random directories, the same rows in an H2 table, and many generated queries that both engines must answer
 * alike. H2 sees the JSON fields as plain columns filled from the generator's own values, so the JSON
 * answers of dirdb are checked against values the test computed, not parsed back.
 */
class DifferentialTest {
    private static final String[] MODELS = {"cnn", "rnn", "mlp", "Cnn"};
    private static final String[] PREFIXES = {"run-", "run_", "exp-", "a", "b-"};

    @TempDir
    Path dir;

    /** One generated entry, as the test knows it. */
    private record Entry(String name, byte[] data, Long epoch, Double loss, String model, boolean hasMeta) {
        String meta() {
            if (!hasMeta) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            if (epoch != null) {
                fields.add("\"epoch\": " + epoch);
            }
            if (model != null) {
                fields.add("\"model\": \"" + model + "\"");
            }
            fields.add("\"stats\": {" + (loss == null ? "\"loss\": null" : "\"loss\": " + loss) + ", \"acc\": [1, 2]}");
            fields.add("\"note\": null");
            return "{" + String.join(", ", fields) + "}";
        }
    }

    private static List<Entry> generate(Random random, int count) {
        List<Entry> entries = new ArrayList<>();
        List<String> used = new ArrayList<>();
        while (entries.size() < count) {
            String name = PREFIXES[random.nextInt(PREFIXES.length)] + Integer.toString(random.nextInt(400), 36);
            if (used.contains(name)) {
                continue;
            }
            used.add(name);
            boolean hasMeta = random.nextInt(5) > 0;
            byte[] data = !hasMeta || random.nextInt(4) > 0 ? new byte[random.nextInt(40)] : null;
            Long epoch = random.nextInt(4) == 0 ? null : (long) random.nextInt(30) - 5;
            Double loss = random.nextInt(4) == 0 ? null : Math.round(random.nextDouble() * 3000) / 1000.0;
            String model = random.nextInt(5) == 0 ? null : MODELS[random.nextInt(MODELS.length)];
            entries.add(new Entry(name, data, epoch, loss, model, hasMeta));
        }
        return entries;
    }

    /** The same expression for both engines: {@code [dirdb, h2]}. */
    private record Term(String dirdb, String h2) {
        static Term plain(String sql) {
            return new Term(sql, sql);
        }
    }

    private static Term epoch(Random r) {
        String[] forms = {"JSON_VALUE(meta, '$.epoch')", "meta->>'epoch'", "JSON_VALUE(meta, '$.epoch' RETURNING BIGINT)"};
        return new Term(forms[r.nextInt(forms.length)], "epoch");
    }

    private static Term loss(Random r) {
        String[] forms = {"JSON_VALUE(meta, '$.stats.loss')", "meta->'stats'->>'loss'", "(meta->'stats')->>'loss'"};
        return new Term(forms[r.nextInt(forms.length)], "loss");
    }

    private static Term model(Random r) {
        String[] forms = {"JSON_VALUE(meta, '$.model')", "meta->>'model'"};
        return new Term(forms[r.nextInt(forms.length)], "model");
    }

    private static Term value(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> Term.plain("name");
            case 1 -> Term.plain("size");
            case 2 -> Term.plain("format");
            case 3 -> epoch(r);
            case 4 -> loss(r);
            case 5 -> model(r);
            case 6 -> Term.plain("size * 2 + 1");
            case 7 -> Term.plain("LENGTH(name)");
            case 8 -> Term.plain("UPPER(name)");
            default -> {
                Term m = model(r);
                yield new Term("COALESCE(" + m.dirdb() + ", 'none')", "COALESCE(model, 'none')");
            }
        };
    }

    private static Term atom(Random r, List<Entry> entries) {
        String someName = entries.get(r.nextInt(entries.size())).name();
        return switch (r.nextInt(12)) {
            case 0 -> Term.plain("size > " + r.nextInt(40));
            case 1 -> Term.plain("size BETWEEN " + r.nextInt(20) + " AND " + (10 + r.nextInt(30)));
            case 2 -> Term.plain("name LIKE '" + PREFIXES[r.nextInt(PREFIXES.length)].replace("_", "!_") + "%' ESCAPE '!'");
            case 3 -> Term.plain("name = '" + someName + "'");
            case 4 -> Term.plain("name IN ('" + someName + "', '" + entries.get(r.nextInt(entries.size())).name()
                    + "', 'missing')");
            case 5 -> {
                Term e = epoch(r);
                int k = r.nextInt(30) - 5;
                yield new Term(e.dirdb() + " >= " + k, "epoch >= " + k);
            }
            case 6 -> {
                Term l = loss(r);
                double x = r.nextInt(3000) / 1000.0;
                yield new Term(l.dirdb() + " < " + x, "loss < " + x);
            }
            case 7 -> {
                Term m = model(r);
                String v = MODELS[r.nextInt(MODELS.length)];
                yield new Term(m.dirdb() + " = '" + v + "'", "model = '" + v + "'");
            }
            case 8 -> {
                Term m = model(r);
                yield new Term(m.dirdb() + " IS NULL", "model IS NULL");
            }
            case 9 -> Term.plain("size IS NOT NULL");
            case 10 -> Term.plain("name < '" + someName + "'");
            default -> Term.plain("name NOT LIKE '%" + Integer.toString(r.nextInt(36), 36) + "%'");
        };
    }

    private static Term condition(Random r, List<Entry> entries, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return atom(r, entries);
        }
        Term a = condition(r, entries, depth - 1);
        return switch (r.nextInt(3)) {
            case 0 -> {
                Term b = condition(r, entries, depth - 1);
                yield new Term("(" + a.dirdb() + " AND " + b.dirdb() + ")", "(" + a.h2() + " AND " + b.h2() + ")");
            }
            case 1 -> {
                Term b = condition(r, entries, depth - 1);
                yield new Term("(" + a.dirdb() + " OR " + b.dirdb() + ")", "(" + a.h2() + " OR " + b.h2() + ")");
            }
            default -> new Term("NOT " + a.dirdb(), "NOT " + a.h2());
        };
    }

    private static String nulls(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> " NULLS FIRST";
            case 1 -> " NULLS LAST";
            default -> "";
        };
    }

    private static Term rowQuery(Random r, List<Entry> entries) {
        List<Term> items = new ArrayList<>();
        items.add(Term.plain("name"));
        for (int i = r.nextInt(4); i > 0; i--) {
            items.add(value(r));
        }
        Term where = r.nextBoolean() ? condition(r, entries, 2) : null;
        StringBuilder d = new StringBuilder("SELECT ");
        StringBuilder h = new StringBuilder("SELECT ");
        for (int i = 0; i < items.size(); i++) {
            d.append(i > 0 ? ", " : "").append(items.get(i).dirdb()).append(" AS c").append(i);
            h.append(i > 0 ? ", " : "").append(items.get(i).h2()).append(" AS c").append(i);
        }
        d.append(" FROM db");
        h.append(" FROM db");
        if (where != null) {
            d.append(" WHERE ").append(where.dirdb());
            h.append(" WHERE ").append(where.h2());
        }
        // Order by a select item (by alias, ordinal or expression) or by a plain column, always ending
        // with name so that both engines must agree on every position.
        String order;
        switch (r.nextInt(5)) {
            case 0 -> order = " ORDER BY name" + (r.nextBoolean() ? " DESC" : "");
            case 1 -> {
                int i = r.nextInt(items.size());
                order = " ORDER BY c" + i + (r.nextBoolean() ? " DESC" : "") + nulls(r) + ", name";
            }
            case 2 -> {
                int i = r.nextInt(items.size());
                order = " ORDER BY " + (i + 1) + (r.nextBoolean() ? " DESC" : "") + nulls(r) + ", name DESC";
            }
            case 3 -> order = " ORDER BY size" + (r.nextBoolean() ? " DESC" : "") + nulls(r) + ", name";
            default -> order = " ORDER BY name";
        }
        d.append(order);
        h.append(order);
        String limit = switch (r.nextInt(4)) {
            case 0 -> " LIMIT " + r.nextInt(10);
            case 1 -> " LIMIT " + r.nextInt(10) + " OFFSET " + r.nextInt(20);
            case 2 -> " OFFSET " + r.nextInt(20) + " ROWS FETCH FIRST " + (1 + r.nextInt(10)) + " ROWS ONLY";
            default -> "";
        };
        d.append(limit);
        h.append(limit);
        return new Term(d.toString(), h.toString());
    }

    private static Term groupQuery(Random r, List<Entry> entries) {
        Term key = switch (r.nextInt(3)) {
            case 0 -> model(r);
            case 1 -> Term.plain("format");
            default -> epoch(r);
        };
        Term where = r.nextBoolean() ? condition(r, entries, 1) : null;
        Term l = loss(r);
        Term e = epoch(r);
        String d = "SELECT " + key.dirdb() + " AS k, COUNT(*), COUNT(size), SUM(size), AVG(" + l.dirdb() + "), MIN("
                + e.dirdb() + "), MAX(name), COUNT(DISTINCT format) FROM db"
                + (where == null ? "" : " WHERE " + where.dirdb()) + " GROUP BY " + key.dirdb();
        String h = "SELECT " + key.h2() + " AS k, COUNT(*), COUNT(size), SUM(size), AVG(loss), MIN(epoch), MAX(name),"
                + " COUNT(DISTINCT format) FROM db" + (where == null ? "" : " WHERE " + where.h2()) + " GROUP BY " + key.h2();
        int having = r.nextInt(3);
        if (having > 0) {
            d += " HAVING COUNT(*) > " + having;
            h += " HAVING COUNT(*) > " + having;
        }
        String order = " ORDER BY k" + (r.nextBoolean() ? " DESC" : "") + " NULLS FIRST";
        return new Term(d + order, h + order);
    }

    private static Term aggregateQuery(Random r, List<Entry> entries) {
        Term where = condition(r, entries, 2);
        String items = "COUNT(*), SUM(size), MIN(size), MAX(size), COUNT(DISTINCT size), MIN(name)";
        return new Term("SELECT " + items + " FROM db WHERE " + where.dirdb(), "SELECT " + items + " FROM db WHERE "
                + where.h2());
    }

    @Test
    void generatedQueriesAgreeWithH2() throws Exception {
        int compared = 0;
        for (long seed : new long[] {1, 2, 3}) {
            Random random = new Random(seed);
            Path database = dir.resolve("seed" + seed);
            List<Entry> entries = generate(random, 60);
            try (Connection dirdb = DriverManager.getConnection("jdbc:dirdb:" + database + "?sync=false");
                 Connection h2 = DriverManager.getConnection("jdbc:h2:mem:diff" + seed)) {
                load(dirdb, h2, entries);
                for (int i = 0; i < 250; i++) {
                    Term q = switch (i % 5) {
                        case 0, 1, 2 -> rowQuery(random, entries);
                        case 3 -> groupQuery(random, entries);
                        default -> aggregateQuery(random, entries);
                    };
                    compare(dirdb, h2, q, seed);
                    compared++;
                }
            }
        }
        assertEquals(750, compared);
    }

    /** Aggregates with {@code FILTER (WHERE ...)}, grouped or not, over generated conditions. */
    private static Term filteredQuery(Random r, List<Entry> entries) {
        Term f1 = condition(r, entries, 1);
        Term f2 = condition(r, entries, 1);
        Term l = loss(r);
        Term e = epoch(r);
        String d = "COUNT(*) FILTER (WHERE " + f1.dirdb() + "), SUM(size) FILTER (WHERE " + f2.dirdb() + "), AVG("
                + l.dirdb() + ") FILTER (WHERE " + f1.dirdb() + "), MAX(" + e.dirdb() + ") FILTER (WHERE "
                + f2.dirdb() + "), COUNT(DISTINCT format) FILTER (WHERE " + f1.dirdb() + ")";
        String h = "COUNT(*) FILTER (WHERE " + f1.h2() + "), SUM(size) FILTER (WHERE " + f2.h2() + "), AVG(loss)"
                + " FILTER (WHERE " + f1.h2() + "), MAX(epoch) FILTER (WHERE " + f2.h2() + "), COUNT(DISTINCT format)"
                + " FILTER (WHERE " + f1.h2() + ")";
        if (r.nextBoolean()) {
            return new Term("SELECT " + d + " FROM db", "SELECT " + h + " FROM db");
        }
        int least = r.nextInt(3);
        String having = " HAVING COUNT(*) FILTER (WHERE " + f2.dirdb() + ") >= " + least;
        String havingH2 = " HAVING COUNT(*) FILTER (WHERE " + f2.h2() + ") >= " + least;
        return new Term("SELECT format, " + d + " FROM db GROUP BY format" + having + " ORDER BY format NULLS FIRST",
                "SELECT format, " + h + " FROM db GROUP BY format" + havingH2 + " ORDER BY format NULLS FIRST");
    }

    @Test
    void filteredAggregatesAgreeWithH2() throws Exception {
        for (long seed : new long[] {4, 5}) {
            Random random = new Random(seed);
            Path database = dir.resolve("seed" + seed);
            List<Entry> entries = generate(random, 60);
            try (Connection dirdb = DriverManager.getConnection("jdbc:dirdb:" + database + "?sync=false");
                 Connection h2 = DriverManager.getConnection("jdbc:h2:mem:filter" + seed)) {
                load(dirdb, h2, entries);
                for (int i = 0; i < 100; i++) {
                    compare(dirdb, h2, filteredQuery(random, entries), seed);
                }
            }
        }
    }

    private static void load(Connection dirdb, Connection h2, List<Entry> entries) throws SQLException {
        try (var s = h2.createStatement()) {
            s.execute("CREATE TABLE db (name VARCHAR PRIMARY KEY, size BIGINT, format VARCHAR, epoch BIGINT,"
                    + " loss DOUBLE PRECISION, model VARCHAR)");
        }
        try (PreparedStatement d = dirdb.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)");
             PreparedStatement h = h2.prepareStatement("INSERT INTO db VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                d.setString(1, e.name());
                d.setString(2, e.meta());
                d.setBytes(3, e.data());
                d.executeUpdate();
                h.setString(1, e.name());
                h.setObject(2, e.data() == null ? null : (long) e.data().length);
                h.setString(3, e.data() == null ? null : "bytes");
                h.setObject(4, e.hasMeta() ? e.epoch() : null);
                h.setObject(5, e.hasMeta() ? e.loss() : null);
                h.setString(6, e.hasMeta() ? e.model() : null);
                h.executeUpdate();
            }
        }
    }

    private static void compare(Connection dirdb, Connection h2, Term q, long seed) throws SQLException {
        List<List<Object>> expected;
        try {
            expected = normalize(SqlFixture.rows(h2, q.h2()));
        } catch (SQLException e) {
            fail("H2 rejected generated query (seed " + seed + "): " + q.h2(), e);
            return;
        }
        List<List<Object>> actual;
        try {
            actual = normalize(SqlFixture.rows(dirdb, q.dirdb()));
        } catch (SQLException e) {
            fail("dirdb failed (seed " + seed + "): " + q.dirdb(), e);
            return;
        }
        if (!sameRows(expected, actual)) {
            fail("seed " + seed + "\n dirdb: " + q.dirdb() + "\n    h2: " + q.h2() + "\nexpected " + expected
                    + "\n   got " + actual);
        }
    }

    private static List<List<Object>> normalize(List<List<Object>> rows) {
        Function<Object, Object> norm = v -> v instanceof Number n ? (Object) new BigDecimal(n.toString()).doubleValue() : v;
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            out.add(row.stream().map(norm).toList());
        }
        return out;
    }

    private static boolean sameRows(List<List<Object>> a, List<List<Object>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            List<Object> x = a.get(i);
            List<Object> y = b.get(i);
            if (x.size() != y.size()) {
                return false;
            }
            for (int j = 0; j < x.size(); j++) {
                Object p = x.get(j);
                Object q = y.get(j);
                if (p instanceof Double m && q instanceof Double n) {
                    if (Math.abs(m - n) > 1e-9 * Math.max(1, Math.abs(m))) {
                        return false;
                    }
                } else if (p == null ? q != null : !p.equals(q)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void theGeneratorCoversEveryKindOfValue() {
        List<Entry> entries = generate(new Random(1), 60);
        assertTrue(entries.stream().anyMatch(e -> e.data() == null));
        assertTrue(entries.stream().anyMatch(e -> !e.hasMeta()));
        assertTrue(entries.stream().anyMatch(e -> e.hasMeta() && e.epoch() == null));
        assertTrue(entries.stream().anyMatch(e -> e.hasMeta() && e.loss() == null));
        assertTrue(entries.stream().anyMatch(e -> e.hasMeta() && e.model() == null));
        assertTrue(entries.stream().anyMatch(e -> e.name().toLowerCase(Locale.ROOT).startsWith("run_")));
    }
}
