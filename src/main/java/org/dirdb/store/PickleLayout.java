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
    static final int HEAD_BYTES = 32;
    /** How much of the file's end {@link #parse} needs at most. */
    static final int TAIL_BYTES = 8;

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

    /**
     * Finds the payload in a pickle file of {@code fileSize} bytes.
     *
     * @param head the first {@code min(HEAD_BYTES, fileSize)} bytes
     * @param tail the last {@code min(TAIL_BYTES, fileSize)} bytes
     * @return the slice, or null when the file is not a whole pickle (empty, truncated, foreign)
     */
    static Slice parse(byte[] head, byte[] tail, long fileSize) {
        if (fileSize < 2 || tail.length == 0 || (tail[tail.length - 1] & 0xff) != STOP) {
            return null; // a pickle always ends with STOP; anything else is truncated or foreign
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int first = h.get() & 0xff;
        if (first != PROTO) {
            return validProtocol0Start(first) ? whole(fileSize) : null;
        }
        int protocol = h.get() & 0xff;
        if (protocol > 5) {
            return null;
        }
        if (h.remaining() >= 9 && (h.get(h.position()) & 0xff) == FRAME) {
            h.position(h.position() + 9); // FRAME <u64>: the frame's bytes follow inline
        }
        if (!h.hasRemaining()) {
            return whole(fileSize);
        }
        int op = h.get() & 0xff;
        long length;
        if (op == SHORT_BINBYTES && h.remaining() >= 1) {
            length = h.get() & 0xff;
        } else if (op == BINBYTES && h.remaining() >= 4) {
            length = h.getInt() & 0xffffffffL;
        } else if ((op == BINBYTES8 || op == BYTEARRAY8) && h.remaining() >= 8) {
            length = h.getLong();
            if (length < 0) {
                return null;
            }
        } else {
            return whole(fileSize);
        }
        long offset = h.position();
        long end = offset + length;
        if (end > fileSize - 1) {
            // The header promises more bytes than the file holds: a torn write.
            return null;
        }
        long trailerLength = fileSize - end;
        if (trailerLength > TAIL_BYTES || !isBytesTrailer(tail, (int) trailerLength)) {
            return whole(fileSize); // more objects follow: a tuple, a list... not a lone bytes object
        }
        return new Slice(Payload.Format.BYTES, offset, length);
    }

    /** After the bytes object: optional memoization, then STOP at the end of the file. */
    private static boolean isBytesTrailer(byte[] tail, int length) {
        int start = tail.length - length;
        int op = tail[start] & 0xff;
        return switch (length) {
            case 1 -> op == STOP;
            case 2 -> op == MEMOIZE;
            case 3 -> op == BINPUT;
            case 6 -> op == LONG_BINPUT;
            default -> false;
        };
    }

    private static Slice whole(long fileSize) {
        return new Slice(Payload.Format.PICKLE, 0, fileSize);
    }

    /** Protocol 0/1 pickles start with an opcode, never with PROTO. */
    private static boolean validProtocol0Start(int op) {
        return "(]}NIFLSVcgjhpqrKMJGTU)X".indexOf(op) >= 0;
    }
}
