package org.dirdb.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * An incompressible payload of a given length: slices of a 16 MiB pool of random bytes, starting at an
 * offset that depends on the seed. No compressor window spans the pool, and serving a slice is a copy, so
 * the generator costs the same for every contender and far less than any disk.
 */
final class RandomStream extends InputStream {
    static final int POOL = 16 << 20;
    private static final byte[] BYTES = pool();

    private final long length;
    private long position;
    private int offset;

    RandomStream(long length, long seed) {
        this.length = length;
        this.offset = (int) Math.floorMod(seed * 1_048_583L, (long) POOL);
    }

    private static byte[] pool() {
        byte[] b = new byte[POOL];
        SplittableRandom r = new SplittableRandom(0x5EED);
        for (int i = 0; i < b.length; i += 8) {
            long x = r.nextLong();
            for (int k = 0; k < 8; k++) {
                b[i + k] = (byte) (x >>> (8 * k));
            }
        }
        return b;
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        int b = BYTES[offset] & 0xff;
        offset = (offset + 1) % POOL;
        position++;
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, length - position), POOL - offset);
        System.arraycopy(BYTES, offset, buf, off, n);
        offset = (offset + n) % POOL;
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }

    /** Fills {@code buf} completely (or up to the end) and returns the count, -1 at the end. */
    int readFully(byte[] buf, int len) {
        int total = 0;
        while (total < len) {
            int n = read(buf, total, len - total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total == 0 && position >= length ? -1 : total;
    }
}
