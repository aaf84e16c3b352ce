package org.dirdb.sql.ir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;
import org.dirdb.store.MetaJson;

/**
 * A JSON value produced by {@code ->} or {@code JSON_QUERY}. It reads as its JSON text; in comparisons a JSON
 * number compares as a number, a string as a string, true/false as booleans (see {@link Values}).
 */
public record Json(JsonNode node) {

    /** Parses JSON text; 22032 naming the entry (when there is one) if it is not valid JSON. */
    public static JsonNode parse(String text, String entry) {
        try {
            return MetaJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = entry == null ? "" : " of entry " + entry;
            throw new QueryException(SqlState.INVALID_JSON, "metadata" + where + " is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    /**
     * Writes NaN and the infinities bare, as Python's {@code json.dump} does and as they were read; Jackson
     * would quote them by default, turning a number into a string.
     */
    private static final ObjectWriter WRITER = MetaJson.MAPPER.writer()
            .without(JsonWriteFeature.WRITE_NAN_AS_STRINGS);

    /** The JSON text. */
    public String text() {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * The SQL value of a JSON scalar: a number is a Long (integral and in range) or a Double, a string a
     * String, true/false a Boolean; JSON null and a missing node are SQL NULL. Objects and arrays give
     * {@code containers} applied to the node.
     */
    public static Object scalar(JsonNode node, boolean containersAsText) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        } else if (node.isNumber()) {
            return node.doubleValue();
        } else if (node.isTextual()) {
            return node.textValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else {
            return containersAsText ? new Json(node).text() : null;
        }
    }
}
