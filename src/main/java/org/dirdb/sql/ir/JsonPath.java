package org.dirdb.sql.ir;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;

/**
 * An SQL/JSON path in lax mode, the subset report scripts need: {@code $}, then any number of
 * {@code .key}, {@code ."quoted key"} and {@code [n]} (n a non-negative integer), with an optional leading
 * {@code lax}. Wildcards, filters, {@code last}, methods and {@code strict} are refused with 0A000 naming them;
 * a malformed path is 42000.
 *
 * @param steps each a String (member) or an Integer (array index)
 */
public record JsonPath(String text, List<Object> steps) {

    public JsonPath {
        steps = List.copyOf(steps);
    }

    /** Parses a path. */
    public static JsonPath parse(String text) {
        String t = text.strip();
        if (t.startsWith("lax ") || t.startsWith("lax\t")) {
            t = t.substring(4).strip();
        } else if (t.startsWith("strict ")) {
            throw QueryException.unsupported("strict JSON path mode in '" + text + "' (lax is the default)");
        }
        if (!t.startsWith("$")) {
            throw bad(text, "it must start with $");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '.') {
                i++;
                if (i < t.length() && t.charAt(i) == '"') {
                    int close = t.indexOf('"', i + 1);
                    if (close < 0) {
                        throw bad(text, "unterminated quoted key");
                    }
                    steps.add(t.substring(i + 1, close));
                    i = close + 1;
                } else {
                    int start = i;
                    while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_'
                            || t.charAt(i) == '$')) {
                        i++;
                    }
                    if (i == start) {
                        if (i < t.length() && t.charAt(i) == '*') {
                            throw QueryException.unsupported("wildcard .* in JSON path '" + text + "'");
                        }
                        throw bad(text, "a key is missing after '.' at position " + i);
                    }
                    steps.add(t.substring(start, i));
                }
            } else if (c == '[') {
                int close = t.indexOf(']', i);
                if (close < 0) {
                    throw bad(text, "unterminated [");
                }
                String index = t.substring(i + 1, close).strip();
                if (!index.matches("[0-9]{1,9}")) {
                    throw QueryException.unsupported("array step [" + index + "] in JSON path '" + text
                            + "' (only [n] with a non-negative integer n)");
                }
                steps.add(Integer.parseInt(index));
                i = close + 1;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                throw bad(text, "unexpected '" + c + "' at position " + i);
            }
        }
        return new JsonPath(text, steps);
    }

    private static QueryException bad(String text, String why) {
        return new QueryException(SqlState.SYNTAX_ERROR, "invalid JSON path '" + text + "': " + why);
    }

    /** The node at the path, or null when it does not exist. */
    public JsonNode find(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            node = step(node, step);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** One member or element step; null when missing (or the node has the wrong shape). */
    static JsonNode step(JsonNode node, Object step) {
        if (node == null) {
            return null;
        }
        JsonNode next;
        if (step instanceof Integer index) {
            next = node.isArray() ? node.get(index) : null;
        } else {
            next = node.isObject() ? node.get((String) step) : null;
        }
        return next == null || next.isMissingNode() ? null : next;
    }
}
