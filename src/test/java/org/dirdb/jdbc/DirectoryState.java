package org.dirdb.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Names, sizes and SHA-256 of every regular file under a directory, to prove a failure changed nothing. */
final class DirectoryState {
    private DirectoryState() {}

    static Map<String, String> of(Path dir) {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    byte[] bytes = Files.readAllBytes(file);
                    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                    state.put(dir.relativize(file).toString(), bytes.length + ":" + hash);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return state;
    }
}
