package org.dirdb.sql.ir;

import java.util.Locale;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;

/**
 * A compiled LIKE pattern: {@code %} matches any run of characters, {@code _} exactly one (a code point), the
 * escape character makes the next one literal. Matching is by code point, case-sensitive unless ILIKE.
 */
public final class LikePattern {
    private final int[] pattern;
    /** True at positions whose character is literal (escaped or ordinary). */
    private final boolean[] literal;
    private final boolean ignoreCase;

    private LikePattern(int[] pattern, boolean[] literal, boolean ignoreCase) {
        this.pattern = pattern;
        this.literal = literal;
        this.ignoreCase = ignoreCase;
    }

    /** Compiles; 22019 when the escape is not one character, 22025 when it ends the pattern. */
    public static LikePattern compile(String text, String escape, boolean ignoreCase) {
        int esc = -1;
        if (escape != null) {
            if (escape.codePointCount(0, escape.length()) != 1) {
                throw new QueryException(SqlState.INVALID_ESCAPE_CHARACTER, "the ESCAPE of LIKE must be one"
                        + " character, not '" + escape + "'");
            }
            esc = escape.codePointAt(0);
        }
        String source = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        int[] cps = source.codePoints().toArray();
        int[] out = new int[cps.length];
        boolean[] lit = new boolean[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            if (cps[i] == esc) {
                if (i + 1 == cps.length) {
                    throw new QueryException(SqlState.INVALID_ESCAPE_SEQUENCE, "LIKE pattern '" + text
                            + "' ends with its escape character");
                }
                out[n] = cps[++i];
                lit[n++] = true;
            } else {
                out[n] = cps[i];
                lit[n++] = cps[i] != '%' && cps[i] != '_';
            }
        }
        return new LikePattern(java.util.Arrays.copyOf(out, n), java.util.Arrays.copyOf(lit, n), ignoreCase);
    }

    /**
     * The literal text every match starts with, for filtering a sorted listing before any file is opened;
     * empty when the pattern starts with a wildcard.
     */
    public String prefix() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pattern.length && literal[i]; i++) {
            b.appendCodePoint(pattern[i]);
        }
        return b.toString();
    }

    public boolean matches(String value) {
        int[] s = (ignoreCase ? value.toLowerCase(Locale.ROOT) : value).codePoints().toArray();
        // Iterative matching with backtracking to the last %: linear in practice, no recursion.
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        while (i < s.length) {
            if (p < pattern.length && !literal[p] && pattern[p] == '%') {
                star = p++;
                mark = i;
            } else if (p < pattern.length && (literal[p] ? pattern[p] == s[i] : pattern[p] == '_')) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length && !literal[p] && pattern[p] == '%') {
            p++;
        }
        return p == pattern.length;
    }
}
