package org.dirdb.reliability;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions the writers of {@link ReadersUnderWritersTest} write: version {@code gen} of entry
 * {@code r<i>} is a payload fixed by (i, gen) and metadata naming the generation and the payload's SHA-256.
 * Any process can recompute a version, so a reader can tell a complete version from anything else.
 *
 * <p>Payload: 8 bytes generation, 4 bytes entry index, then pseudo-random bytes; 16 bytes to 4 KiB, and
 * every fifth generation 100 to 250 KiB, so that some reads overlap the replacement of a large file.
 * Metadata: {@code {"entry": "r<i>", "gen": G, "sha256": "...", "pad": "..."}} with a padding of varying
 * length, so that versions of the metadata file differ in size too.
 */
final class Versions {
    private static final Pattern GEN = Pattern.compile("\"gen\": ?(\\d+)");
    private static final Pattern SHA = Pattern.compile("\"sha256\": ?\"([0-9a-f]{64})\"");
    private static final Pattern ENTRY = Pattern.compile("\"entry\": ?\"(r\\d+)\"");

    private static final java.util.Map<Long, String> SHA_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Versions() {}

    /** The SHA-256 of version {@code gen}'s payload, computed once per JVM. */
    static String expectedSha(int entry, long gen) {
        return SHA_CACHE.computeIfAbsent(gen * 64 + entry, k -> sha256(data(entry, gen)));
    }

    static String name(int entry) {
        return "r" + entry;
    }

    static int index(String name) {
        return Integer.parseInt(name.substring(1));
    }

    static byte[] data(int entry, long gen) {
        Random random = new Random(entry * 1_000_003L + gen * 7_919L);
        int size = gen % 5 == 0 ? 100_000 + random.nextInt(150_000) : 16 + random.nextInt(4_000);
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        ByteBuffer.wrap(bytes).putLong(gen).putInt(entry);
        return bytes;
    }

    static String meta(int entry, long gen) {
        return "{\"entry\": \"" + name(entry) + "\", \"gen\": " + gen + ", \"sha256\": \"" + sha256(data(entry, gen))
                + "\", \"pad\": \"" + "p".repeat((int) (gen % 7) * 300) + "\"}";
    }

    /** The generation a payload claims in its first bytes, or -1 when it is too short to claim one. */
    static long genOfData(byte[] data) {
        return data == null || data.length < 12 ? -1 : ByteBuffer.wrap(data).getLong();
    }

    /** True when the payload is exactly version {@code gen} of the entry. */
    static boolean isData(int entry, long gen, byte[] data) {
        return gen >= 0 && data.length >= 12 && ByteBuffer.wrap(data).getInt(8) == entry
                && sha256(data).equals(expectedSha(entry, gen));
    }

    /** The generation of a metadata text when it is exactly a whole version of this entry, else -1. */
    static long genOfMeta(int entry, String meta) {
        if (meta == null) {
            return -1;
        }
        Matcher g = GEN.matcher(meta);
        Matcher s = SHA.matcher(meta);
        Matcher e = ENTRY.matcher(meta);
        if (!g.find() || !s.find() || !e.find() || !e.group(1).equals(name(entry))) {
            return -1;
        }
        long gen = Long.parseLong(g.group(1));
        boolean whole = meta.strip().endsWith("}") && s.group(1).equals(expectedSha(entry, gen))
                && meta.contains("\"pad\": \"" + "p".repeat((int) (gen % 7) * 300) + "\"");
        return whole ? gen : -1;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
