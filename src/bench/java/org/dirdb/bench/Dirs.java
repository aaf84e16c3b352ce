package org.dirdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Scratch directories, and dropping their files from the page cache. */
final class Dirs {
    private Dirs() {}

    static Path fresh(Path parent, String name) throws IOException {
        Path p = parent.resolve(name);
        delete(p);
        return Files.createDirectories(p);
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** sync(2), then posix_fadvise(DONTNEED) on every file of the directory. */
    static void dropFromCache(Path dir) throws IOException {
        Libc.syncAll();
        for (Path f : files(dir)) {
            Libc.dropFromCache(f);
        }
    }

    /** Bytes of {@code file} in the page cache, as util-linux fincore reports them; -1 if it cannot tell. */
    static long residentBytes(Path file) {
        try {
            Process p = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }
}
