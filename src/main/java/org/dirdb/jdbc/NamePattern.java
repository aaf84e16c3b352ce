package org.dirdb.jdbc;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link java.sql.DatabaseMetaData} name pattern: {@code %} any run of characters, {@code _} one
 * character, {@code \} escapes the next character ({@code getSearchStringEscape()}). A null pattern matches
 * everything.
 *
 * <p>A pattern that equals an existing name exactly selects that name only. Tools such as DBeaver pass a table
 * name unescaped ({@code my_table}); read as a pattern it would also match {@code myXtable}, and the tool
 * would attribute that table's columns to {@code my_table}.
 */
final class NamePattern {
    private NamePattern() {}

    /** The names the pattern selects, in the given order. */
    static List<String> select(String pattern, List<String> names) {
        if (pattern != null && names.contains(pattern)) {
            return List.of(pattern);
        }
        return names.stream().filter(n -> matches(pattern, n)).toList();
    }

    static boolean matches(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /**
     * dirdb has neither catalogs nor schemas, so only "no restriction" qualifies a table: a null or empty
     * catalog, and a null schema pattern or one that matches the empty name ({@code ""}, {@code %}).
     */
    static boolean unqualified(String catalog, String schemaPattern) {
        return (catalog == null || catalog.isEmpty()) && (schemaPattern == null || matches(schemaPattern, ""));
    }
}
