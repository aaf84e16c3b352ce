package org.dirdb.bench;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The plain-Java baselines: the same bytes (payload as {@code NAME.pickle}, metadata as {@code NAME.json})
 * written with nothing but {@code java.nio}, in three ways, and read back through {@link FileChannel}.
 */
final class RawFiles {
    enum Mode {
        /** Temp file, {@code force}, atomic rename, directory fsync: the minimum a durable replace needs. */
        DURABLE,
        /** The same protocol, but the payload goes through {@code O_DIRECT} from an aligned buffer. */
        DIRECT,
        /** Temp file and rename only: atomic, not durable. */
        NO_SYNC
    }

    static final int BUFFER = 1 << 20;
    static final int DIRECT_BUFFER = 4 << 20;
    /** The native buffer of {@link #read(Path, byte[], ByteBuffer)}: small enough to stay in the CPU cache. */
    static final int CHUNK = 256 << 10;

    private final Path dir;
    private final Mode mode;
    private final byte[] buffer = new byte[BUFFER];
    private ByteBuffer aligned;
    private int alignment;

    RawFiles(Path dir, Mode mode) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.mode = mode;
    }

    Path dir() {
        return dir;
    }

    /** Stores one entry: payload then metadata, each replaced atomically, then one directory fsync. */
    void put(String name, String meta, InputStream payload) throws IOException {
        Path tmp = dir.resolve("." + name + ".pickle.tmp");
        if (mode == Mode.DIRECT) {
            writeDirect(tmp, payload);
        } else {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                int n;
                while ((n = payload.read(buffer, 0, buffer.length)) > 0) {
                    writeFully(ch, ByteBuffer.wrap(buffer, 0, n));
                }
                if (mode != Mode.NO_SYNC) {
                    ch.force(true);
                }
            }
        }
        Files.move(tmp, dir.resolve(name + ".pickle"), StandardCopyOption.ATOMIC_MOVE);
        putMeta(name, meta, false);
        if (mode != Mode.NO_SYNC) {
            syncDirectory();
        }
    }

    /** Replaces {@code NAME.json} only; with {@code syncDir}, also fsyncs the directory (a full update). */
    void putMeta(String name, String meta, boolean syncDir) throws IOException {
        Path tmp = dir.resolve("." + name + ".json.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(meta.getBytes(StandardCharsets.UTF_8)));
            if (mode != Mode.NO_SYNC) {
                ch.force(true);
            }
        }
        Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
        if (syncDir && mode != Mode.NO_SYNC) {
            syncDirectory();
        }
    }

    private void writeDirect(Path tmp, InputStream payload) throws IOException {
        if (aligned == null) {
            alignment = (int) Files.getFileStore(dir).getBlockSize();
            aligned = aligned(DIRECT_BUFFER, alignment);
        }
        byte[] tail = null;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            while (true) {
                aligned.clear();
                int filled = 0;
                int n;
                while (filled < DIRECT_BUFFER && (n = payload.read(buffer, 0, Math.min(buffer.length, DIRECT_BUFFER - filled))) > 0) {
                    aligned.put(buffer, 0, n);
                    filled += n;
                }
                if (filled == 0) {
                    break;
                }
                int whole = filled - filled % alignment;
                if (whole < filled) {
                    tail = new byte[filled - whole];
                    aligned.position(whole);
                    aligned.get(tail);
                }
                aligned.flip().limit(whole);
                writeFully(ch, aligned);
                if (tail != null) {
                    break;
                }
            }
        }
        // O_DIRECT moves whole blocks only; an unaligned tail goes through the page cache.
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            if (tail != null) {
                writeFully(ch, ByteBuffer.wrap(tail));
            }
            ch.force(true);
        }
    }

    void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads a whole file through a FileChannel into a direct buffer; returns a checksum of what it saw. */
    static long read(Path file, ByteBuffer into) throws IOException {
        long sum = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                into.clear();
                int n = ch.read(into);
                if (n < 0) {
                    break;
                }
                sum += n + (n > 0 ? into.get(0) : 0);
            }
        }
        return sum;
    }

    /** A direct buffer of {@code size} bytes starting at a multiple of {@code alignment} (a power of two). */
    static ByteBuffer aligned(int size, int alignment) {
        return ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment).limit(size).slice();
    }

    /**
     * Reads a whole file into a heap array, {@code into.length} bytes at a time, through {@code chunk}, a
     * page-aligned native buffer: each chunk read starts at a file position that is a multiple of 64, so
     * the kernel's copy lands at the same offset in a cache line as its source. Returns a checksum.
     */
    static long read(Path file, byte[] into, ByteBuffer chunk) throws IOException {
        long sum = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                int filled = 0;
                int n = 0;
                while (filled < into.length) {
                    chunk.clear().limit(Math.min(chunk.capacity(), into.length - filled));
                    n = ch.read(chunk);
                    if (n <= 0) {
                        break;
                    }
                    chunk.flip().get(into, filled, n);
                    filled += n;
                }
                sum += filled + (filled > 0 ? into[0] : 0);
                if (n < 0 || filled == 0) {
                    break;
                }
            }
        }
        return sum;
    }

    /**
     * Reads a whole file through a FileChannel into a heap array, as an InputStream consumer receives it
     * (the JDK copies through a temporary direct buffer); returns a checksum of what it saw.
     */
    static long read(Path file, byte[] into) throws IOException {
        long sum = 0;
        ByteBuffer wrapped = ByteBuffer.wrap(into);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                wrapped.clear();
                int n = ch.read(wrapped);
                if (n < 0) {
                    break;
                }
                sum += n + (n > 0 ? into[0] : 0);
            }
        }
        return sum;
    }

    /** The listing baseline: list the directory, open-read-close every {@code NAME.json}. */
    static long listMeta(Path dir) throws IOException {
        long rows = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                byte[] b = Files.readAllBytes(p);
                rows += b.length > 0 ? 1 : 0;
            }
        }
        return rows;
    }
}
