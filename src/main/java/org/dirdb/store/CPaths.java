package org.dirdb.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** Paths as the C strings native calls take, in the bytes the JDK's own file calls use for them. */
final class CPaths {
    private CPaths() {}

    /** The bytes the JDK itself uses for file names (its {@code sun.jnu.encoding}), so both name the same file. */
    static final Charset PATH_BYTES = pathCharset();

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Whether the file-name encoding is UTF-8, whose bytes for an ASCII name are the name's characters. */
    private static final boolean UTF8_PATHS = PATH_BYTES.equals(StandardCharsets.UTF_8);

    /** A path as a NUL-terminated C string, or null when the JDK's file-name encoding cannot express it. */
    static byte[] of(Path file) {
        String s = file.toString();
        if (UTF8_PATHS) {
            // One byte per character and no '?' (what getBytes puts for a character it cannot encode): ASCII,
            // encoded exactly. A bulk copy, where an encoder costs a statement's first, interpreted runs more.
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            boolean ascii = b.length == s.length();
            for (int i = 0; i < b.length && ascii; i++) {
                ascii = b[i] != '?';
            }
            if (ascii) {
                return Arrays.copyOf(b, b.length + 1);
            }
        }
        try {
            ByteBuffer b = PATH_BYTES.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining() + 1];
            b.get(out, 0, b.remaining());
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
