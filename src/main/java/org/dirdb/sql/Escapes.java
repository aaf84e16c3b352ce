package org.dirdb.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDBC escapes JSqlParser cannot read. It parses {@code {fn NAME(...)}} itself, except where NAME is a
 * keyword: {@code {fn CURRENT_TIMESTAMP()}} (and {@code CURRENT_DATE}, {@code CURRENT_TIME}) is a syntax error
 * there. Such an escape means the bare keyword, so it is rewritten to it before parsing: the braces,
 * {@code fn} and the empty parentheses become spaces, which keeps every later token at its line and column for
 * syntax error messages. Text in string literals (dollar-quoted ones included), quoted identifiers and comments
 * is left alone.
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

    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[A-Za-z_]*\\$");

    /** How much of an escape messages quote. */
    private static final int EXCERPT = 40;

    /** The text with each {@code {fn KEYWORD()}} escape replaced by its keyword, padded to the same length. */
    static String rewrite(String sql) {
        if (sql.indexOf('{') < 0) {
            return sql;
        }
        StringBuilder out = null;
        Matcher m = KEYWORD_ESCAPE.matcher(sql);
        int n = sql.length();
        for (int i = nextBrace(sql, 0); i >= 0; i = nextBrace(sql, i)) {
            if (m.region(i, n).lookingAt()) {
                if (out == null) {
                    out = new StringBuilder(sql);
                }
                for (int k = m.start(); k < m.end(); k++) {
                    if ((k < m.start(1) || k >= m.end(1)) && !Character.isWhitespace(sql.charAt(k))) {
                        out.setCharAt(k, ' ');
                    }
                }
                i = m.end();
            } else {
                i++;
            }
        }
        return out == null ? sql : out.toString();
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
