package org.dirdb.sql.ir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;

/** The JSON functions that build documents: {@code JSON_MERGEPATCH} and {@code JSON_SET}. */
final class JsonOps {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonOps() {}

    /**
     * RFC 7386 merge patch: members of an object patch replace or add members, a {@code null} member removes
     * one, nested objects merge recursively, and any other patch (array, scalar) replaces the target. A
     * missing target (NULL metadata) is treated as absent, so the patch is applied to {@code {}}.
     */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    /**
     * Sets the value at a path, creating missing object members along the way (as MySQL's {@code JSON_SET}
     * and PostgreSQL's {@code jsonb_set(..., create_missing)} do); an array index equal to the array's length
     * appends. A step through a scalar, or an index beyond the end, is 22023 naming the path.
     */
    static JsonNode set(JsonNode target, JsonPath path, JsonNode value) {
        if (path.steps().isEmpty()) {
            return value;
        }
        JsonNode root = target == null ? NODES.objectNode() : target.deepCopy();
        JsonNode node = root;
        for (int i = 0; i < path.steps().size(); i++) {
            Object step = path.steps().get(i);
            boolean last = i == path.steps().size() - 1;
            Object nextStep = last ? null : path.steps().get(i + 1);
            if (step instanceof String key && node instanceof ObjectNode object) {
                if (last) {
                    object.set(key, value);
                } else {
                    JsonNode child = object.get(key);
                    if (child == null || child.isNull()) {
                        child = nextStep instanceof Integer ? NODES.arrayNode() : NODES.objectNode();
                        object.set(key, child);
                    }
                    node = child;
                }
            } else if (step instanceof Integer index && node instanceof ArrayNode array && index <= array.size()) {
                if (index == array.size()) {
                    array.add(last ? value : nextStep instanceof Integer ? NODES.arrayNode() : NODES.objectNode());
                } else if (last) {
                    array.set(index, value);
                }
                node = array.get(index);
            } else {
                throw new QueryException(SqlState.INVALID_VALUE, "JSON_SET cannot follow path '" + path.text()
                        + "': step " + (i + 1) + " (" + step + ") does not fit a JSON " + node.getNodeType()
                        .name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return root;
    }

    /** The JSON form of an SQL value: strings, numbers, booleans, NULL, JSON values; timestamps as text. */
    static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Json j) {
            return j.node();
        } else if (value instanceof String s) {
            return NODES.textNode(s);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof java.math.BigDecimal d) {
            return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(d); // its digits as given: 2.50
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Instant i) {
            return NODES.textNode(i.toString());
        }
        throw new QueryException(SqlState.BAD_CONVERSION, "cannot put " + Values.describe(value) + " into JSON");
    }
}
