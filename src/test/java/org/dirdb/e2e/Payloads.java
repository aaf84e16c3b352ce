package org.dirdb.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeSet;

/** Test data and the two ways of looking at a directory that do not go through the driver. */
public final class Payloads {
    private Payloads() {}

    /** {@code size} pseudo-random bytes, the same for the same seed in every JVM. */
    public static byte[] deterministic(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The entry names Python's dirdb would list: files whose {@code pathlib} suffix is {@code .pickle}
     * (the text from the last dot, when that dot is neither the first nor the last character), by stem.
     */
    public static TreeSet<String> pythonStyleListing(Path directory) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                if (dot > 0 && dot < name.length() - 1 && name.substring(dot).equals(".pickle")
                        && !Files.isDirectory(file)) {
                    names.add(name.substring(0, dot));
                }
            }
        }
        return names;
    }
}
