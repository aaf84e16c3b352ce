package org.dirdb.sql;

/**
 * A linear scan of SQL text that runs before JSqlParser sees it. JSqlParser overflows its stack on deep
 * nesting and takes quadratic time on unbalanced parentheses, so both are rejected here in O(n): nesting
 * deeper than {@link #maxDepth}, a {@code )} without its {@code (}, a {@code (} never closed, and text after
 * the statement's terminating {@code ;}. The scanner knows string literals ({@code '...'} with {@code ''}),
 * quoted identifiers ({@code "..."}, {@code `...`}), {@code --} line comments and {@code /* *}{@code /} block
 * comments, so parentheses and semicolons inside them do not count.
 *
 * <p>It also counts tokens (a word, a literal, a punctuation mark) and refuses more than {@link #maxTokens}:
 * parse time grows with them, and a statement of a few hundred kilobytes of column or value lists would
 * otherwise hold a parser thread for seconds.
 */
final class InputGuard {
    private final int maxLength;
    private final int maxDepth;
    private final int maxTokens;

    InputGuard(int maxLength, int maxDepth, int maxTokens) {
        this.maxLength = maxLength;
        this.maxDepth = maxDepth;
        this.maxTokens = maxTokens;
    }

    /**
     * Checks the text and returns it without a single trailing {@code ;} (and what follows it, which may only
     * be white space and comments).
     */
    String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw QueryException.syntax("empty SQL statement");
        }
        if (sql.length() > maxLength) {
            throw new QueryException(SqlState.TOO_COMPLEX, "SQL text of " + sql.length()
                    + " characters exceeds the limit of " + maxLength + " characters");
        }
        int[] openLine = new int[maxDepth + 1];
        int[] openColumn = new int[maxDepth + 1];
        int depth = 0;
        int line = 1;
        int column = 0;
        int end = -1; // index of the terminating ';'
        int tokens = 0;
        boolean inWord = false;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            column++;
            boolean wordChar = Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
            if (!(wordChar && inWord) && !Character.isWhitespace(c) && ++tokens > maxTokens) {
                throw new QueryException(SqlState.TOO_COMPLEX, "statement of more than " + maxTokens
                        + " tokens (at line " + line + ", column " + column + "); split it into several");
            }
            inWord = wordChar;
            if (c == '\n') {
                line++;
                column = 0;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int close = closingQuote(sql, i, c);
                for (int k = i + 1; k < close && k < n; k++) {
                    column++;
                    if (sql.charAt(k) == '\n') {
                        line++;
                        column = 0;
                    }
                }
                if (close >= n) {
                    break; // unterminated: JSqlParser reports it with its position, quickly
                }
                column++;
                i = close;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i + 1 < n && sql.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                int stop = close < 0 ? n : close + 2;
                for (int k = i + 1; k < stop; k++) {
                    column++;
                    if (sql.charAt(k) == '\n') {
                        line++;
                        column = 0;
                    }
                }
                i = stop - 1;
                continue;
            }
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (end >= 0) {
                throw QueryException.syntax("only one statement per call: text after ';' at line " + line
                        + ", column " + column);
            }
            if (c == '(') {
                if (depth == maxDepth) {
                    throw QueryException.syntax("parentheses nested deeper than " + maxDepth + " at line " + line
                            + ", column " + column);
                }
                openLine[depth] = line;
                openColumn[depth] = column;
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    throw QueryException.syntax("unbalanced ')' at line " + line + ", column " + column);
                }
                depth--;
            } else if (c == ';') {
                end = i;
            }
        }
        if (depth > 0) {
            throw QueryException.syntax("unbalanced '(' at line " + openLine[depth - 1] + ", column "
                    + openColumn[depth - 1] + " is never closed");
        }
        return end < 0 ? sql : sql.substring(0, end);
    }

    /** Index of the quote closing the one at {@code start}, or {@code sql.length()}; doubled quotes escape. */
    private static int closingQuote(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length();
    }
}
