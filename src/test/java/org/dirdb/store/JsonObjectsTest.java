package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
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

    private static final List<String> CASES = List.of("{}", " {} ", "\n{\"a\": 1}\n",
            "{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity}", "{\"a\": [1, {\"b\": null}], \"c\": \"\\u00e9\"}",
            "{\"a\": 1, \"a\": 2}", "{", "}", "{} {}", "{}x", "{} 1", "[1,2]", "[1,", "42", "\"s\"", "null", "true",
            "", "   ", "{'a': 1}", "{a: 1}", "{\"a\": 1,}", "{} // c", "/* c */ {}", "{\"a\": nan}", "{\"a\": 01}",
            "{\"a\": \"\u0001\"}", "\uFEFF{}", "{\"a\": 1e999}", "[{}]", "{\"a\": +Infinity}", "{\"a\": -NaN}",
            "{\"a\": INF}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": -}", "{\"a\": 1e}", "{\"a\": 1e+}",
            "{\"a\": +1}", "{\"a\": 0x1}", "{\"a\": truex}", "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}",
            "{\"a\": \"\\ud83d\\ude00\"}", "{\"a\": \"\\udc00\"}", "{\"a\": \"\t\"}", "{\"a\": \"\u007f\"}",
            "{\"a\":[]}", "{\"a\":{}}", "{\"a\":[[],{}]}", "{\"a\": [1 2]}", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}",
            "{\"a\": [}", "{\"a\": {]}", "{\"a\": 1}}", "{\"a\": 1]", "{\"a\":\u00a01}", "{\f}", "{}\u0000",
            "{\"\u00e9\": \"\u00e9\"}", "{\"a\": -0, \"b\": 0.0e-0, \"c\": 1E5, \"d\": -12.5e+3}");

    @Test
    void theUnlockedReadCheckDecidesAsJackson() {
        for (String json : CASES) {
            byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(JsonObjects.parsedObject(utf8), JsonObjects.isObject(utf8), json);
        }
    }

    /**
     * The plain check decides alone only what it is sure of: it accepts nothing Jackson rejects, a proper
     * prefix of an object least of all (that is what proves an unlocked read whole), whatever the bytes.
     */
    @Test
    void thePlainCheckAcceptsNothingJacksonRejects() {
        SplittableRandom random = new SplittableRandom(20261124);
        byte[] alphabet = "{}[],:\"\\/ \t\n\r-+.0123456789eEabfnrtuINFaINulx\u0000\u001f\u007f".getBytes(StandardCharsets.UTF_8);
        int plain = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder doc = new StringBuilder();
            object(random, doc, 0);
            byte[] whole = doc.toString().getBytes(StandardCharsets.UTF_8);
            assertTrue(JsonObjects.parsedObject(whole), doc.toString());
            if (JsonObjects.plainObject(whole)) {
                plain++;
            }
            for (int cut = 0; cut < whole.length; cut++) {
                byte[] prefix = java.util.Arrays.copyOf(whole, cut);
                boolean cutOnlySpace = new String(whole, cut, whole.length - cut, StandardCharsets.UTF_8).isBlank();
                if (!cutOnlySpace) {
                    assertTrue(!JsonObjects.plainObject(prefix), "a proper prefix accepted: " + new String(prefix));
                }
            }
            for (int m = 0; m < 20; m++) {
                byte[] mutated = mutate(random, whole, alphabet);
                if (JsonObjects.plainObject(mutated)) {
                    assertTrue(JsonObjects.parsedObject(mutated),
                            "accepted what Jackson rejects: " + new String(mutated, StandardCharsets.ISO_8859_1));
                }
            }
        }
        // The fast path is the usual one: about half the generated documents hold unescaped non-ASCII text,
        // which is left to Jackson; the others are decided here.
        assertTrue(plain > 1200, "plain documents: " + plain);
    }

    @Test
    void thePlainCheckDecidesPythonsUsualOutput() {
        for (String json : List.of("{}", "{\"model\": \"m3\", \"score\": 0.42, \"epoch\": 7, \"tags\": [\"train\", \"v1\"]}",
                "{\"a\": NaN, \"b\": Infinity, \"c\": -Infinity, \"d\": null, \"e\": true, \"f\": false}",
                "{\n  \"nested\": {\n    \"x\": [1, 2.5, -3e-05, {}],\n    \"y\": []\n  }\n}\n",
                "{\"caf\\u00e9\": \"\\\"quoted\\\" \\\\ \\/ \\b\\f\\n\\r\\t\"}")) {
            assertTrue(JsonObjects.plainObject(json.getBytes(StandardCharsets.UTF_8)), json);
        }
    }

    private static byte[] mutate(SplittableRandom random, byte[] b, byte[] alphabet) {
        StringBuilder out = new StringBuilder(new String(b, StandardCharsets.ISO_8859_1));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            char c = (char) (alphabet[random.nextInt(alphabet.length)] & 0xff);
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, c);
                case 1 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                default -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, c);
                    }
                }
            }
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void object(SplittableRandom r, StringBuilder out, int depth) {
        out.append('{').append(space(r));
        int n = r.nextInt(depth > 3 ? 2 : 5);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                out.append(space(r)).append(',').append(space(r));
            }
            string(r, out);
            out.append(space(r)).append(':').append(space(r));
            value(r, out, depth + 1);
        }
        out.append(space(r)).append('}');
    }

    private static void value(SplittableRandom r, StringBuilder out, int depth) {
        switch (r.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> string(r, out);
            case 1 -> out.append(List.of("0", "-0", "7", "-12", "3.25", "-0.5e-3", "1E+9", "6.02e23", "123456789012345678901234567890")
                    .get(r.nextInt(9)));
            case 2 -> out.append(List.of("true", "false", "null").get(r.nextInt(3)));
            case 3 -> out.append(List.of("NaN", "Infinity", "-Infinity").get(r.nextInt(3)));
            case 4, 5 -> out.append(r.nextInt(1000));
            case 6 -> object(r, out, depth);
            default -> {
                out.append('[').append(space(r));
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    if (k > 0) {
                        out.append(space(r)).append(',').append(space(r));
                    }
                    value(r, out, depth + 1);
                }
                out.append(space(r)).append(']');
            }
        }
    }

    private static void string(SplittableRandom r, StringBuilder out) {
        out.append('"');
        int n = r.nextInt(8);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(12)) {
                case 0 -> out.append(List.of("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t").get(r.nextInt(8)));
                case 1 -> out.append(String.format("\\u%04x", r.nextInt(0xD800)));
                case 2 -> out.append(r.nextBoolean() ? "\u00e9" : "\\ud83d\\ude00");
                default -> out.append((char) ('a' + r.nextInt(26)));
            }
        }
        out.append('"');
    }

    private static String space(SplittableRandom r) {
        return List.of("", "", "", " ", "\n  ", "\t", "\r\n").get(r.nextInt(7));
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
