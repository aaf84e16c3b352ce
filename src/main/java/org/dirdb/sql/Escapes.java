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
 */
final class Escapes {
    private Escapes() {}

    private static final Pattern KEYWORD_ESCAPE = Pattern.compile(
            "\\{\\s*fn\\s+(current_timestamp|current_date|current_time)\\s*(?:\\(\\s*\\)\\s*)?}",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[A-Za-z_]*\\$");

    /** The text with each {@code {fn KEYWORD()}} escape replaced by its keyword, padded to the same length. */
    static String rewrite(String sql) {
        if (sql.indexOf('{') < 0) {
            return sql;
        }
        StringBuilder out = null;
        Matcher m = KEYWORD_ESCAPE.matcher(sql);
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i + 1, c);
            } else if (c == '$' && DOLLAR_QUOTE.matcher(sql).region(i, n).lookingAt()) {
                // A dollar-quoted string ($$...$$, $tag$...$tag$): its text is data, never an escape.
                Matcher open = DOLLAR_QUOTE.matcher(sql).region(i, n);
                open.lookingAt();
                int end = sql.indexOf(open.group(), open.end());
                i = end < 0 ? n : end + open.group().length();
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '{' && m.region(i, n).lookingAt()) {
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
}
