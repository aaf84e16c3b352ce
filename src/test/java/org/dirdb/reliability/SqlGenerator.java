package org.dirdb.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Statements for {@link SqlFuzzTest}: grammar-based generation over the SQL the driver supports and the
 * SQL around it (joins, functions, DDL, transactions, other dialects' clauses), byte-level mutations of
 * valid statements, and pathological texts. Everything comes from one {@link Random}, so a seed replays
 * the same statements.
 */
final class SqlGenerator {
    /** Entry names the generated statements use; a small pool keeps the directory small. */
    static final List<String> NAMES = List.of("e0", "e1", "e2", "e3", "e4", "it's", "x.json", "caf\u00e9");

    private static final List<String> HOSTILE = HostileNames.all("/abs/inside/x", "/abs/outside/x").stream()
            .map(HostileNames.Name::value).filter(n -> n.length() < 1000).toList();
    private static final String[] COLUMNS = {"name", "meta", "data", "size", "modified", "format", "NAME", "\"name\"",
        "`meta`", "[data]", "db.name", "t.meta", "nosuch", "\"Name\"", "db.*", "*", "rowid", "main.db.name"};
    private static final String[] TABLES = {"db", "DB", "\"db\"", "`db`", "[db]", "main.db", "other", "\"DB\"", "dual",
        "db2", "sub", "information_schema.tables", "db t", "db AS t", "(SELECT * FROM db)"};
    private static final String[] OPS = {"=", "<>", "!=", "<", ">", "<=", ">=", "LIKE", "==", "IS", "IS NOT", "~", "||"};
    private static final String[] META = {"'{}'", "'{\"a\": 1}'", "'{\"a\": NaN, \"b\": -Infinity}'", "'[1, 2]'",
        "'{'", "'null'", "''", "'{\"a\": {\"b\": [1, {\"c\": null}]}}'", "'{\"k\": \"\\u0000\"}'", "'{\"a\":1,}'",
        "'{\"dup\": 1, \"dup\": 2}'", "'\"just a string\"'", "'{\"big\": 1e999}'"};
    private static final String[] DATA = {"X''", "X'CAFE'", "X'ABC'", "x'00ff'", "X'GG'", "'text'", "NULL", "0x1F",
        "X'00'", "b'0101'", "E'\\\\x00'"};
    private static final String[] BEYOND = {
        "CREATE TABLE t (a INT)", "CREATE TABLE sub", "DROP TABLE t", "DROP TABLE IF EXISTS sub", "ALTER TABLE db ADD c INT",
        "TRUNCATE TABLE db", "BEGIN", "COMMIT", "ROLLBACK", "START TRANSACTION", "SAVEPOINT s", "SET x = 1",
        "EXPLAIN SELECT * FROM db", "VALUES (1)", "GRANT ALL ON db TO u", "SHOW TABLES", "PRAGMA table_info(db)",
        "CALL f()", "MERGE INTO db USING db s ON (db.name = s.name) WHEN MATCHED THEN UPDATE SET meta = '{}'",
        "WITH c AS (SELECT name FROM db) SELECT * FROM c", "CREATE INDEX i ON db(name)", "VACUUM", "ANALYZE db",
        "LOCK TABLE db IN EXCLUSIVE MODE", "COMMENT ON TABLE db IS 'x'", "DECLARE c CURSOR FOR SELECT 1",
        "REPLACE INTO db (name) VALUES ('e1')", "UPSERT INTO db (name) VALUES ('e1')", "SELECT 1 UNION SELECT 2",
        "CREATE VIEW v AS SELECT * FROM db", "DROP VIEW v", "USE db", "DESCRIBE db", "RENAME TABLE db TO db2",
        "ALTER TABLE db RENAME TO db2", "CREATE SCHEMA s", "DROP SCHEMA s", "EXEC sp_who", "SELECT * FROM db FOR UPDATE",
        "SELECT * FROM db LIMIT 1 OFFSET 2", "SELECT DISTINCT name FROM db", "SELECT count(*) FROM db GROUP BY format",
        "SELECT * FROM db a JOIN db b ON a.name = b.name", "SELECT * FROM db WHERE name IN (SELECT name FROM db)",
        "UPDATE db SET name = 'e9' WHERE name = 'e1'", "UPDATE db SET size = 1 WHERE name = 'e1'",
        "DELETE FROM db", "UPDATE db SET meta = '{}'", "INSERT INTO db (name) SELECT name FROM db",
        "SELECT JSON_EXTRACT(meta, '$.a') FROM db", "UPDATE db SET meta = JSON_MERGEPATCH(meta, '{\"a\": 2}') WHERE name = 'e1'",
        "SELECT * FROM db WHERE meta->>'a' = '1'", "SELECT name FROM db ORDER BY size DESC", "SELECT * FROM db TABLESAMPLE (1)"};
    private static final String[] TOKENS = {"(", ")", "'", "\"", "`", "[", "]", "?", "?1", "?0", "?99999999999", ":p", "@p", "$1",
        ";", "--", "/*", "*/", ",", ".", "*", "\0", "\uFFFF", "\uD800", "\u202E", "\n", "\r\n", "\t", " ", "X'", "WHERE",
        "NULL", "SELECT", "FROM", "db", "name", "=", "AND", "OR", "NOT", "IN", "(SELECT 1)", "''", "\\", "%", "_", "{", "}",
        "||", "::", "->", "->>", "0x", "1e309", "-", "+", "9223372036854775808", "-9223372036854775809", "ESCAPE",
        "COLLATE", "CAST(", "CASE WHEN", "END", "/*+ hint */", "{fn ucase(name)}", "{d '2020-01-01'}", "{call p}"};

    private final Random random;

    SqlGenerator(Random random) {
        this.random = random;
    }

    /** A statement from the grammar: mostly valid shapes, each with a chance of stepping just outside. */
    String generate() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> select();
            case 3, 4 -> insert();
            case 5, 6 -> update();
            case 7 -> delete();
            case 8 -> pick(BEYOND);
            default -> decorate(select());
        };
    }

    /** A valid statement the driver must accept in some state of the directory. */
    String valid() {
        String name = literal(NAMES.get(random.nextInt(NAMES.size())));
        return switch (random.nextInt(9)) {
            case 0 -> "SELECT name, meta, data, size, modified, format FROM db ORDER BY name";
            case 1 -> "SELECT * FROM db WHERE name = " + name;
            case 2 -> "SELECT name, size FROM db WHERE " + name + " = name";
            case 3 -> "INSERT INTO db (name, meta, data) VALUES (" + name + ", '{\"n\": 1}', X'CAFE')";
            case 4 -> "INSERT INTO db VALUES (" + name + ", NULL, X'00'), (" + literal(NAMES.get(random.nextInt(NAMES.size()))) + ", '{}', NULL)";
            case 5 -> "UPDATE db SET meta = '{\"v\": 2}', data = X'BEEF' WHERE name = " + name;
            case 6 -> "DELETE FROM db WHERE name = " + name;
            case 7 -> "SELECT 1, 'x', X'01' FROM DUAL";
            default -> "UPDATE db SET meta = ? WHERE name = ?";
        };
    }

    private String select() {
        StringBuilder s = new StringBuilder("SELECT ");
        if (random.nextInt(8) == 0) {
            s.append(value());
            if (random.nextBoolean()) {
                s.append(" FROM DUAL");
            }
            return s.toString();
        }
        int columns = 1 + random.nextInt(4);
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(random.nextInt(12) == 0 ? pick("count(*)", "upper(name)", "1+1", "name || 'x'", "CAST(size AS TEXT)",
                    "LENGTH(data)", "(SELECT 1)", "?", "NULL") : pick(COLUMNS));
            if (random.nextInt(6) == 0) {
                s.append(pick(" AS n", " n", " AS \"Weird Label\"", " AS ", " AS select"));
            }
        }
        s.append(" FROM ").append(random.nextInt(6) == 0 ? pick(TABLES) : "db");
        if (random.nextInt(3) > 0) {
            s.append(" WHERE ").append(condition(0));
        }
        if (random.nextInt(4) == 0) {
            s.append(" ORDER BY ").append(pick(COLUMNS)).append(pick("", " ASC", " DESC", " NULLS FIRST", ", size"));
        }
        if (random.nextInt(10) == 0) {
            s.append(pick(" LIMIT 1", " OFFSET 1", " GROUP BY name", " HAVING 1 = 1", " FETCH FIRST 1 ROWS ONLY", " FOR UPDATE"));
        }
        return s.toString();
    }

    private String condition(int depth) {
        int kind = depth > 3 ? 0 : random.nextInt(12);
        return switch (kind) {
            case 0, 1, 2, 3, 4 -> pick(COLUMNS) + " " + pick(OPS) + " " + value();
            case 5 -> value() + " = " + pick(COLUMNS);
            case 6 -> condition(depth + 1) + pick(" AND ", " OR ") + condition(depth + 1);
            case 7 -> "(" + condition(depth + 1) + ")";
            case 8 -> "NOT " + condition(depth + 1);
            case 9 -> pick(COLUMNS) + " IN (" + value() + ", " + value() + ")";
            case 10 -> pick(COLUMNS) + pick(" IS NULL", " IS NOT NULL", " BETWEEN 'a' AND 'z'", " LIKE 'e%'");
            default -> "EXISTS (SELECT 1 FROM db)";
        };
    }

    private String insert() {
        StringBuilder s = new StringBuilder("INSERT INTO ").append(random.nextInt(8) == 0 ? pick(TABLES) : "db");
        int shape = random.nextInt(6);
        String[] cols = switch (shape) {
            case 0 -> new String[0];
            case 1 -> new String[] {"name", "meta"};
            case 2 -> new String[] {"name", "data"};
            case 3 -> new String[] {"name", "meta", "data", random.nextBoolean() ? "size" : "name"};
            default -> new String[] {"name", "meta", "data"};
        };
        if (cols.length > 0) {
            s.append(" (").append(String.join(", ", cols)).append(")");
        }
        s.append(" VALUES ");
        int rows = random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
        int width = cols.length == 0 ? 3 : cols.length;
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                s.append(", ");
            }
            s.append('(');
            int values = random.nextInt(10) == 0 ? width + random.nextInt(3) - 1 : width;
            for (int v = 0; v < values; v++) {
                if (v > 0) {
                    s.append(", ");
                }
                s.append(v == 0 ? nameValue() : v == 1 && width > 1 ? metaValue() : dataValue());
            }
            s.append(')');
        }
        if (random.nextInt(12) == 0) {
            s.append(pick(" ON CONFLICT DO NOTHING", " RETURNING name", " ON DUPLICATE KEY UPDATE meta = '{}'"));
        }
        return s.toString();
    }

    private String update() {
        StringBuilder s = new StringBuilder("UPDATE ").append(random.nextInt(8) == 0 ? pick(TABLES) : "db").append(" SET ");
        switch (random.nextInt(6)) {
            case 0 -> s.append("meta = ").append(metaValue());
            case 1 -> s.append("data = ").append(dataValue());
            case 2 -> s.append("data = ").append(dataValue()).append(", meta = ").append(metaValue());
            case 3 -> s.append("meta = ").append(metaValue()).append(", meta = ").append(metaValue());
            case 4 -> s.append(pick(COLUMNS)).append(" = ").append(value());
            default -> s.append("(meta, data) = (").append(metaValue()).append(", ").append(dataValue()).append(")");
        }
        if (random.nextInt(10) > 0) {
            s.append(" WHERE ").append(random.nextInt(3) == 0 ? condition(0) : "name = " + nameValue());
        }
        return s.toString();
    }

    private String delete() {
        StringBuilder s = new StringBuilder("DELETE FROM ").append(random.nextInt(8) == 0 ? pick(TABLES) : "db");
        if (random.nextInt(10) > 0) {
            s.append(" WHERE ").append(random.nextInt(3) == 0 ? condition(0) : "name = " + nameValue());
        }
        return s.toString();
    }

    private String nameValue() {
        return switch (random.nextInt(10)) {
            case 0 -> "?";
            case 1 -> value();
            case 2 -> literal(HOSTILE.get(random.nextInt(HOSTILE.size())));
            default -> literal(NAMES.get(random.nextInt(NAMES.size())));
        };
    }

    private String metaValue() {
        return random.nextInt(8) == 0 ? value() : pick(META);
    }

    private String dataValue() {
        return random.nextInt(8) == 0 ? value() : pick(DATA);
    }

    private String value() {
        return switch (random.nextInt(16)) {
            case 0 -> "?";
            case 1 -> "NULL";
            case 2 -> Long.toString(random.nextLong());
            case 3 -> pick("TRUE", "FALSE", "1.5e10", "-0", "0.0", "1e-400", "NaN", "99999999999999999999999");
            case 4 -> "X'" + hex(random.nextInt(6)) + "'";
            case 5 -> pick("?1", "?2", ":name", "@v", "$1", "?0");
            case 6 -> pick("upper('a')", "CAST('1' AS INT)", "'a' || 'b'", "(SELECT name FROM db)", "CURRENT_TIMESTAMP",
                    "DATE '2020-01-01'", "INTERVAL '1' DAY", "ARRAY[1,2]", "ROW(1, 2)", "-(1)", "CASE WHEN 1 THEN 2 END");
            case 7 -> pick(COLUMNS);
            default -> literal(randomText(random.nextInt(12)));
        };
    }

    private String randomText(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(switch (random.nextInt(8)) {
                case 0 -> (char) random.nextInt(0x20);
                case 1 -> (char) (0x80 + random.nextInt(0x780));
                case 2 -> "'";
                case 3 -> "\uD83D\uDE00";
                default -> (char) ('a' + random.nextInt(26));
            });
        }
        return s.toString();
    }

    private String hex(int bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes * 2; i++) {
            s.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
        }
        return s.toString();
    }

    /** Comments, odd white space, case changes and a trailing semicolon around a statement. */
    private String decorate(String sql) {
        String s = sql;
        if (random.nextBoolean()) {
            s = random.nextBoolean() ? s.toLowerCase(java.util.Locale.ROOT) : s.toUpperCase(java.util.Locale.ROOT);
        }
        return switch (random.nextInt(7)) {
            case 0 -> "/* c */ " + s + " -- trailing";
            case 1 -> s.replace(" ", "\n\t ");
            case 2 -> s + ";";
            case 3 -> s + "; " + s;
            case 4 -> s + "; -- only a comment";
            case 5 -> "  \r\n" + s + "\r\n  ";
            default -> s.replace(" ", "/**/");
        };
    }

    /** One to four byte-level mutations of a valid statement, decoded leniently or as Latin-1. */
    String mutate(String sql) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            bytes = mutateOnce(bytes);
        }
        return random.nextInt(4) == 0 ? new String(bytes, StandardCharsets.ISO_8859_1)
                : new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] mutateOnce(byte[] b) {
        int n = b.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(8)) {
            case 0: // flip a bit
                if (n > 0) {
                    b = b.clone();
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            case 1: // random byte
                if (n > 0) {
                    b = b.clone();
                    b[at] = (byte) random.nextInt(256);
                }
                return b;
            case 2: { // delete a range
                int len = Math.min(n - at, 1 + random.nextInt(8));
                return concat(slice(b, 0, at), slice(b, at + len, n));
            }
            case 3: { // duplicate a range
                int len = Math.min(n - at, 1 + random.nextInt(16));
                return concat(slice(b, 0, at + len), slice(b, at, n));
            }
            case 4: { // truncate
                return slice(b, 0, at);
            }
            case 5: { // swap two ranges' order by moving a chunk to the end
                int len = Math.min(n - at, 1 + random.nextInt(8));
                return concat(concat(slice(b, 0, at), slice(b, at + len, n)), slice(b, at, at + len));
            }
            default: { // insert a token
                byte[] token = pick(TOKENS).getBytes(StandardCharsets.UTF_8);
                return concat(concat(slice(b, 0, at), token), slice(b, at, n));
            }
        }
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.max(Math.min(from, b.length),
                Math.min(to, b.length)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }
}
