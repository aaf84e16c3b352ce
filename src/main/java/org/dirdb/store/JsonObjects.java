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
