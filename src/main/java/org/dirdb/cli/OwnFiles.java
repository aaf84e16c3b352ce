package org.dirdb.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The command's own files: the FILE that {@code put} reads and {@code get} writes. A failure to open, write
 * or close one is a {@link FileFailure} whose message names the file and the reason, such as
 * {@code cannot write /data/out: no such directory}, rather than the bare path Java's file exceptions carry.
 */
final class OwnFiles {
    private OwnFiles() {}

    /** A failure of one of the command's own files; {@link Failures} prints it with SQLState 58030. */
    static final class FileFailure extends IOException {
        FileFailure(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Opens FILE to read. A missing file is left as {@link NoSuchFileException}: {@code put} reports it as a
     * usage error, as it does when FILE is missing from the start.
     */
    static InputStream read(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw failure("read", file, e);
        }
    }

    /** Creates or truncates FILE to write; a failure to open, write, flush or close it names the file. */
    static OutputStream write(Path file) throws IOException {
        OutputStream target;
        try {
            target = Files.newOutputStream(file);
        } catch (IOException e) {
            throw failure("write", file, e);
        }
        return new FilterOutputStream(target) {
            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                named(file, () -> out.write(buffer, off, len));
            }

            @Override
            public void write(int b) throws IOException {
                named(file, () -> out.write(b));
            }

            @Override
            public void flush() throws IOException {
                named(file, out::flush);
            }

            @Override
            public void close() throws IOException {
                named(file, super::close);
            }
        };
    }

    private interface Write {
        void run() throws IOException;
    }

    /** Runs one write to FILE; its failure names the file. */
    private static void named(Path file, Write write) throws IOException {
        try {
            write.run();
        } catch (IOException e) {
            throw failure("write", file, e);
        }
    }

    /** {@code cannot VERB FILE: reason}; a failure that already names its file is kept as it is. */
    static FileFailure failure(String verb, Path file, IOException e) {
        if (e instanceof FileFailure named) {
            return named;
        }
        return new FileFailure("cannot " + verb + " " + file + ": " + reason(file, e), e);
    }

    /** What went wrong, in the words of the system's error message, without the path Java puts first. */
    private static String reason(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            Path parent = file.toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent) ? "no such directory" : "no such file";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof FileSystemException f) {
            return f.getReason() == null ? e.getClass().getSimpleName() : lowerFirst(f.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
    }

    /** "No space left on device" reads as "no space left on device"; "EIO" stays as it is. */
    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }
}
