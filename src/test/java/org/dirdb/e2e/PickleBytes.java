package org.dirdb.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a {@code .pickle} file that must hold exactly one Python {@code bytes} object (protocol 4 or 5), as
 * the driver writes it, without the driver: an independent check of the on-disk format. Anything else
 * (another object, trailing bytes, a truncated file) is an {@link AssertionError} naming the file.
 */
public final class PickleBytes {
    private static final int PROTO = 0x80;
    private static final int FRAME = 0x95;
    private static final int SHORT_BINBYTES = 'C';
    private static final int BINBYTES = 'B';
    private static final int BINBYTES8 = 0x8e;
    private static final int MEMOIZE = 0x94;
    private static final int STOP = '.';

    private PickleBytes() {}

    public static byte[] read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if ((in.get() & 0xff) != PROTO) {
                throw new AssertionError(file + ": does not start with the PROTO opcode");
            }
            int protocol = in.get() & 0xff;
            if (protocol != 4 && protocol != 5) {
                throw new AssertionError(file + ": pickle protocol " + protocol + ", expected 4 or 5");
            }
            byte[] payload = null;
            while (true) {
                int opcode = in.get() & 0xff;
                if (opcode == FRAME) {
                    in.getLong();
                } else if (opcode == MEMOIZE) {
                    continue;
                } else if (opcode == STOP) {
                    break;
                } else if (payload == null && (opcode == SHORT_BINBYTES || opcode == BINBYTES || opcode == BINBYTES8)) {
                    long length = opcode == SHORT_BINBYTES ? in.get() & 0xff
                            : opcode == BINBYTES ? in.getInt() & 0xffffffffL : in.getLong();
                    payload = new byte[Math.toIntExact(length)];
                    in.get(payload);
                } else {
                    throw new AssertionError(file + ": unexpected opcode 0x" + Integer.toHexString(opcode)
                            + " at offset " + (in.position() - 1));
                }
            }
            if (payload == null || in.hasRemaining()) {
                throw new AssertionError(file + ": not exactly one bytes object (" + in.remaining() + " bytes after STOP)");
            }
            return payload;
        } catch (java.nio.BufferUnderflowException e) {
            throw new AssertionError(file + ": truncated pickle", e);
        }
    }
}
