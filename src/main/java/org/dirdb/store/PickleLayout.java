package org.dirdb.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where the payload sits inside a pickle stream, found from the first and last few bytes only.
 *
 * <p>The store writes a payload as a protocol 4 pickle of one Python {@code bytes} object:
 * {@code PROTO 4, BINBYTES8 <u64 length>, payload, STOP}, so it starts at a fixed offset and reading
 * it is a slice of the file. When reading, any pickle that holds exactly one bytes/bytearray object
 * (what Python writes for {@code pickle.dump(b"...")} under protocols 3 to 5, with or without framing
 * and memoization) is recognised as {@link Payload.Format#BYTES}; every other pickle is
 * {@link Payload.Format#PICKLE} and its payload is the whole stream. See PEP 3154 and PEP 574.
 */
final class PickleLayout {
    static final int PROTO = 0x80;
    static final int FRAME = 0x95;
    static final int SHORT_BINBYTES = 'C';
    static final int BINBYTES = 'B';
    static final int BINBYTES8 = 0x8e;
    static final int BYTEARRAY8 = 0x96;
    static final int MEMOIZE = 0x94;
    static final int BINPUT = 'q';
    static final int LONG_BINPUT = 'r';
    static final int STOP = '.';

    /** Header the store writes: PROTO 4, BINBYTES8 and the 8-byte little-endian length. */
    static final int WRITTEN_HEADER = 11;
    /** Bytes after the payload: STOP. */
    static final int WRITTEN_TRAILER = 1;
    /** How much of the file's start {@link #parse} needs at most. */
    static final int HEAD_BYTES = 64;
    /** How much of the file's end {@link #parse} needs at most. */
    static final int TAIL_BYTES = 32;

    private PickleLayout() {}

    /** The header for a payload of {@code length} bytes. */
    static ByteBuffer header(long length) {
        ByteBuffer b = ByteBuffer.allocate(WRITTEN_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) PROTO).put((byte) 4).put((byte) BINBYTES8).putLong(length);
        return b.flip();
    }

    static ByteBuffer trailer() {
        return ByteBuffer.wrap(new byte[] {(byte) STOP});
    }

    /** Result of {@link #parse}: offset and length of the payload in the file. */
    record Slice(Payload.Format format, long offset, long length) {}

    static final int SHORT_BINUNICODE = 0x8c;
    static final int STACK_GLOBAL = 0x93;
    static final int GLOBAL = 'c';
    static final int EMPTY_TUPLE = ')';
    static final int TUPLE1 = 0x85;
    static final int REDUCE = 'R';

    /**
     * Finds the payload in a pickle file of {@code fileSize} bytes. Recognised as {@link Payload.Format#BYTES}:
     * {@code PROTO [FRAME] [bytearray-global] BYTES-OPCODE len payload [FRAME] [memo] [TUPLE1 [memo] REDUCE
     * [memo]] STOP}, where the bytearray global is {@code builtins.bytearray} (STACK_GLOBAL under protocol 4,
     * GLOBAL under 3; protocol 5 has BYTEARRAY8 instead).
     *
     * @param head the first {@code min(HEAD_BYTES, fileSize)} bytes
     * @param tail the last {@code min(TAIL_BYTES, fileSize)} bytes
     * @return the slice, or null when the file is not a whole pickle (empty, truncated, foreign)
     */
    static Slice parse(byte[] head, byte[] tail, long fileSize) {
        if (fileSize < 2 || tail.length == 0 || (tail[tail.length - 1] & 0xff) != STOP) {
            return null; // a pickle always ends with STOP; anything else is truncated or foreign
        }
        Cursor h = new Cursor(head);
        int first = h.next();
        if (first != PROTO) {
            return validProtocol0Start(first) ? whole(fileSize) : null;
        }
        if (h.next() > 5) {
            return null;
        }
        h.skipFrame();
        boolean bytearray = h.bytearrayGlobal();
        long offset;
        long length;
        int op = h.next();
        if (bytearray && op == EMPTY_TUPLE) {
            offset = h.position();
            length = 0;
        } else {
            if (op == SHORT_BINBYTES) {
                length = h.next();
            } else if (op == BINBYTES) {
                length = h.u32();
            } else if (op == BINBYTES8 || (op == BYTEARRAY8 && !bytearray)) {
                length = h.u64();
            } else {
                return whole(fileSize);
            }
            if (h.failed() || length < 0) {
                return whole(fileSize);
            }
            offset = h.position();
            if (offset + length > fileSize - 1) {
                return null; // the header promises more bytes than the file holds: a torn write
            }
        }
        long trailerLength = fileSize - (offset + length);
        if (trailerLength > tail.length) {
            return whole(fileSize); // more objects follow: a tuple, a list... not a lone bytes object
        }
        Cursor t = new Cursor(tail);
        t.skip((int) (tail.length - trailerLength));
        if (op != EMPTY_TUPLE) { // bytearray() is REDUCE on an empty tuple: nothing before REDUCE
            t.skipFrame();
            t.skipMemo();
            if (bytearray && t.next() != TUPLE1) {
                return whole(fileSize);
            }
        }
        if (bytearray) {
            t.skipMemo();
            if (t.next() != REDUCE) {
                return whole(fileSize);
            }
        }
        t.skipMemo();
        if (t.next() != STOP || t.position() != tail.length || t.failed()) {
            return whole(fileSize);
        }
        return new Slice(Payload.Format.BYTES, offset, length);
    }

    /** Forward reading over a prefix or suffix of the file; running off its end marks it failed. */
    private static final class Cursor {
        private final byte[] bytes;
        private int at;
        private boolean failed;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        int position() {
            return at;
        }

        boolean failed() {
            return failed;
        }

        int peek() {
            return at < bytes.length ? bytes[at] & 0xff : -1;
        }

        int next() {
            if (at >= bytes.length) {
                failed = true;
                return -1;
            }
            return bytes[at++] & 0xff;
        }

        void skip(int n) {
            at += n;
            if (at > bytes.length) {
                failed = true;
            }
        }

        long u32() {
            long v = 0;
            for (int i = 0; i < 4; i++) {
                v |= (long) next() << (8 * i);
            }
            return failed ? -1 : v;
        }

        long u64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) next() << (8 * i);
            }
            return failed ? -1 : v;
        }

        void skipFrame() {
            if (peek() == FRAME) {
                skip(9);
            }
        }

        void skipMemo() {
            int op = peek();
            if (op == MEMOIZE) {
                skip(1);
            } else if (op == BINPUT) {
                skip(2);
            } else if (op == LONG_BINPUT) {
                skip(5);
            }
        }

        /** Consumes {@code builtins.bytearray} as pushed by STACK_GLOBAL or GLOBAL, if it is there. */
        boolean bytearrayGlobal() {
            int start = at;
            if (peek() == SHORT_BINUNICODE && text(SHORT_BINUNICODE, "builtins")) {
                skipMemo();
                if (text(SHORT_BINUNICODE, "bytearray") && !failed) {
                    skipMemo();
                    if (next() == STACK_GLOBAL) {
                        skipMemo();
                        return !failed;
                    }
                }
            } else if (peek() == GLOBAL && line("builtins") && line("bytearray")) {
                skipMemo();
                return !failed;
            }
            at = start;
            failed = false;
            return false;
        }

        private boolean text(int opcode, String expected) {
            if (next() != opcode || next() != expected.length()) {
                return false;
            }
            for (int i = 0; i < expected.length(); i++) {
                if (next() != expected.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private boolean line(String expected) {
            if (peek() == GLOBAL) {
                skip(1);
            }
            for (int i = 0; i < expected.length(); i++) {
                if (next() != expected.charAt(i)) {
                    return false;
                }
            }
            return next() == '\n';
        }
    }

    private static Slice whole(long fileSize) {
        return new Slice(Payload.Format.PICKLE, 0, fileSize);
    }

    /** Protocol 0/1 pickles start with an opcode, never with PROTO. */
    private static boolean validProtocol0Start(int op) {
        return "(]}NIFLSVcgjhpqrKMJGTU)X".indexOf(op) >= 0;
    }
}
