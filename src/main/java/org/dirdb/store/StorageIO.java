package org.dirdb.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The seam through which the store touches the file system. Every write point of every write path
 * (create, write, fsync, rename, delete, directory fsync) is one method here, so a test can inject
 * ENOSPC, EIO on fsync, short writes or rename failures at any of them, and count file opens.
 * Implementations must not follow symbolic links.
 */
public interface StorageIO {
    /** The real file system. */
    StorageIO DEFAULT = new StorageIO() {};

    /** Creates a new file (fails if the name exists) and opens it for writing. */
    default FileChannel createNew(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Opens an existing regular file for reading, never through a symbolic link. The channel's reads must not
     * keep the buffer they are given past their return: payload streams read into buffers that other threads'
     * reads use next.
     */
    default FileChannel openRead(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    /** One write call; may write fewer bytes than remain (callers loop). */
    default int write(FileChannel channel, ByteBuffer source) throws IOException {
        return channel.write(source);
    }

    /** One positional write call; may write fewer bytes than remain (callers loop). */
    default int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
        return channel.write(source, position);
    }

    /**
     * Opens an existing file for writing around the page cache ({@code O_DIRECT}), never through a symbolic
     * link. Fails where the file system refuses direct I/O (the caller then writes through the page cache).
     */
    default FileChannel openDirect(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS,
                com.sun.nio.file.ExtendedOpenOption.DIRECT);
    }

    /**
     * One positional write on a channel from {@link #openDirect}: {@code source} is an aligned direct buffer
     * and {@code position} and the byte count are multiples of the alignment. May write fewer bytes.
     */
    default int writeDirect(FileChannel channel, ByteBuffer source, long position) throws IOException {
        return channel.write(source, position);
    }

    /** fsync of a file's data and metadata. */
    default void force(FileChannel channel) throws IOException {
        channel.force(true);
    }

    /** rename(2): atomically replaces {@code target}. */
    default void atomicMove(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** unlink(2) if present. */
    default boolean deleteIfExists(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    /** fsync of a directory, which makes renames and unlinks in it durable. */
    default void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Creates a symbolic link holding {@code target} as its text: one atomic metadata operation, durable
     * with the directory's fsync. The store never follows it; it reads the text back.
     */
    default void createSymbolicLink(Path link, String target) throws IOException {
        Files.createSymbolicLink(link, Path.of(target));
    }

    /**
     * Creates {@code link} as a second name (a hard link) of the file {@code existing}: one atomic metadata
     * operation that allocates no inode, durable with the directory's fsync.
     */
    default void createLink(Path link, Path existing) throws IOException {
        Files.createLink(link, existing);
    }

    /** The text of a symbolic link. */
    default String readSymbolicLink(Path link) throws IOException {
        return Files.readSymbolicLink(link).toString();
    }

    /** The attributes of a file, not following links; null when it does not exist. */
    default BasicFileAttributes stat(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Whether a directory entry has the name {@code file}, not following links: a symbolic link exists even
     * when it leads nowhere. Cheaper than {@link #stat} where only existence matters, most of all for a file
     * that is missing.
     */
    default boolean exists(Path file) throws IOException {
        int presence = JnaState.loaded() ? NativeFiles.presence(file) : NativeFiles.UNKNOWN;
        return presence == NativeFiles.UNKNOWN ? stat(file) != null : presence == NativeFiles.PRESENT;
    }

    /**
     * A stamp of a file's state that every change of the file moves (see {@link FileStamp}); null when it does
     * not exist. Not following links.
     */
    default FileStamp stamp(Path file) throws IOException {
        return FileStamp.of(file);
    }

    /**
     * The value of the extended attribute {@code name} of a file (at most {@code max} bytes), not following
     * links and without opening the file: null when it has none, when the file system keeps no user
     * attributes, or when it cannot be read. Never throws: callers fall back to reading the file.
     */
    default byte[] getXattr(Path file, String name, int max) {
        return NativeXattr.get(file, name, max);
    }

    /**
     * The value of the extended attribute {@code name} of a file (at most {@code max} bytes), not following
     * links: null when it has none (or the file system keeps none); unlike {@link #getXattr}, a failure to read
     * it is an error, for a reader to whom "none" and "unknown" mean different things.
     */
    default byte[] readXattr(Path file, String name, int max) throws IOException {
        return NativeXattr.read(file, name, max);
    }

    /**
     * Sets the extended attribute {@code name} of a file, not following links.
     *
     * @throws UnsupportedOperationException when the file system keeps no user attributes
     */
    default void setXattr(Path file, String name, byte[] value) throws IOException {
        NativeXattr.set(file, name, value);
    }

    /**
     * Sets a file's modification time to {@code epochNanos} (nanoseconds since the epoch), leaving its access
     * time alone, not following links.
     *
     * @throws UnsupportedOperationException when this platform cannot set times natively
     */
    default void setModified(Path file, long epochNanos) throws IOException {
        NativeXattr.setModified(file, epochNanos);
    }

    /**
     * The names in a directory (without {@code .} and {@code ..}), in no particular order. One native pass
     * that makes no {@link Path} per name: on a cold JVM, listing 30,000 names this way takes a fifth of the
     * time a {@code DirectoryStream} does. Names that are not valid in the file-name encoding hold U+FFFD.
     */
    default java.util.List<String> list(Path directory) throws IOException {
        String[] names = directory.toFile().list();
        if (names == null) {
            BasicFileAttributes attrs = stat(directory); // File.list gives no reason: find one
            if (attrs == null) {
                throw new java.nio.file.NoSuchFileException(directory.toString());
            }
            if (!attrs.isDirectory()) {
                throw new java.nio.file.NotDirectoryException(directory.toString());
            }
            throw new IOException("cannot list directory " + directory);
        }
        return java.util.Arrays.asList(names);
    }

    /**
     * Starts watching {@code directory} for changes to its files, or returns null where change notification
     * cannot be exact (see {@link NativeInotify}); the store then validates what it caches with a stat per
     * file. Never throws.
     */
    default DirectoryWatch watch(Path directory) {
        return NativeInotify.start(directory);
    }
}
