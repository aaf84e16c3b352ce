package org.dirdb.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The write side of a {@link Store}: staging, the commit protocol, and recovery.
 *
 * <p>A write streams new files into locked temp files first (no entry lock held), then takes the
 * entry's exclusive lock, finishes any interrupted commit of the entry, checks what the statement
 * requires (exists / does not exist), and commits. A change to one file is a rename (or unlink) and a
 * directory fsync; a change to both files goes through a {@link CommitRecord}.
 */
final class EntryWriter {
    private static final int COPY_BUFFER = 1 << 20;
    private static final long STRAY_LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Store store;
    private final StorageIO io;
    private final Path directory;
    private final boolean sync;
    private volatile String poisoned;

    EntryWriter(Store store) {
        this.store = store;
        this.io = store.io();
        this.directory = store.directory();
        this.sync = store.options().sync();
    }

    boolean write(String name, WriteMode mode, MetaChange meta, PayloadChange payload) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(payload, "payload");
        requireWritable(name);
        EntryNames.requireSafe(name);
        if (mode == WriteMode.INSERT) {
            EntryNames.requireCreatable(name);
        }
        String metaText = meta instanceof MetaChange.Set set ? MetaJson.requireObject(set.json(), name) : null;
        recoverIfPending(name);
        // Decide what can be decided without locking, so that a statement that cannot apply leaves the
        // directory untouched (not even a lock file is created).
        boolean existsNow = exists(name);
        if (mode == WriteMode.INSERT && existsNow) {
            throw alreadyExists(name);
        }
        if (mode == WriteMode.UPDATE && !existsNow) {
            return false;
        }
        if (!existsNow) {
            EntryNames.requireCreatable(name);
            boolean anything = payload instanceof PayloadChange.Write || metaText != null
                    || meta instanceof MetaChange.Transform;
            if (!anything) {
                throw emptyEntry(name);
            }
        }
        List<TempFile> temps = new ArrayList<>(2);
        try {
            TempFile pickleTemp = payload instanceof PayloadChange.Write w ? stagePayload(name, w) : null;
            if (pickleTemp != null) {
                temps.add(pickleTemp);
            }
            TempFile jsonTemp = metaText != null ? stageMeta(name, metaText) : null;
            if (jsonTemp != null) {
                temps.add(jsonTemp);
            }
            try (EntryLocks.Held lock = lockExclusive(name)) {
                recoverLocked(name);
                boolean hasPickle = store.statFile(name, store.file(name, ".pickle")) != null;
                boolean hasJson = store.statFile(name, store.file(name, ".json")) != null;
                boolean exists = hasPickle || hasJson;
                if (mode == WriteMode.INSERT && exists) {
                    throw alreadyExists(name);
                }
                if (mode == WriteMode.UPDATE && !exists) {
                    return false;
                }
                boolean removeJson = meta instanceof MetaChange.Remove;
                if (meta instanceof MetaChange.Transform t) {
                    String current = hasJson ? store.readMetaFile(name, store.file(name, ".json")) : null;
                    String next = t.function().apply(current);
                    if (next == null) {
                        removeJson = true;
                    } else {
                        jsonTemp = stageMeta(name, MetaJson.requireObject(next, name));
                        temps.add(jsonTemp);
                    }
                }
                boolean pickleAfter = pickleTemp != null || (payload instanceof PayloadChange.Keep && hasPickle);
                boolean jsonAfter = jsonTemp != null || (!removeJson && hasJson);
                if (!pickleAfter && !jsonAfter) {
                    throw emptyEntry(name);
                }
                List<CommitRecord.Op> ops = new ArrayList<>(2);
                if (pickleTemp != null) {
                    ops.add(new CommitRecord.Op(name + ".pickle", pickleTemp.path.getFileName().toString()));
                } else if (payload instanceof PayloadChange.Remove && hasPickle) {
                    ops.add(new CommitRecord.Op(name + ".pickle", null));
                }
                if (jsonTemp != null) {
                    ops.add(new CommitRecord.Op(name + ".json", jsonTemp.path.getFileName().toString()));
                } else if (removeJson && hasJson) {
                    ops.add(new CommitRecord.Op(name + ".json", null));
                }
                commit(new CommitRecord(name, ops), temps);
                return true;
            }
        } finally {
            temps.forEach(TempFile::close);
        }
    }

    boolean delete(String name) {
        requireWritable(name);
        EntryNames.requireSafe(name);
        recoverIfPending(name);
        if (!exists(name)) {
            return false;
        }
        try (EntryLocks.Held lock = lockExclusive(name)) {
            recoverLocked(name);
            List<CommitRecord.Op> ops = new ArrayList<>(2);
            for (String suffix : new String[] {".pickle", ".json"}) {
                if (store.statFile(name, store.file(name, suffix)) != null) {
                    ops.add(new CommitRecord.Op(name + suffix, null));
                }
            }
            if (ops.isEmpty()) {
                return false;
            }
            commit(new CommitRecord(name, ops), List.of());
            return true;
        }
    }

    // ---- staging ----

    private TempFile stagePayload(String name, PayloadChange.Write write) {
        TempFile temp = createTemp(name, "pickle");
        try {
            temp.writeFully(PickleLayout.header(0));
            long length = copy(name, write.source(), write.length(), temp);
            temp.writeFully(PickleLayout.trailer());
            temp.writeFully(PickleLayout.header(length), 0);
            force(name, temp);
            temp.closeChannel();
            return temp;
        } catch (IOException e) {
            temp.close();
            throw StoreException.io(name, temp.path, "cannot write payload temp file", e);
        } catch (RuntimeException | Error e) {
            temp.close();
            throw e;
        }
    }

    private long copy(String name, InputStream source, long length, TempFile temp) throws IOException {
        byte[] buffer = new byte[(int) (length >= 0 ? Math.min(COPY_BUFFER, Math.max(length, 1)) : COPY_BUFFER)];
        long total = 0;
        while (length < 0 || total < length) {
            int want = (int) (length < 0 ? buffer.length : Math.min(buffer.length, length - total));
            int n;
            try {
                n = source.read(buffer, 0, want);
            } catch (IOException e) {
                throw new StoreException(StoreException.Reason.INVALID_DATA, name,
                        "reading the payload stream for entry " + EntryNames.quote(name) + " failed after "
                                + total + " bytes: " + e, e);
            }
            if (n < 0) {
                if (length >= 0) {
                    throw new StoreException(StoreException.Reason.INVALID_DATA, name,
                            "the payload stream for entry " + EntryNames.quote(name) + " ended after " + total
                                    + " of the " + length + " bytes announced");
                }
                break;
            }
            temp.writeFully(ByteBuffer.wrap(buffer, 0, n));
            total += n;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Reason.INTERRUPTED, name,
                        "writing the payload of entry " + EntryNames.quote(name) + " was interrupted");
            }
        }
        return total;
    }

    private TempFile stageMeta(String name, String json) {
        TempFile temp = createTemp(name, "json");
        try {
            temp.writeFully(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            force(name, temp);
            temp.closeChannel();
            return temp;
        } catch (IOException e) {
            temp.close();
            throw StoreException.io(name, temp.path, "cannot write metadata temp file", e);
        } catch (RuntimeException | Error e) {
            temp.close();
            throw e;
        }
    }

    private TempFile createTemp(String name, String kind) {
        try {
            return TempFile.create(io, directory, name, kind);
        } catch (IOException e) {
            throw StoreException.io(name, directory, "cannot create a temp file for entry "
                    + EntryNames.quote(name) + " in", e);
        }
    }

    // ---- commit and recovery ----

    /**
     * Applies a change under the entry's exclusive lock. One step needs no record: a rename or an unlink
     * is atomic by itself. Several steps are made atomic by the durable record written first.
     */
    private void commit(CommitRecord change, List<TempFile> temps) {
        String name = change.entry();
        if (change.ops().isEmpty()) {
            return;
        }
        if (change.ops().size() == 1) {
            try {
                apply(change.ops().get(0));
            } catch (IOException e) {
                throw StoreException.io(name, directory, "cannot commit entry " + EntryNames.quote(name) + " in", e);
            }
            temps.forEach(TempFile::markRenamed);
            syncDirectory(name);
            return;
        }
        Path record = store.file("." + name, CommitRecord.SUFFIX);
        try (FileChannel ch = io.createNew(record)) {
            ByteBuffer bytes = ByteBuffer.wrap(change.encode());
            while (bytes.hasRemaining()) {
                io.write(ch, bytes);
            }
            if (sync) {
                forceChannel(name, ch, record);
            }
        } catch (IOException e) {
            deleteQuietly(record);
            throw StoreException.io(name, record, "cannot write commit record", e);
        } catch (RuntimeException e) {
            deleteQuietly(record);
            throw e;
        }
        syncDirectory(name); // the commit point: from here on recovery completes the change
        temps.forEach(TempFile::markRenamed); // so they belong to the record now, never deleted as strays
        try {
            replay(change, record);
        } catch (IOException | RuntimeException e) {
            poisoned = "the commit of entry " + EntryNames.quote(name) + " could not be completed (" + e
                    + "); it will be completed when the store is next opened";
            throw new StoreException(StoreException.Reason.IO, name, poisoned, e);
        }
    }

    /** Performs every step of a record, makes it durable, then removes the record. Idempotent. */
    private void replay(CommitRecord change, Path record) throws IOException {
        for (CommitRecord.Op op : change.ops()) {
            apply(op);
        }
        syncDirectory(change.entry());
        io.deleteIfExists(record);
    }

    private void apply(CommitRecord.Op op) throws IOException {
        Path target = directory.resolve(op.target());
        if (op.isDelete()) {
            io.deleteIfExists(target);
        } else {
            Path source = directory.resolve(op.source());
            if (io.stat(source) != null) {
                io.atomicMove(source, target);
            }
        }
    }

    /** Finishes an interrupted commit of the entry, if there is one. */
    void recoverIfPending(String name) {
        if (store.options().readOnly()) {
            return;
        }
        if (store.statFile(name, store.file("." + name, CommitRecord.SUFFIX)) != null) {
            recover(name);
        }
    }

    void recover(String name) {
        try (EntryLocks.Held lock = lockExclusive(name)) {
            recoverLocked(name);
        }
    }

    /** Under the entry's exclusive lock: replays (or, when torn, discards) its commit record. */
    void recoverLocked(String name) {
        if (store.options().readOnly()) {
            return;
        }
        Path record = store.file("." + name, CommitRecord.SUFFIX);
        byte[] bytes;
        try (FileChannel ch = io.openRead(record)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read the whole (small) record
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw StoreException.io(name, record, "cannot read commit record", e);
        }
        requireWritable(name);
        CommitRecord change = CommitRecord.decode(name, bytes);
        try {
            if (change == null) {
                io.deleteIfExists(record); // torn before its fsync: the change never committed
                syncDirectory(name);
            } else {
                replay(change, record);
            }
        } catch (IOException e) {
            throw StoreException.io(name, record, "cannot finish the interrupted commit recorded in", e);
        }
    }

    /**
     * At open: finishes every interrupted commit and deletes the temp files of dead writers. A temp file
     * is deleted only under its entry's lock and only when no live writer holds its own lock on it.
     */
    void recoverAll() {
        Set<String> pending = new LinkedHashSet<>();
        List<String> temps = new ArrayList<>();
        try (DirectoryStream<Path> files = io.list(directory)) {
            for (Path file : files) {
                String f = file.getFileName().toString();
                if (!f.startsWith(".")) {
                    continue;
                }
                String entry = CommitRecord.entryOf(f);
                if (entry != null && EntryNames.isSafe(entry)) {
                    pending.add(entry);
                } else if (TempFile.entryOf(f) != null && EntryNames.isSafe(TempFile.entryOf(f))) {
                    temps.add(f);
                }
            }
        } catch (IOException e) {
            throw StoreException.io(null, directory, "cannot list", e);
        }
        for (String entry : pending) {
            recover(entry);
        }
        for (String temp : temps) {
            removeIfStray(TempFile.entryOf(temp), directory.resolve(temp));
        }
    }

    private void removeIfStray(String entry, Path temp) {
        EntryLocks.Held lock;
        try {
            lock = EntryLocks.exclusive(directory, entry, store.file(entry, ".lock"),
                    Math.min(STRAY_LOCK_WAIT_NANOS, store.lockTimeoutNanos()));
        } catch (StoreException e) {
            return; // busy: a live writer is committing; its temp files are not strays
        }
        try (lock) {
            recoverLocked(entry);
            int fd;
            try {
                fd = NativeFlock.openExisting(temp);
            } catch (NoSuchFileException e) {
                return;
            }
            try {
                if (NativeFlock.tryLock(fd, true)) {
                    io.deleteIfExists(temp); // nobody writes it: its writer died
                }
            } finally {
                NativeFlock.closeQuietly(fd);
            }
        } catch (IOException e) {
            // left in place; the next open tries again
        }
    }

    // ---- helpers ----

    private EntryLocks.Held lockExclusive(String name) {
        return EntryLocks.exclusive(directory, name, store.file(name, ".lock"), store.lockTimeoutNanos());
    }

    private boolean exists(String name) {
        return store.statFile(name, store.file(name, ".pickle")) != null
                || store.statFile(name, store.file(name, ".json")) != null;
    }

    private void force(String name, TempFile temp) {
        if (!sync) {
            return;
        }
        try {
            temp.force();
        } catch (IOException e) {
            poisoned = "fsync of " + temp.path + " failed: " + e;
            throw StoreException.io(name, temp.path, "fsync failed for", e);
        }
    }

    private void forceChannel(String name, FileChannel ch, Path file) throws IOException {
        try {
            io.force(ch);
        } catch (IOException e) {
            poisoned = "fsync of " + file + " failed: " + e;
            throw e;
        }
    }

    private void syncDirectory(String name) {
        if (!sync) {
            return;
        }
        try {
            io.syncDirectory(directory);
        } catch (IOException e) {
            poisoned = "fsync of directory " + directory + " failed: " + e;
            throw StoreException.io(name, directory, "fsync failed for directory", e);
        }
    }

    private void deleteQuietly(Path file) {
        try {
            io.deleteIfExists(file);
        } catch (IOException ignored) {
            // a torn record is discarded by recovery
        }
    }

    private void requireWritable(String name) {
        if (store.options().readOnly()) {
            throw new StoreException(StoreException.Reason.READ_ONLY, name,
                    "the store " + directory + " is open read-only");
        }
        String why = poisoned;
        if (why != null) {
            throw new StoreException(StoreException.Reason.POISONED, name,
                    "the store refuses writes until it is reopened: " + why);
        }
    }

    private static StoreException alreadyExists(String name) {
        return new StoreException(StoreException.Reason.EXISTS, name,
                "entry " + EntryNames.quote(name) + " already exists");
    }

    private static StoreException emptyEntry(String name) {
        return new StoreException(StoreException.Reason.EMPTY_ENTRY, name,
                "entry " + EntryNames.quote(name) + " would have neither data nor meta");
    }
}
