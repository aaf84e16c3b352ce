package org.dirdb.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for entry (and table) names. A name is a file-name stem shared with Python, so it is
 * validated and rejected, never escaped or transformed. Validation runs before any file-system call.
 *
 * <p>Two levels:
 * <ul>
 *   <li>{@link #requireSafe} for names that address existing entries (which Python may have created
 *       with names we would not create): nothing that could leave the directory or hit store-private
 *       files.</li>
 *   <li>{@link #requireCreatable} for names of new entries: additionally portable and unambiguous.</li>
 * </ul>
 */
public final class EntryNames {
    /** Longest name in UTF-8 bytes; keeps every derived file name (temp files included) under 255 bytes. */
    public static final int MAX_BYTES = 200;

    private static final Set<String> WINDOWS_RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
            "LPT9", "LPT¹", "LPT²", "LPT³");

    private static final boolean UTF8_FILE_NAMES = isUtf8(System.getProperty("sun.jnu.encoding"));

    private EntryNames() {}

    /** Rejects names that could escape the directory or collide with store-private files. */
    public static void requireSafe(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid(name, "must not be empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid(name, "'.' and '..' are not entry names");
        }
        if (name.charAt(0) == '.') {
            throw invalid(name, "must not start with '.' (dot files belong to the store)");
        }
        boolean ascii = true; // found in the same pass: every statement checks the names it is given
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw invalid(name, "must not contain '" + c + "' (position " + i + ")");
            }
            if (c == 0) {
                throw invalid(name, "must not contain NUL (position " + i + ")");
            }
            if (c >= 0x80) {
                ascii = false;
            }
        }
        int bytes = ascii ? name.length() : utf8Length(name);
        if (bytes > MAX_BYTES) {
            throw invalid(name, "is " + bytes + " bytes of UTF-8; the limit is " + MAX_BYTES);
        }
        if (!UTF8_FILE_NAMES && !ascii) {
            throw new StoreException(StoreException.Reason.UNSUPPORTED, name,
                    "entry name " + quote(name) + " is not ASCII, but this JVM encodes file names as "
                            + System.getProperty("sun.jnu.encoding")
                            + "; start it with a UTF-8 locale (for example LANG=C.UTF-8)");
        }
    }

    /** True when {@link #requireSafe} accepts the name. */
    public static boolean isSafe(String name) {
        try {
            requireSafe(name);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    /** True when {@link #requireCreatable} accepts the name. */
    public static boolean isCreatable(String name) {
        try {
            requireCreatable(name);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    /**
     * {@link #requireCreatable} plus the rule for a new sub-database: its directory must not end in
     * {@code .pickle}, {@code .json} or {@code .lock}, where it would stand in the place of an entry's file
     * (and Python's {@code *.pickle} listing would take it for an entry).
     */
    public static void requireCreatableSub(String name) {
        requireCreatable(name);
        for (String suffix : new String[] {".pickle", ".json", ".lock"}) {
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) { // in any case: file systems may ignore it
                throw new StoreException(StoreException.Reason.INVALID_NAME, name, "invalid table name "
                        + quote(name) + ": it ends in " + suffix + ", so its directory would take the place of a"
                        + " file of entry " + quote(name.substring(0, name.length() - suffix.length())));
            }
        }
    }

    /** {@link #requireSafe} plus the rules that keep new names portable and unambiguous. */
    public static void requireCreatable(String name) {
        requireSafe(name);
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            String problem = problemWith(cp);
            if (problem != null) {
                throw invalid(name, "contains " + problem + " U+" + String.format(Locale.ROOT, "%04X", cp)
                        + " at position " + i);
            }
            i += Character.charCount(cp);
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            throw invalid(name, "is not in Unicode NFC form (write it as "
                    + quote(Normalizer.normalize(name, Normalizer.Form.NFC)) + ")");
        }
        char last = name.charAt(name.length() - 1);
        if (last == ' ' || last == '.') {
            throw invalid(name, "must not end with a space or '.'");
        }
        if (name.charAt(0) == ' ') {
            throw invalid(name, "must not start with a space");
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (WINDOWS_RESERVED.contains(stem)) {
            throw invalid(name, "is a reserved device name on Windows");
        }
    }

    private static String problemWith(int cp) {
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return "an unpaired surrogate";
        }
        if (":*?\"<>|".indexOf(cp) >= 0) {
            return "a character not allowed in Windows file names";
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
                return "a control character";
            case Character.FORMAT:
                return "an invisible formatting character";
            case Character.PRIVATE_USE:
                return "a private-use character";
            case Character.UNASSIGNED:
                return "an unassigned code point";
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return "a line separator";
            default:
                return null;
        }
    }

    /** UTF-8 length; unpaired surrogates are rejected here because they cannot name a file. */
    private static int utf8Length(String name) {
        if (isAscii(name)) {
            return name.length(); // the common case, without an encoder per name (listings check every name)
        }
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(name));
            return encoded.remaining();
        } catch (CharacterCodingException e) {
            throw invalid(name, "contains an unpaired surrogate and cannot be a file name");
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUtf8(String encoding) {
        return encoding != null && (encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8"));
    }

    private static StoreException invalid(String name, String why) {
        return new StoreException(StoreException.Reason.INVALID_NAME, name,
                "invalid entry name " + quote(name) + ": " + why);
    }

    /** The name in quotes, with anything unprintable shown as a \\u escape, for error messages. */
    static String quote(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(name.length() + 2).append('\'');
        int shown = 0;
        for (int i = 0; i < name.length() && shown < 120; i++, shown++) {
            char c = name.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.CONTROL) {
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < name.length()) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
