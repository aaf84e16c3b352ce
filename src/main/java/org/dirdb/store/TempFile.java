package org.dirdb.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A store-private temp file {@code .NAME.KIND.<16 hex>.tmp} in the database directory, where a new
 * version is written before it is renamed over {@code NAME.KIND}. Its leading dot and {@code .tmp}
 * suffix keep it out of every listing, ours and Python's ({@code *.pickle}).
 *
 * <p>The writer holds {@code flock(LOCK_EX)} on the temp file itself for as long as it exists, so the
 * stray cleanup of another process can tell a live writer's temp file (locked) from a dead one's.
 */
final class TempFile implements AutoCloseable {
    static final String SUFFIX = ".tmp";

    Path path;
    private final StorageIO io;
    private FileChannel channel;
    private int lockFd = -1;
    private boolean renamed;
    /**
     * The marker text this file carries in its attribute {@link CommitRecord#MARKER_ATTRIBUTE}, durable with
     * its fsync: the commit that renames it may make its marker a hard link to it. Null when it carries none.
     */
    String commitMarker;

    private TempFile(Path path, StorageIO io) {
        this.path = path;
        this.io = io;
    }

    /**
     * Creates and locks a new temp file for {@code kind} ("pickle" or "json") of an entry. Creating and
     * locking are two steps, and the stray cleanup of a store being opened elsewhere deletes temp files
     * nobody holds locked: if it got to the new file in between (it holds the file's lock, or the file is
     * gone), the file is left to it and another one is made.
     */
    static TempFile create(StorageIO io, Path directory, String entry, String kind) throws IOException {
        return create(io, directory, entry, kind, NativeFlock.STILL_NAMES);
    }

    /** How many fresh names {@link #create} tries before it gives up. */
    static final int CREATE_ATTEMPTS = 16;

    /**
     * {@link #create} with the check that the locked descriptor still holds the file its name names. An
     * attempt that loses its file (to a cleanup that took the lock first, or under a check that fails) tries a
     * fresh name; after {@link #CREATE_ATTEMPTS} it gives up, so that a check that can never succeed fails the
     * statement instead of looping.
     */
    static TempFile create(StorageIO io, Path directory, String entry, String kind, NativeFlock.IdentityCheck check)
            throws IOException {
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            Path path = directory.resolve(randomName(entry, kind));
            TempFile t = new TempFile(path, io);
            try {
                t.channel = io.createNew(path);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            try {
                t.lockFd = NativeFlock.openExisting(path);
                if (NativeFlock.tryLock(t.lockFd, true)) {
                    if (check.stillNames(t.lockFd, path)) {
                        return t;
                    }
                    // Locked, but the name does not (or cannot be shown to) hold the locked file: whatever the
                    // name holds is this file or nothing (names are 64 random bits), so it is deleted.
                    t.close();
                    continue;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // deleted by a cleanup before we could lock it
            } catch (IOException | RuntimeException e) {
                t.close();
                throw e;
            }
            t.markRenamed(); // a cleanup holds its lock: not ours to delete any more, the cleanup deletes it
            t.close();
        }
        throw new IOException("cannot create a locked temp file in " + directory + " after " + CREATE_ATTEMPTS
                + " attempts: each was taken by a cleanup, or its lock could not be checked against its name");
    }

    /** Prefix of a payload staged before its entry is known: {@code .dirdb-staged.<16 hex>.tmp}. */
    static final String STAGED_PREFIX = ".dirdb-staged.";

    /** Creates and locks a temp file for a payload whose entry is not known yet. */
    static TempFile createStaged(StorageIO io, Path directory) throws IOException {
        return create(io, directory, null, null);
    }

    /** Renames this (locked) temp file to the temp name of {@code kind} of {@code entry}; keeps the lock. */
    void renameFor(String entry, String kind) throws IOException {
        while (true) {
            Path target = path.resolveSibling(randomName(entry, kind));
            if (io.exists(target)) {
                continue;
            }
            io.atomicMove(path, target);
            path = target;
            return;
        }
    }

    private static String randomName(String entry, String kind) {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        return entry == null ? STAGED_PREFIX + hex + SUFFIX : "." + entry + "." + kind + "." + hex + SUFFIX;
    }

    /** True for the name of a staged payload. */
    static boolean isStaged(String fileName) {
        return fileName.startsWith(STAGED_PREFIX) && fileName.endsWith(SUFFIX)
                && fileName.length() == STAGED_PREFIX.length() + 16 + SUFFIX.length();
    }

    /** The channel, for copying this file's content elsewhere. */
    FileChannel channel() {
        return channel;
    }

    /** Writes all of {@code buffer}, looping over short writes. */
    void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            io.write(channel, buffer);
        }
    }

    /** Writes all of {@code buffer} at {@code position}, looping over short writes. */
    void writeFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += io.write(channel, buffer, at);
        }
    }

    void force() throws IOException {
        io.force(channel);
    }

    void closeChannel() throws IOException {
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            c.close();
        }
    }

    /**
     * Called once the file was renamed over its target, or once a durable commit record names it: from
     * then on closing must not delete it (recovery would otherwise find the record's source gone and
     * take the step for done).
     */
    void markRenamed() {
        renamed = true;
    }

    /** Closes handles; deletes the file unless it was renamed. Never throws. */
    @Override
    public void close() {
        try {
            closeChannel();
        } catch (IOException ignored) {
            // the file is deleted next; a failed close changes nothing
        }
        if (!renamed) {
            try {
                io.deleteIfExists(path);
            } catch (IOException ignored) {
                // left for the stray cleanup of the next open; its lock is released below
            }
        }
        NativeFlock.closeQuietly(lockFd);
        lockFd = -1;
    }

    /** The entry a store-private temp file name belongs to, or null when it is not one. */
    static String entryOf(String fileName) {
        if (!fileName.startsWith(".") || !fileName.endsWith(SUFFIX)) {
            return null;
        }
        String body = fileName.substring(1, fileName.length() - SUFFIX.length());
        int random = body.lastIndexOf('.');
        if (random < 0 || body.length() - random - 1 != 16) {
            return null;
        }
        String kindful = body.substring(0, random);
        for (String kind : new String[] {".pickle", ".json"}) {
            if (kindful.endsWith(kind) && kindful.length() > kind.length()) {
                return kindful.substring(0, kindful.length() - kind.length());
            }
        }
        return null;
    }
}
