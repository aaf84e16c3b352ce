package org.dirdb.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The many-small-entries data set shared by W3, W4, W5 and the scale runs: entry {@code i} has a 4 KiB
 * payload and about 200 bytes of metadata with a model name, an epoch and a score.
 */
final class SmallEntries {
    static final int MODELS = 12;
    private static final String PAD = "x".repeat(64);

    private SmallEntries() {}

    static String name(int i) {
        return String.format(Locale.ROOT, "run-%06d", i);
    }

    static String meta(int i, int version) {
        SplittableRandom r = new SplittableRandom(i * 31L + version);
        String m = String.format(Locale.ROOT,
                "{\"model\": \"m%02d\", \"epoch\": %d, \"score\": %.6f, \"lr\": 0.0003, \"batch\": 64, "
                        + "\"tags\": [\"train\", \"v%d\"], \"host\": \"worker-%02d\", \"note\": \"%s\"}",
                i % MODELS, i % 100, r.nextDouble(), version, i % 16, PAD.substring(0, 30 + i % 7));
        return m;
    }

    /**
     * Writes {@code count} entries straight in the dirdb layout (protocol 4 pickle of bytes, JSON text),
     * without fsync, and the same rows into H2. Used only to build read-only data sets fast.
     */
    static void build(Path dirdbDir, Path h2Dir, int count, int payload) throws Exception {
        Files.createDirectories(dirdbDir);
        byte[] data = new byte[payload];
        ByteBuffer header = ByteBuffer.allocate(11).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            new RandomStream(payload, i).readFully(data, payload);
            header.clear();
            header.put((byte) 0x80).put((byte) 4).put((byte) 0x8e).putLong(payload).flip();
            try (FileChannel ch = FileChannel.open(dirdbDir.resolve(name(i) + ".pickle"),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(new ByteBuffer[] {header, ByteBuffer.wrap(data), ByteBuffer.wrap(new byte[] {0x2e})});
            }
            Files.writeString(dirdbDir.resolve(name(i) + ".json"), meta(i, 0));
        }
        if (h2Dir != null) {
            Files.createDirectories(h2Dir);
            try (Connection c = Sql.open(Sql.h2Url(h2Dir)); PreparedStatement ps = c.prepareStatement(Sql.INSERT)) {
                c.setAutoCommit(false);
                for (int i = 0; i < count; i++) {
                    ps.setString(1, name(i));
                    ps.setString(2, meta(i, 0));
                    ps.setBinaryStream(3, new RandomStream(payload, i), payload);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        Libc.syncAll();
    }

    static void checkRows(String who, long rows, int expected) throws IOException {
        if (rows != expected) {
            throw new IOException(who + " listed " + rows + " rows, expected " + expected);
        }
    }
}
