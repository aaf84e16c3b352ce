package org.dirdb.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC escape processing, by rewriting the text before it is parsed; {@code Connection.nativeSQL} returns
 * the same rewrite. Each escape the dialect has an equivalent for becomes that equivalent, padded with
 * spaces to its own length, which keeps every later token at its line and column for syntax error messages:
 * <ul>
 *   <li>{@code {fn NAME(...)}} becomes {@code NAME(...)}, and {@code {fn CURRENT_TIMESTAMP()}} (and
 *       {@code CURRENT_DATE}, {@code CURRENT_TIME}, with or without the empty parentheses) the bare keyword,
 *       as such a function is one;</li>
 *   <li>{@code {escape 'c'}} after a LIKE pattern becomes {@code escape 'c'};</li>
 *   <li>{@code {oj ...}} becomes what it holds (an outer join, refused as every join is).</li>
 * </ul>
 * The escapes of things the dialect lacks ({@code {d ...}}, {@code {t ...}}, {@code {ts ...}},
 * {@code {call ...}}, {@code {? = call ...}}) are left as written, to be refused where they are read. A brace
 * that opens no JDBC escape, and an escape without its closing brace, are syntax errors (42000) naming it and
 * its line and column. Escapes nest. Text in string literals (dollar-quoted ones included), quoted
 * identifiers and comments is left alone.
 *
 * <p>With escape processing off ({@code Statement.setEscapeProcessing(false)}) the text goes to SQL as
 * written, and escape syntax is not SQL: since JSqlParser would read most escapes anyway, {@link #refuse}
 * fails on the first brace outside literals and comments instead.
 */
final class Escapes {
    private Escapes() {}

    private static final Pattern KEYWORD_ESCAPE = Pattern.compile(
            "\\{\\s*fn\\s+(current_timestamp|current_date|current_time)\\s*(?:\\(\\s*\\)\\s*)?}",
            Pattern.CASE_INSENSITIVE);

    /** The opening of a JDBC escape: its brace and its keyword (group 1). */
    private static final Pattern ESCAPE = Pattern.compile(
            "\\{\\s*(fn|escape|oj|ts|d|t|call|\\?\\s*=\\s*call)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[A-Za-z_]*\\$");

    /** How much of an escape messages quote. */
    private static final int EXCERPT = 40;

    /**
     * The text with each escape the dialect has an equivalent for replaced by it, padded to the same length;
     * 42000 for a brace that opens no escape or an escape that is not closed.
     */
    static String rewrite(String sql) {
        if (sql.indexOf('{') < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql);
        Matcher keyword = KEYWORD_ESCAPE.matcher(sql);
        Matcher escape = ESCAPE.matcher(sql);
        Deque<Integer> open = new ArrayDeque<>(); // where each open escape starts; negative when kept as written
        int n = sql.length();
        int i = 0;
        while (i < n) {
            int after = skipText(sql, i);
            char c = sql.charAt(i);
            if (after > i) {
                i = after;
            } else if (c == '{' && keyword.region(i, n).lookingAt()) {
                blank(out, sql, keyword.start(), keyword.end(), keyword.start(1), keyword.end(1));
                i = keyword.end();
            } else if (c == '{') {
                if (!escape.region(i, n).lookingAt()) {
                    throw malformed(sql, i, "a brace outside literals opens a JDBC escape, and this is none (they"
                            + " are {fn ...}, {escape ...}, {oj ...}, {d ...}, {t ...}, {ts ...} and {call ...})");
                }
                String kind = escape.group(1).toLowerCase(Locale.ROOT);
                boolean kept = !kind.equals("fn") && !kind.equals("escape") && !kind.equals("oj");
                if (!kept) {
                    // {escape 'c'} keeps its keyword; {fn ...} and {oj ...} lose theirs.
                    boolean keepWord = kind.equals("escape");
                    blank(out, sql, i, escape.end(), keepWord ? escape.start(1) : i, keepWord ? escape.end(1) : i);
                }
                open.push(kept ? -1 - i : i);
                i = escape.end();
            } else if (c == '}' && !open.isEmpty()) {
                if (open.pop() >= 0) {
                    out.setCharAt(i, ' ');
                }
                i++;
            } else {
                i++;
            }
        }
        if (!open.isEmpty()) {
            int start = open.getLast();
            throw malformed(sql, start >= 0 ? start : -1 - start, "the JDBC escape is not closed with }");
        }
        return out.toString();
    }

    /** Spaces over {@code [from, to)} except over {@code [keepFrom, keepTo)} and whitespace (line breaks stay). */
    private static void blank(StringBuilder out, String sql, int from, int to, int keepFrom, int keepTo) {
        for (int k = from; k < to; k++) {
            if ((k < keepFrom || k >= keepTo) && !Character.isWhitespace(sql.charAt(k))) {
                out.setCharAt(k, ' ');
            }
        }
    }

    private static QueryException malformed(String sql, int at, String why) {
        return QueryException.syntax("syntax error at " + position(sql, at) + " near '" + excerpt(sql, at) + "': "
                + why + ": " + SqlFrontEnd.quote(sql));
    }

    /**
     * For escape processing off: a syntax error (42000) at the first {@code {} outside literals, quoted
     * identifiers and comments, naming the escape it opens and where; nothing when there is none.
     */
    static void refuse(String sql) {
        int i = nextBrace(sql, 0);
        if (i >= 0) {
            throw QueryException.syntax("syntax error at " + position(sql, i) + " near '" + excerpt(sql, i)
                    + "': escape processing is off (Statement.setEscapeProcessing(false)), so JDBC escape"
                    + " syntax is not rewritten and is not SQL: " + SqlFrontEnd.quote(sql));
        }
    }

    /**
     * The index of the first {@code {} at or after {@code from} outside literals, quoted identifiers and
     * comments; -1 when there is none.
     */
    private static int nextBrace(String sql, int from) {
        int n = sql.length();
        int i = from;
        while (i < n) {
            int after = skipText(sql, i);
            if (after > i) {
                i = after;
            } else if (sql.charAt(i) == '{') {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * The index after the literal, quoted identifier or comment that starts at {@code i}, or {@code i} itself
     * when none starts there.
     */
    private static int skipText(String sql, int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
            return closing(sql, i + 1, c);
        } else if (c == '$') {
            // A dollar-quoted string ($$...$$, $tag$...$tag$): its text is data, never an escape.
            Matcher open = DOLLAR_QUOTE.matcher(sql).region(i, n);
            if (open.lookingAt()) {
                int end = sql.indexOf(open.group(), open.end());
                return end < 0 ? n : end + open.group().length();
            }
        } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
            int end = sql.indexOf('\n', i);
            return end < 0 ? n : end + 1;
        } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? n : end + 2;
        }
        return i;
    }

    /** The index after the quote that closes one opened before {@code from}; a doubled quote stays inside. */
    private static int closing(String sql, int from, char quote) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /** "line L, column C" of index {@code at}, both from 1, as the parser reports positions. */
    private static String position(String sql, int at) {
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < at; k++) {
            if (sql.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return "line " + line + ", column " + (at - lineStart + 1);
    }

    /** The escape that starts at {@code at}, up to its closing brace: one line, {@value #EXCERPT} characters at most. */
    private static String excerpt(String sql, int at) {
        int close = sql.indexOf('}', at);
        int end = Math.min(close < 0 ? sql.length() : close + 1, at + EXCERPT);
        String text = sql.substring(at, end).replaceAll("\\s+", " ");
        return end < sql.length() && (close < 0 || end <= close) ? text + "..." : text;
    }
}
