package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dirdb.sql.ir.Expr;

/**
 * Plans for the few statement shapes most programs start with, made without JSqlParser, so that a program
 * that only lists, looks up, inserts and updates by name never loads the parser (about a hundred classes and
 * a few MiB of metadata and JIT work: a third of the time to the first row of a fresh JVM). Anything else,
 * including every variation of these shapes beyond case and spacing, returns null and goes to the parser.
 * The plans are exactly those the {@link Translator} makes for the same text (a test compares them).
 *
 * <pre>
 * SELECT col [, col]... FROM db [WHERE name = ?]
 * INSERT INTO db (col [, col]...) VALUES (? [, ?]...)     -- name, meta, data; name among them
 * UPDATE db SET col = ? [, col = ?]... WHERE name = ?     -- meta, data
 * </pre>
 * Columns are unquoted names of {@code db}'s columns, each at most once; keywords in any case; no comments,
 * literals, aliases or semicolons.
 */
final class SimpleStatements {
    /** Longer texts are not among these shapes. */
    private static final int MAX_LENGTH = 400;

    private final List<String> tokens;
    private int at;
    private int params;

    private SimpleStatements(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The plan of a statement of one of the shapes above, or null. */
    static Plan plan(String sql) {
        if (sql.length() > MAX_LENGTH) {
            return null;
        }
        List<String> tokens = tokenize(sql);
        if (tokens == null || tokens.isEmpty()) {
            return null;
        }
        SimpleStatements s = new SimpleStatements(tokens);
        Plan plan = switch (tokens.get(0)) {
            case "select" -> s.select();
            case "insert" -> s.insert();
            case "update" -> s.update();
            default -> null;
        };
        return plan != null && s.at == tokens.size() ? plan : null;
    }

    /** Lower-cased words and the single characters {@code ( ) , = ?}; null for anything else. */
    private static List<String> tokenize(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '(' || c == ')' || c == ',' || c == '=' || c == '?') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                int start = i;
                while (i < n && (sql.charAt(i) >= 'a' && sql.charAt(i) <= 'z'
                        || sql.charAt(i) >= 'A' && sql.charAt(i) <= 'Z')) {
                    i++;
                }
                if (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    return null;
                }
                tokens.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
            } else {
                return null;
            }
        }
        return tokens;
    }

    private boolean accept(String token) {
        if (at < tokens.size() && tokens.get(at).equals(token)) {
            at++;
            return true;
        }
        return false;
    }

    private boolean atEnd() {
        return at == tokens.size();
    }

    private DbColumn column() {
        if (at >= tokens.size()) {
            return null;
        }
        String word = tokens.get(at);
        for (DbColumn c : DbColumn.values()) {
            if (c.columnName().equals(word)) {
                at++;
                return c;
            }
        }
        return null;
    }

    private Expr param() {
        return accept("?") ? new Expr.Param(++params) : null;
    }

    /** {@code WHERE name = ?}: the scan and the condition, or null. */
    private Expr whereName() {
        if (!accept("where") || !accept("name") || !accept("=")) {
            return null;
        }
        return param();
    }

    private static Expr nameEquals(Expr value) {
        return new Expr.Compare(Expr.CompareOp.EQ, new Expr.Col(DbColumn.NAME), value);
    }

    private Plan select() {
        at = 1;
        List<Plan.Output> outputs = new ArrayList<>();
        do {
            DbColumn c = column();
            if (c == null || outputs.stream().anyMatch(o -> o.column() == c)) {
                return null;
            }
            outputs.add(new Plan.Output(new Expr.Col(c), c.columnName(), c.type(), c));
        } while (accept(","));
        if (!accept("from") || !accept("db")) {
            return null;
        }
        if (atEnd()) {
            return new Plan.Select(Tables.ROOT, outputs, new Scan.All(false), null, false, List.of(), null,
                    List.of(), false, null, null, 0);
        }
        Expr name = whereName();
        if (name == null) {
            return null;
        }
        return new Plan.Select(Tables.ROOT, outputs, new Scan.Names(List.of(name), false), nameEquals(name), false,
                List.of(), null, List.of(), false, null, null, params);
    }

    private Plan insert() {
        at = 1;
        if (!accept("into") || !accept("db") || !accept("(")) {
            return null;
        }
        List<DbColumn> columns = new ArrayList<>();
        do {
            DbColumn c = column();
            if (c == null || !c.writable() || columns.contains(c)) {
                return null;
            }
            columns.add(c);
        } while (accept(","));
        if (!columns.contains(DbColumn.NAME) || !accept(")") || !accept("values") || !accept("(")) {
            return null;
        }
        List<Expr> values = new ArrayList<>();
        do {
            Expr p = param();
            if (p == null) {
                return null;
            }
            values.add(p);
        } while (accept(","));
        if (!accept(")") || values.size() != columns.size()) {
            return null;
        }
        return new Plan.Insert(Tables.ROOT, columns, List.of(values), new Plan.Fail(), params);
    }

    private Plan update() {
        at = 1;
        if (!accept("db") || !accept("set")) {
            return null;
        }
        List<Plan.Assignment> sets = new ArrayList<>();
        do {
            DbColumn c = column();
            if (c == null || c == DbColumn.NAME || !c.writable()
                    || sets.stream().anyMatch(a -> a.column() == c) || !accept("=")) {
                return null;
            }
            Expr p = param();
            if (p == null) {
                return null;
            }
            sets.add(new Plan.Assignment(c, p));
        } while (accept(","));
        Expr name = whereName();
        if (name == null) {
            return null;
        }
        return new Plan.Update(Tables.ROOT, sets, new Scan.Names(List.of(name), false), nameEquals(name), params);
    }
}
