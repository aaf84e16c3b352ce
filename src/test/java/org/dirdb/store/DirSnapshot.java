package org.dirdb.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a directory with its size, modification time, inode and content hash, for tests
 * that assert "bad input changes nothing on disk".
 */
public record DirSnapshot(Map<String, String> files) {
    /** Everything, directory modification times included: proof that not even a file was created. */
    public static DirSnapshot of(Path root) {
        return take(root, true);
    }

    /**
     * Every file byte for byte, but not the directories' own modification times, which a write that
     * streamed into a temp file and then failed (a short stream) changes by creating and removing it.
     */
    public static DirSnapshot contentsOf(Path root) {
        return take(root, false);
    }

    private static DirSnapshot take(Path root, boolean directoryTimes) {
        settle(root);
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> out.put(root.relativize(p).toString(), describe(p, directoryTimes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirSnapshot(out);
    }

    private static String describe(Path p, boolean directoryTimes) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isDirectory() && !directoryTimes) {
                return "dir " + a.fileKey();
            }
            String hash = a.isRegularFile() ? sha256(Files.readAllBytes(p)) : a.isSymbolicLink() ? "link"
                    : a.isDirectory() ? "dir" : "other"; // a FIFO is never opened: that would block
            return a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey() + " " + hash;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits (at most two seconds) until no finished commit marker is left under {@code root}: a marker whose
     * temp files are all gone waits for its store's next directory fsync, which comes at most 50 ms after the
     * commit, and its removal would otherwise land between two snapshots at random.
     */
    private static void settle(Path root) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && hasFinishedMarker(root)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean hasFinishedMarker(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.anyMatch(p -> {
                String f = p.getFileName().toString();
                if (!f.startsWith(".") || !f.endsWith(CommitRecord.SUFFIX)) {
                    return false;
                }
                String text = CommitMarkers.text(p);
                CommitRecord change = text == null ? null : CommitRecord.decodeMarker(CommitRecord.entryOf(f), text);
                return change != null && change.ops().stream().noneMatch(op -> op.isDelete()
                        || Files.exists(p.resolveSibling(op.source()), LinkOption.NOFOLLOW_LINKS));
            });
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
