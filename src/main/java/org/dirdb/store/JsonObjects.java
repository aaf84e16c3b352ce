package org.dirdb.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.util.Locale;

/**
 * The metadata check of every write ({@link MetaJson#requireObject}) with Jackson's streaming parser alone:
 * one pass over the tokens, no tree, and none of the data-binding classes a mapper loads. It accepts exactly
 * what {@link MetaJson#MAPPER} reads as one JSON object: Python's {@code NaN} and infinities included,
 * nothing after the object.
 */
public final class JsonObjects {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonObjects() {}

    /** Returns the text when it is one JSON object; otherwise throws {@code INVALID_META} naming the entry. */
    public static String requireObject(String json, String entry) {
        JsonToken first;
        try (JsonParser parser = FACTORY.createParser(json)) {
            first = parser.nextToken();
            if (first != null) {
                parser.skipChildren(); // reads (and so checks) the whole value
                JsonToken trailing = parser.nextToken();
                if (trailing != null) {
                    throw new StoreException(StoreException.Reason.INVALID_META, entry,
                            "metadata for entry " + EntryNames.quote(entry) + " is not valid JSON at line "
                                    + parser.currentLocation().getLineNr() + ", column "
                                    + parser.currentLocation().getColumnNr() + ": more data after the object");
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new StoreException(StoreException.Reason.INVALID_META, entry,
                    "metadata for entry " + EntryNames.quote(entry) + " is not valid JSON" + where + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.INVALID_META, entry,
                    "metadata for entry " + EntryNames.quote(entry) + " cannot be read: " + e);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new StoreException(StoreException.Reason.INVALID_META, entry,
                    "metadata for entry " + EntryNames.quote(entry) + " must be a JSON object, not " + kind(first));
        }
        return json;
    }

    /**
     * True when the UTF-8 bytes are exactly one JSON object, as {@link #requireObject} accepts it, with nothing
     * but white space after it. No proper prefix of an object passes (it lacks the closing brace), which is
     * what lets a read without the lock tell a whole file from one being written ({@link UnlockedRead}).
     */
    static boolean isObject(byte[] utf8) {
        return plainObject(utf8) || parsedObject(utf8);
    }

    /** {@link #isObject} through Jackson's parser: the judge of every text {@link #plainObject} is unsure of. */
    static boolean parsedObject(byte[] utf8) {
        try (JsonParser parser = FACTORY.createParser(utf8)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Deeper nesting is left to Jackson (whose own limit is higher). */
    static final int PLAIN_DEPTH = 64;
    /** Longer strings (Jackson limits names to 50,000 characters) and numbers (1,000) are left to Jackson. */
    static final int PLAIN_STRING = 8192;
    static final int PLAIN_NUMBER = 64;

    /**
     * True only when the bytes are surely one JSON object that {@link #parsedObject} accepts; false when they
     * are not, or when this check is not sure (it then leaves the question to Jackson). It is the whole check
     * of a listing's first, interpreted rows, where creating a Jackson parser per file costs more than the
     * file's system calls, so it reads only the plain grammar that Python's {@code json.dump} and the driver
     * write, in one pass with no allocation but a small stack: printable ASCII in strings with the standard
     * escapes (a <code>&#92;u</code> escape of a surrogate is left to Jackson), numbers as RFC 8259 spells them,
     * {@code true}, {@code false}, {@code null}, Python's {@code NaN}, {@code Infinity} and
     * {@code -Infinity}, space, tab, line feed and carriage return between tokens, nothing after the object.
     * Anything else (other bytes, a byte-order mark, comments, deep nesting, very long tokens) is not
     * rejected here but handed to Jackson. Like Jackson, it never accepts a proper prefix of an object: the
     * closing brace would be missing.
     */
    static boolean plainObject(byte[] b) {
        int n = b.length;
        int i = space(b, 0);
        if (i >= n || b[i] != '{') {
            return false;
        }
        byte[] open = new byte[PLAIN_DEPTH]; // the closing byte of each open container
        open[0] = '}';
        int depth = 1;
        i = space(b, i + 1);
        if (i < n && b[i] == '}') {
            return space(b, i + 1) == n;
        }
        elements:
        while (true) {
            // At the start of an element of the innermost container, white space skipped.
            if (open[depth - 1] == '}') {
                i = string(b, i);
                if (i < 0) {
                    return false;
                }
                if (i < n && b[i] <= ' ') { // white space is rare here: no call without it
                    i = space(b, i);
                }
                if (i >= n || b[i] != ':') {
                    return false;
                }
                i++;
                if (i < n && b[i] == ' ') { // one space, as Python's separators put it, without a call
                    i++;
                }
                if (i < n && b[i] <= ' ') {
                    i = space(b, i);
                }
            }
            if (i >= n) {
                return false;
            }
            byte c = b[i];
            if (c == '{' || c == '[') {
                if (depth == PLAIN_DEPTH) {
                    return false;
                }
                byte close = c == '{' ? (byte) '}' : (byte) ']';
                open[depth++] = close;
                i = space(b, i + 1);
                if (i >= n || b[i] != close) {
                    continue; // its first element
                }
                depth--; // empty: a value like any other
                i++;
            } else {
                i = c == '"' ? string(b, i) : scalar(b, i);
                if (i < 0) {
                    return false;
                }
            }
            // After a value: a comma and the next element, or the end of one container or more.
            while (true) {
                if (i < n && b[i] <= ' ') {
                    i = space(b, i);
                }
                if (i >= n) {
                    return false;
                }
                c = b[i];
                if (c == ',') {
                    i++;
                    if (i < n && b[i] == ' ') {
                        i++;
                    }
                    if (i < n && b[i] <= ' ') {
                        i = space(b, i);
                    }
                    continue elements;
                }
                if (c != open[depth - 1]) {
                    return false;
                }
                i++;
                if (--depth == 0) {
                    return space(b, i) == n;
                }
            }
        }
    }

    private static int space(byte[] b, int i) {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** The index after a string, number or literal that starts at {@code i}, or -1. */
    private static int scalar(byte[] b, int i) {
        byte c = b[i];
        if (c == '"') {
            return string(b, i);
        }
        if (c == '-' || c >= '0' && c <= '9') {
            if (c == '-' && i + 1 < b.length && b[i + 1] == 'I') {
                return literal(b, i, MINUS_INFINITY);
            }
            return number(b, i);
        }
        return switch (c) {
            case 't' -> literal(b, i, TRUE);
            case 'f' -> literal(b, i, FALSE);
            case 'n' -> literal(b, i, NULL);
            case 'N' -> literal(b, i, NAN);
            case 'I' -> literal(b, i, INFINITY);
            default -> -1;
        };
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] NAN = {'N', 'a', 'N'};
    private static final byte[] INFINITY = {'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};
    private static final byte[] MINUS_INFINITY = {'-', 'I', 'n', 'f', 'i', 'n', 'i', 't', 'y'};

    /**
     * The index after {@code word} at {@code i}, or -1 (what follows it is checked by the caller). Bytes,
     * not a string's characters: this runs interpreted on a listing's first rows, where a call costs.
     */
    private static int literal(byte[] b, int i, byte[] word) {
        int end = i + word.length;
        if (end > b.length) {
            return -1;
        }
        for (int k = 0; k < word.length; k++) {
            if (b[i + k] != word[k]) {
                return -1;
            }
        }
        return end;
    }

    /** The index after the quoted string at {@code i}, or -1. */
    private static int string(byte[] b, int i) {
        int n = b.length;
        if (i >= n || b[i] != '"') {
            return -1;
        }
        int limit = n - i > PLAIN_STRING ? i + PLAIN_STRING : n;
        int j = i + 1;
        while (j < limit) {
            byte c = b[j];
            if (c == '"') {
                return j + 1;
            }
            if (c < 0x20 || c == 0x7f) { // a control character, or (negative) a byte of a multi-byte character
                return -1;
            }
            if (c != '\\') {
                j++;
                continue;
            }
            if (j + 1 >= limit) {
                return -1;
            }
            byte e = b[j + 1];
            if (e == 'u') {
                if (j + 5 >= limit) {
                    return -1;
                }
                int v = 0;
                for (int k = j + 2; k < j + 6; k++) {
                    int d = Character.digit(b[k], 16);
                    if (d < 0) {
                        return -1;
                    }
                    v = v << 4 | d;
                }
                if (v >= 0xD800 && v <= 0xDFFF) {
                    return -1;
                }
                j += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r'
                    || e == 't') {
                j += 2;
            } else {
                return -1;
            }
        }
        return -1;
    }

    /** The index after the number at {@code i} ({@code -? int frac? exp?}), or -1. */
    private static int number(byte[] b, int i) {
        int n = b.length;
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= n) {
            return -1;
        }
        // The digit loops are written out: a call per run of digits costs the interpreted first rows more.
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            i++;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            return -1;
        }
        if (i < n && b[i] == '.') {
            int first = ++i;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == first) {
                return -1;
            }
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int first = i;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == first) {
                return -1;
            }
        }
        return i - start > PLAIN_NUMBER ? -1 : i;
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }
}
