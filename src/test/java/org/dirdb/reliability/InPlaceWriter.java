package org.dirdb.reliability;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.dirdb.e2e.Payloads;

/**
 * The negative control of {@link KillNineTest}: rewrites entries the way the Python library does, in
 * place (truncate and write the pickle, then truncate and write the JSON), with no temp file, no rename
 * and no commit record. Killed at random moments, it must leave directories the checker rejects; if it
 * did not, the checker could not tell a torn entry from a whole one.
 *
 * <p>To spend its time writing rather than computing, it alternates between two 8 MiB payloads made at
 * start-up, written 64 KiB at a time; the metadata names the hash of the payload written with it.
 *
 * <p>Arguments: directory, first generation, random seed.
 */
public final class InPlaceWriter {
    private static final int SIZE = 8 << 20;

    private InPlaceWriter() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long gen = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        byte[][] payloads = {Payloads.deterministic(1, SIZE), Payloads.deterministic(2, SIZE)};
        String[] hashes = {Payloads.sha256(payloads[0]), Payloads.sha256(payloads[1])};
        System.out.println("ready");
        System.out.flush();
        for (;; gen++) {
            String name = "k" + random.nextInt(4); // the first four of KillModel.NAMES
            int which = (int) (gen % 2);
            System.out.println("op both " + name + " " + gen);
            System.out.flush();
            try (FileChannel out = FileChannel.open(dir.resolve(name + ".pickle"), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE)) {
                ByteBuffer header = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
                header.put((byte) 0x80).put((byte) 4).put((byte) 0x8e).putLong(SIZE).flip();
                out.write(header);
                for (int at = 0; at < SIZE; at += 65536) {
                    out.write(ByteBuffer.wrap(payloads[which], at, 65536));
                }
                out.write(ByteBuffer.wrap(new byte[] {'.'}));
            }
            String meta = "{\"gen\": " + gen + ", \"data\": " + gen + ", \"sha256\": \"" + hashes[which] + "\"}";
            try (FileChannel out = FileChannel.open(dir.resolve(name + ".json"), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.CREATE)) {
                out.write(ByteBuffer.wrap(meta.getBytes(StandardCharsets.UTF_8)));
            }
            System.out.println("ack");
            System.out.flush();
        }
    }
}
