package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming metadata check accepts exactly what the mapper reads as one JSON object. */
class JsonObjectsTest {
    private static boolean mapperAccepts(String json) {
        try {
            JsonNode node = MetaJson.MAPPER.readTree(json);
            return node != null && node.isObject();
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean checkAccepts(String json) {
        try {
            assertEquals(json, JsonObjects.requireObject(json, "e"));
            return true;
        } catch (StoreException e) {
            assertEquals(StoreException.Reason.INVALID_META, e.reason(), json);
            assertTrue(e.getMessage().contains("'e'") || e.getMessage().contains("e"), e.getMessage());
            return false;
        }
    }

    @Test
    void agreesWithTheMapper() {
        for (String json : List.of("{}", " {} ", "\n{\"a\": 1}\n", "{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity}",
                "{\"a\": [1, {\"b\": null}], \"c\": \"\\u00e9\"}", "{\"a\": 1, \"a\": 2}", "{", "}", "{} {}", "{}x",
                "{} 1", "[1,2]", "[1,", "42", "\"s\"", "null", "true", "", "   ", "{'a': 1}", "{a: 1}",
                "{\"a\": 1,}", "{} // c", "/* c */ {}", "{\"a\": nan}", "{\"a\": 01}", "{\"a\": \"\u0001\"}",
                "\uFEFF{}", "{\"a\": 1e999}", "[{}]")) {
            assertEquals(mapperAccepts(json), checkAccepts(json), json);
        }
    }

    @Test
    void namesWhatItGotInsteadOfAnObject() {
        for (String[] c : new String[][] {{"[1]", "array"}, {"42", "number"}, {"1.5", "number"}, {"\"s\"", "string"},
                {"null", "null"}, {"false", "boolean"}, {"", "empty"}, {"  ", "empty"}}) {
            StoreException e = assertThrows(StoreException.class, () -> JsonObjects.requireObject(c[0], "e"));
            assertTrue(e.getMessage().endsWith("must be a JSON object, not " + c[1]), e.getMessage());
        }
    }
}
