package org.dirdb.cli;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Set;

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
        return named(file, target);
    }

    /** The stream with each failure to write, flush or close it naming FILE. */
    private static OutputStream named(Path file, OutputStream target) {
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

    /**
     * FILE written whole or not at all, for {@code get}: the bytes go to a temp file in FILE's directory, which
     * {@link #commit} syncs and renames over FILE; {@link #close} without a commit removes it, so a failure half
     * way (the payload cannot be read, the disk fills) leaves FILE as it was, or absent. A temp file left by a
     * killed JVM starts with {@code .} and ends in {@code .part}. Where FILE cannot or should not be replaced by
     * renaming (see {@link OwnFiles#replace}), it is written in place, and a failure half way leaves it partly
     * written.
     */
    static final class Replacement implements Closeable {
        /** FILE as given, for messages. */
        private final Path file;
        /** The file renamed over: FILE, or the file its symbolic link points to. */
        private final Path target;
        /** Null when FILE is written in place. */
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream out;
        private boolean committed;

        private Replacement(Path file, Path target, Path temp, FileChannel channel, OutputStream out) {
            this.file = file;
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.out = out;
        }

        /** Where to write the bytes; a failure names FILE. */
        OutputStream stream() {
            return out;
        }

        /** Makes the bytes written FILE's content: synced, then renamed over it in one step. */
        void commit() throws IOException {
            if (temp == null) {
                out.close();
                committed = true;
                return;
            }
            named(file, () -> channel.force(true));
            out.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw failure("write", file, e);
            }
            committed = true;
        }

        /** Without a commit: closes and removes the temp file, leaving FILE untouched. */
        @Override
        public void close() throws IOException {
            if (committed) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                // The failure that brought us here is the one to report.
            } finally {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /**
     * Opens FILE to be replaced as a whole (see {@link Replacement}). Nothing is created when FILE is a
     * directory, a regular file that may not be written, or in a directory where no file can be created.
     *
     * <p>A rename gives FILE a new inode, owned by this process's user, so an existing FILE is written in
     * place, as it always was, where the rename would change more than its content: when FILE has another
     * owner or group than the new file would, has other hard links, or lies in a directory this user may not
     * create files in. A failure half way then leaves it partly written.
     */
    static Replacement replace(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileFailure("cannot write " + file + ": is a directory", null);
        }
        boolean exists = Files.exists(file);
        if (exists && !Files.isRegularFile(file) || !exists && Files.isSymbolicLink(file)) {
            return inPlace(file);
        }
        // A symbolic link to a regular file stays a link: its target is the file replaced.
        Path target = exists ? file.toRealPath() : file.toAbsolutePath();
        if (exists && !Files.isWritable(target)) {
            throw new FileFailure("cannot write " + file + ": permission denied", null);
        }
        if (exists && (hardLinked(target) || !Files.isWritable(target.getParent()))) {
            return inPlace(file);
        }
        String stem = target.getFileName().toString();
        if (stem.getBytes(StandardCharsets.UTF_8).length > 160) {
            stem = "dirdb-get"; // keeps the temp name within the 255 bytes file systems allow
        }
        Path temp = target.resolveSibling("." + stem + "." + Long.toHexString(RANDOM.nextLong()) + ".part");
        FileChannel channel;
        try {
            // Created with FILE's permissions (as the umask allows), so no other user may read it meanwhile.
            channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    exists ? permissionsOf(target) : new java.nio.file.attribute.FileAttribute<?>[0]);
        } catch (AccessDeniedException e) {
            if (exists) {
                return inPlace(file); // a directory this user may not add to, holding a FILE it may write
            }
            throw failure("write", file, e);
        } catch (IOException e) {
            throw failure("write", file, e instanceof NoSuchFileException ? new NoSuchFileException(file.toString())
                    : e);
        }
        temp.toFile().deleteOnExit(); // also when the JVM is stopped by a signal (Ctrl-C)
        if (exists && !sameOwners(temp, target)) {
            channel.close();
            Files.deleteIfExists(temp);
            return inPlace(file);
        }
        try {
            if (exists) {
                // The umask may have taken bits away at creation: FILE's own mode, exactly.
                Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // A file system without POSIX permissions: the new file gets the default ones.
        }
        OutputStream raw = Channels.newOutputStream(channel);
        return new Replacement(file, target, temp, channel, named(file, raw));
    }

    private static Replacement inPlace(Path file) throws IOException {
        return new Replacement(file, file, null, null, write(file));
    }

    private static java.nio.file.attribute.FileAttribute<?>[] permissionsOf(Path file) {
        try {
            return new java.nio.file.attribute.FileAttribute<?>[] {
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(file))};
        } catch (UnsupportedOperationException | IOException e) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
    }

    private static boolean hardLinked(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).intValue() > 1;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** Whether the new file has FILE's owner and group: renaming it over FILE then keeps both. */
    private static boolean sameOwners(Path created, Path file) {
        try {
            return Files.getAttribute(created, "unix:uid").equals(Files.getAttribute(file, "unix:uid"))
                    && Files.getAttribute(created, "unix:gid").equals(Files.getAttribute(file, "unix:gid"));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return true; // no owners to keep
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

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
