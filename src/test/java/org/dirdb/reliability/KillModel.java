package org.dirdb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dirdb.e2e.Payloads;

/**
 * The state the kill test's writer produces, as a model independent of the driver: entry name →
 * (generation of its metadata, generation of its data). A generation fully determines the bytes, so
 * every entry can be checked for being whole (its data hashes to what its metadata says) and for being
 * exactly a state the writer acknowledged, or the one its last, unacknowledged statement would give.
 *
 * <p>Statements, as the writer prints them: {@code insert N G}, {@code meta N G}, {@code both N G},
 * {@code delete N}, {@code rename A B}.
 */
final class KillModel {
    static final List<String> NAMES = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry: the statements that last wrote its metadata and its data. */
    record State(long metaGen, long dataGen) {}

    private KillModel() {}

    /** The payload of a data generation: mostly small, every tenth about 1 MiB. */
    static byte[] data(long gen) {
        int size = gen % 10 == 0 ? (1 << 20) + (int) (gen % 4096) : (int) Math.floorMod(gen * 7919, 65536);
        return Payloads.deterministic(gen, size);
    }

    static String meta(long metaGen, long dataGen) {
        return "{\"gen\": " + metaGen + ", \"data\": " + dataGen + ", \"sha256\": \"" + Payloads.sha256(data(dataGen))
                + "\"}";
    }

    /** The state after one statement. */
    static Map<String, State> apply(Map<String, State> before, String statement) {
        Map<String, State> after = new TreeMap<>(before);
        String[] w = statement.split(" ");
        switch (w[0]) {
            case "insert", "both" -> after.put(w[1], new State(Long.parseLong(w[2]), Long.parseLong(w[2])));
            case "meta" -> after.put(w[1], new State(Long.parseLong(w[2]), before.get(w[1]).dataGen()));
            case "metas" -> {
                for (String name : w[1].split(",")) {
                    after.put(name, new State(Long.parseLong(w[2]), before.get(name).dataGen()));
                }
            }
            case "delete" -> after.remove(w[1]);
            case "rename" -> after.put(w[2], after.remove(w[1]));
            default -> throw new IllegalArgumentException(statement);
        }
        return after;
    }

    /**
     * The state an entry's metadata and data show, or an error message when they are not whole: metadata
     * unparsable, data missing, or data not the bytes its metadata names (payload and metadata written by
     * different statements, or a torn file).
     */
    static Object observe(String name, String metaText, byte[] data) {
        if (metaText == null || data == null) {
            return name + ": " + (metaText == null ? "metadata" : "data") + " missing";
        }
        JsonNode meta;
        try {
            meta = JSON.readTree(metaText);
        } catch (IOException e) {
            return name + ": metadata is not JSON: " + metaText.substring(0, Math.min(80, metaText.length()));
        }
        if (meta == null || !meta.has("gen") || !meta.has("data") || !meta.has("sha256")) {
            return name + ": metadata incomplete: " + metaText;
        }
        String sha = Payloads.sha256(data);
        if (!sha.equals(meta.get("sha256").asText())) {
            return name + ": data (" + data.length + " bytes) does not match its metadata " + metaText;
        }
        return new State(meta.get("gen").asLong(), meta.get("data").asLong());
    }
}
