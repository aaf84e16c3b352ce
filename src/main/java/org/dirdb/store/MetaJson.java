package org.dirdb.store;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Metadata validation. Metadata is a JSON object; everything Python's {@code json.dump} writes is
 * accepted, including {@code NaN}, {@code Infinity} and {@code -Infinity}, which ML statistics often
 * hold. The text is stored as given (formatting and number spelling are the user's), in UTF-8.
 */
public final class MetaJson {
    /** One shared, thread-safe mapper configured for what Python writes. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private MetaJson() {}

    /**
     * Returns the text when it is one JSON object; otherwise throws {@code INVALID_META} naming the entry. The
     * same as {@link JsonObjects#requireObject}, which writers call so as not to build the mapper.
     */
    public static String requireObject(String json, String entry) {
        return JsonObjects.requireObject(json, entry);
    }
}
