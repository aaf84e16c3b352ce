package org.dirdb.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** What tests need to know of a commit marker {@code .NAME.commit}, whichever its form. */
public final class CommitMarkers {
    private CommitMarkers() {}

    /** The marker file of {@code entry} in {@code dir}. */
    public static Path of(Path dir, String entry) {
        return dir.resolve("." + entry + CommitRecord.SUFFIX);
    }

    /**
     * The marker text at {@code file} (a symbolic link's text, or a hard link's attribute), or null when
     * there is no file or it is no marker. Only a file under a record's name is a marker: the metadata file a
     * hard-link marker names keeps the attribute, and means nothing by it.
     */
    public static String text(Path file) {
        if (CommitRecord.entryOf(file.getFileName().toString()) == null) {
            return null;
        }
        try {
            return CommitRecord.readMarker(StorageIO.DEFAULT, file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code file} is a commit marker. */
    public static boolean isMarker(Path file) {
        return text(file) != null;
    }

    /** Whether {@code file} is a marker made as a hard link to the commit's metadata (no inode of its own). */
    public static boolean isHardLink(Path file) {
        try {
            return CommitRecord.markerAttribute(StorageIO.DEFAULT, file) != null
                    && !java.nio.file.Files.isSymbolicLink(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
