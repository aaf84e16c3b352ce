package org.dirdb.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * The hostile entry names of {@link HostileNamesTest}, each with what it attacks and whether it must be
 * refused everywhere ({@link Kind#UNSAFE}: it could leave the directory or hit the store's own files) or
 * only as the name of a new entry ({@link Kind#NOT_CREATABLE}: not portable, but Python may have created
 * it, so UPDATE, DELETE and SELECT of it simply find nothing). The expectations are written out here by
 * hand from docs/names.md, never derived from the driver's own validation.
 */
final class HostileNames {
    enum Kind {
        UNSAFE, NOT_CREATABLE
    }

    record Name(String value, String attack, Kind kind) {}

    /** Names right at the 200-byte limit, with a multibyte character last: must be accepted. */
    static final List<String> AT_LIMIT = List.of(
            "a".repeat(198) + "\u00e9",            // 198 + 2 bytes
            "a".repeat(197) + "\u20ac",            // 197 + 3 bytes
            "a".repeat(196) + "\uD83D\uDE00",      // 196 + 4 bytes (one code point, a surrogate pair)
            "\u20ac".repeat(66) + "\u00e9",        // 198 + 2 bytes, all multibyte
            "\u6570".repeat(66) + "ab",            // CJK: 198 + 2 bytes
            "n".repeat(200));

    /**
     * Names that look like store files or other entries' files but are plain, valid names: each must
     * be stored under its own files and never disturb entry {@code x}.
     */
    static final List<String> LOOKALIKES_ACCEPTED = List.of(
            "x.pickle", "x.json", "x.lock", "x.commit", "x.pickle.0011223344556677.tmp", "x.tmp",
            "dirdb-staged.0011223344556677.tmp");

    static List<Name> all(String absoluteInside, String absoluteOutside) {
        List<Name> n = new ArrayList<>();
        // Traversal and separators.
        unsafe(n, "traversal", "../x", "../../x", "../../../outside/secret", "../db/x", "a/b", "a/../x", "./x",
                "x/", "/x", "//x", "x/..", "..\\x", "a\\b", "C:\\x", "\\\\server\\share");
        unsafe(n, "absolute path", "/etc/passwd", absoluteInside, absoluteOutside, "/dev/null", "/proc/self/environ");
        // NUL.
        unsafe(n, "NUL", "a\0b", "\0", "x\0/../../y", "secret\0.pickle", "x\0");
        // Dots.
        unsafe(n, "dot names", ".", "..", "...", ".hidden", ".x", "..x", ".lock", ".pickle", ".json");
        // The store's own temp files, commit records and staging files.
        unsafe(n, "store file shape", ".x.pickle.0011223344556677.tmp", ".x.json.0011223344556677.tmp", ".x.commit",
                ".dirdb-staged.0011223344556677.tmp", ".x.lock");
        // Empty.
        unsafe(n, "empty", "");
        // Byte length: one byte over, with the multibyte character straddling the limit.
        unsafe(n, "over 200 bytes", "a".repeat(199) + "\u00e9", "a".repeat(198) + "\u20ac", "a".repeat(197) + "\uD83D\uDE00",
                "\u20ac".repeat(67), "\u00e9".repeat(101), "n".repeat(201), "n".repeat(255), "n".repeat(100_000));
        // Unpaired surrogates (no UTF-8 encoding exists).
        unsafe(n, "unpaired surrogate", "lone\uD800", "\uDC00lone", "\uDBFF", "\uDC00\uD800", "a".repeat(198) + "\uD800");
        // Control characters.
        notCreatable(n, "control character", "\n", "line\nbreak", "cr\r", "tab\t", "bell\u0007", "esc\u001b[31m",
                "del\u007f", "c1\u0085", "csi\u009b", "\u0001");
        // Bidirectional and invisible formatting characters.
        notCreatable(n, "bidi/invisible", "\u202Eexe.txt", "a\u202Db", "\u2066iso\u2069", "rlm\u200F", "alm\u061C",
                "zero\u200Bwidth", "\uFEFFbom", "ls\u2028", "ps\u2029", "soft\u00ADhyphen");
        // Private use, unassigned, noncharacters.
        notCreatable(n, "private/unassigned", "private\uE000", "unassigned\u0378", "non\uFFFF", "non\uFFFE");
        // NFD twins of NFC names, and compatibility characters that NFC changes.
        notCreatable(n, "not NFC", "cafe\u0301", "e\u0301", "A\u030A", "\u212B", "\u1100\u1161", "\u2126hm");
        // Windows-reserved device names and characters, leading/trailing space and dot.
        notCreatable(n, "Windows reserved", "CON", "con", "Con.txt", "PRN", "AUX", "NUL", "nul.txt", "COM1",
                "com9.tar.gz", "LPT1", "lpt9.json", "COM\u00b9", "CON.pickle");
        notCreatable(n, "Windows character", "star*", "q?", "quote\"", "lt<", "gt>", "pipe|", "x:y");
        notCreatable(n, "leading/trailing", "trailing.", "trailing ", " leading", " ", "x..");
        return n;
    }

    private static void unsafe(List<Name> into, String attack, String... names) {
        for (String name : names) {
            into.add(new Name(name, attack, Kind.UNSAFE));
        }
    }

    private static void notCreatable(List<Name> into, String attack, String... names) {
        for (String name : names) {
            into.add(new Name(name, attack, Kind.NOT_CREATABLE));
        }
    }

    /** The name as a SQL string literal. */
    static String literal(String name) {
        return "'" + name.replace("'", "''") + "'";
    }

    /** The name with every non-printable or non-ASCII character escaped, for test names and messages. */
    static String show(String name) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (char c : name.toCharArray()) {
            if (shown++ == 40) {
                out.append("...(").append(name.length()).append(" chars)");
                break;
            }
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return "'" + out + "'";
    }

    private HostileNames() {}
}
