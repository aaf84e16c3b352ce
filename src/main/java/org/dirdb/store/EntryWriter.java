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
import java.util.function.Function;
import java.util.function.Predicate;

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
        if (meta instanceof MetaChange.Set set) {
            MetaJson.requireObject(set.json(), name);
        }
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
            boolean anything = payload instanceof PayloadChange.Write || payload instanceof PayloadChange.Staged
                    || meta instanceof MetaChange.Set || meta instanceof MetaChange.Transform;
            if (!anything) {
                throw emptyEntry(name);
            }
        }
        // A new payload streams to disk before the entry lock is taken: long uploads never block others.
        StagedPayload staged = payload instanceof PayloadChange.Write w ? stage(name, w.source(), w.length()) : null;
        try {
            PayloadChange change = staged != null ? new PayloadChange.Staged(staged) : payload;
            Store.Outcome outcome = modifyLocked(name, current -> {
                if (mode == WriteMode.INSERT && current.exists()) {
                    throw alreadyExists(name);
                }
                if (mode == WriteMode.UPDATE && !current.exists()) {
                    return null;
                }
                return new Store.Change(meta, change);
            });
            return outcome != Store.Outcome.UNCHANGED;
        } finally {
            if (staged != null) {
                staged.close();
            }
        }
    }

    Store.Outcome modify(String name, Function<Store.Current, Store.Change> decide) {
        Objects.requireNonNull(decide, "decide");
        requireWritable(name);
        EntryNames.requireSafe(name);
        recoverIfPending(name);
        if (!exists(name)) {
            // Ask first without locking: a statement that creates nothing must not even create a lock file.
            if (decide.apply(Absent.of(name)) == null) {
                return Store.Outcome.UNCHANGED;
            }
            EntryNames.requireCreatable(name);
        }
        return modifyLocked(name, decide);
    }

    private Store.Outcome modifyLocked(String name, Function<Store.Current, Store.Change> decide) {
        List<TempFile> temps = new ArrayList<>(2);
        try (EntryLocks.Held lock = lockExclusive(name)) {
            recoverLocked(name);
            LockedCurrent current = new LockedCurrent(store, name);
            Store.Change change = decide.apply(current);
            if (change == null) {
                return Store.Outcome.UNCHANGED;
            }
            boolean exists = current.exists();
            if (!exists) {
                EntryNames.requireCreatable(name);
            }
            boolean hasPickle = current.hasPayloadFile();
            boolean hasJson = current.hasMetaFile();

            TempFile pickleTemp = null;
            boolean removePickle = false;
            PayloadChange payload = change.payload();
            if (payload instanceof PayloadChange.Write w) {
                pickleTemp = stagePayload(name, w);
            } else if (payload instanceof PayloadChange.Staged s) {
                pickleTemp = s.staged().claim(name);
            } else if (payload instanceof PayloadChange.Remove) {
                removePickle = hasPickle;
            }
            if (pickleTemp != null) {
                temps.add(pickleTemp);
            }

            TempFile jsonTemp = null;
            boolean removeJson = false;
            boolean keepJson = true;
            MetaChange meta = change.meta();
            if (meta instanceof MetaChange.Remove) {
                removeJson = hasJson;
                keepJson = false;
            } else if (meta instanceof MetaChange.Set set) {
                jsonTemp = stageMeta(name, MetaJson.requireObject(set.json(), name));
            } else if (meta instanceof MetaChange.Transform t) {
                String old = current.meta();
                String next = t.function().apply(old);
                if (next == null) {
                    removeJson = hasJson;
                    keepJson = false;
                } else if (!next.equals(old)) {
                    jsonTemp = stageMeta(name, MetaJson.requireObject(next, name));
                }
            }
            if (jsonTemp != null) {
                temps.add(jsonTemp);
            }

            boolean pickleAfter = pickleTemp != null || (hasPickle && !(payload instanceof PayloadChange.Remove));
            boolean jsonAfter = jsonTemp != null || (hasJson && keepJson);
            if (!pickleAfter && !jsonAfter) {
                throw emptyEntry(name);
            }
            List<CommitRecord.Op> ops = new ArrayList<>(2);
            if (pickleTemp != null) {
                ops.add(new CommitRecord.Op(name + ".pickle", pickleTemp.path.getFileName().toString()));
            } else if (removePickle) {
                ops.add(new CommitRecord.Op(name + ".pickle", null));
            }
            if (jsonTemp != null) {
                ops.add(new CommitRecord.Op(name + ".json", jsonTemp.path.getFileName().toString()));
            } else if (removeJson) {
                ops.add(new CommitRecord.Op(name + ".json", null));
            }
            commit(new CommitRecord(name, null, ops), temps);
            return exists ? Store.Outcome.UPDATED : Store.Outcome.CREATED;
        } finally {
            temps.forEach(TempFile::close);
        }
    }

    boolean delete(String name, Predicate<Store.Current> condition) {
        requireWritable(name);
        EntryNames.requireSafe(name);
        recoverIfPending(name);
        if (!exists(name)) {
            return false;
        }
        try (EntryLocks.Held lock = lockExclusive(name)) {
            recoverLocked(name);
            LockedCurrent current = new LockedCurrent(store, name);
            if (!current.exists() || !condition.test(current)) {
                return false;
            }
            List<CommitRecord.Op> ops = new ArrayList<>(2);
            if (current.hasPayloadFile()) {
                ops.add(new CommitRecord.Op(name + ".pickle", null));
            }
            if (current.hasMetaFile()) {
                ops.add(new CommitRecord.Op(name + ".json", null));
            }
            commit(new CommitRecord(name, null, ops), List.of());
            return true;
        }
    }

    /**
     * Renames every file of {@code from} to {@code to}. Both entries are locked (in name order). With two
     * files the change goes through a commit record written under both names, so whichever entry is used
     * next finishes it.
     */
    boolean rename(String from, String to) {
        requireWritable(from);
        EntryNames.requireSafe(from);
        EntryNames.requireCreatable(to);
        if (from.equals(to)) {
            return exists(from);
        }
        recoverIfPending(from);
        recoverIfPending(to);
        if (!exists(from)) {
            return false;
        }
        if (exists(to)) {
            throw alreadyExists(to);
        }
        String first = from.compareTo(to) < 0 ? from : to;
        String second = first.equals(from) ? to : from;
        try (EntryLocks.Held a = lockExclusive(first); EntryLocks.Held b = lockExclusive(second)) {
            recoverLocked(from);
            recoverLocked(to);
            if (exists(to)) {
                throw alreadyExists(to);
            }
            List<CommitRecord.Op> ops = new ArrayList<>(2);
            for (String suffix : new String[] {".pickle", ".json"}) {
                if (store.statFile(from, store.file(from, suffix)) != null) {
                    ops.add(new CommitRecord.Op(to + suffix, from + suffix));
                }
            }
            if (ops.isEmpty()) {
                return false;
            }
            commit(new CommitRecord(to, from, ops), List.of());
            return true;
        }
    }

    // ---- sub-databases ----

    void createSub(String name) {
        requireWritable(name);
        EntryNames.requireCreatable(name);
        Path sub = directory.resolve(name);
        if (store.statFile(name, sub) != null) {
            throw new StoreException(StoreException.Reason.EXISTS, name,
                    "sub-database " + EntryNames.quote(name) + " already exists in " + directory);
        }
        try {
            java.nio.file.Files.createDirectory(sub);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new StoreException(StoreException.Reason.EXISTS, name,
                    "sub-database " + EntryNames.quote(name) + " already exists in " + directory);
        } catch (IOException e) {
            throw StoreException.io(name, sub, "cannot create sub-database", e);
        }
        syncDirectory(name);
    }

    /**
     * Removes a sub-database that holds nothing but dirdb entries: each entry is deleted under its lock
     * (so no Python or JDBC writer is cut off mid-commit), then the lock files and the directory.
     */
    boolean dropSub(String name) {
        requireWritable(name);
        EntryNames.requireSafe(name);
        Path sub = directory.resolve(name);
        java.nio.file.attribute.BasicFileAttributes attrs = store.statFile(name, sub);
        if (attrs == null) {
            return false;
        }
        if (!attrs.isDirectory()) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, name, EntryNames.quote(name)
                    + " in " + directory + " is not a sub-database (" + (attrs.isSymbolicLink() ? "a symbolic link"
                    : "a file") + ")");
        }
        try (Store child = Store.open(sub, store.options().withCreate(false))) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> listing = io.list(sub)) {
                for (Path file : listing) {
                    String f = file.getFileName().toString();
                    java.nio.file.attribute.BasicFileAttributes a = io.stat(file);
                    if (a != null && a.isDirectory()) {
                        throw new StoreException(StoreException.Reason.NOT_EMPTY, name, "sub-database "
                                + EntryNames.quote(name) + " holds the sub-database " + EntryNames.quote(f)
                                + "; drop that first");
                    }
                    boolean ours = f.startsWith(".") || f.endsWith(".pickle") || f.endsWith(".json")
                            || f.endsWith(".lock");
                    if (!ours) {
                        throw new StoreException(StoreException.Reason.NOT_EMPTY, name, "sub-database "
                                + EntryNames.quote(name) + " holds " + EntryNames.quote(f)
                                + ", which is not a dirdb file; nothing was deleted");
                    }
                    files.add(file);
                }
            }
            for (String entry : child.list()) {
                child.delete(entry);
            }
            for (Path file : files) {
                io.deleteIfExists(file); // lock files, and strays of writers cut off by the drop
            }
        } catch (IOException e) {
            throw StoreException.io(name, sub, "cannot drop sub-database", e);
        }
        try {
            java.nio.file.Files.delete(sub);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            throw new StoreException(StoreException.Reason.NOT_EMPTY, name, "sub-database "
                    + EntryNames.quote(name) + " gained files while it was dropped; its entries are deleted");
        } catch (IOException e) {
            throw StoreException.io(name, sub, "cannot remove sub-database directory", e);
        }
        syncDirectory(name);
        return true;
    }

    // ---- staging ----

    private TempFile stagePayload(String name, PayloadChange.Write write) {
        TempFile temp = createTemp(name, "pickle");
        writePickle(name, temp, write.source(), write.length());
        return temp;
    }

    /** Streams a payload into a staged temp file; {@code name} only labels errors (null: not known). */
    StagedPayload stage(String name, java.io.InputStream source, long length) {
        requireWritable(name);
        TempFile temp;
        try {
            temp = TempFile.createStaged(io, directory);
        } catch (IOException e) {
            throw StoreException.io(name, directory, "cannot create a temp file in", e);
        }
        return new StagedPayload(this, temp, writePickle(name, temp, source, length));
    }

    StagedPayload duplicate(TempFile original, long length) {
        requireWritable(null);
        TempFile copy;
        try {
            copy = TempFile.createStaged(io, directory);
        } catch (IOException e) {
            throw StoreException.io(null, directory, "cannot create a temp file in", e);
        }
        try (FileChannel in = io.openRead(original.path)) {
            long size = in.size();
            for (long at = 0; at < size; ) {
                at += in.transferTo(at, size - at, copy.channel());
            }
            force(null, copy);
            copy.closeChannel();
            return new StagedPayload(this, copy, length);
        } catch (IOException e) {
            copy.close();
            throw StoreException.io(null, copy.path, "cannot copy staged payload to", e);
        } catch (RuntimeException | Error e) {
            copy.close();
            throw e;
        }
    }

    /** Header placeholder, payload, STOP, then the real header; fsynced. Returns the payload length. */
    private long writePickle(String name, TempFile temp, java.io.InputStream source, long length) {
        try {
            temp.writeFully(PickleLayout.header(0));
            long written = copy(name, source, length, temp);
            temp.writeFully(PickleLayout.trailer());
            temp.writeFully(PickleLayout.header(written), 0);
            force(name, temp);
            temp.closeChannel();
            return written;
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
                        "reading the payload stream " + forEntry(name) + " failed after " + total + " bytes: " + e, e);
            }
            if (n < 0) {
                if (length >= 0) {
                    throw new StoreException(StoreException.Reason.INVALID_DATA, name,
                            "the payload stream " + forEntry(name) + " ended after " + total + " of the " + length
                                    + " bytes announced");
                }
                break;
            }
            temp.writeFully(ByteBuffer.wrap(buffer, 0, n));
            total += n;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Reason.INTERRUPTED, name,
                        "writing the payload " + forEntry(name) + " was interrupted");
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
        List<Path> records = new ArrayList<>(2);
        try {
            if (change.fitsMarker()) {
                Path marker = store.file("." + name, CommitRecord.SUFFIX);
                io.createSymbolicLink(marker, change.marker());
                records.add(marker);
            }
            byte[] bytes = change.fitsMarker() ? null : change.encode();
            for (String holder : change.fitsMarker() ? List.<String>of() : change.recordHolders()) {
                Path record = store.file("." + holder, CommitRecord.SUFFIX);
                try (FileChannel ch = io.createNew(record)) {
                    records.add(record);
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        io.write(ch, buffer);
                    }
                    if (sync) {
                        forceChannel(name, ch, record);
                    }
                }
            }
        } catch (IOException e) {
            records.forEach(this::deleteQuietly);
            throw StoreException.io(name, directory, "cannot write commit record in", e);
        } catch (RuntimeException e) {
            records.forEach(this::deleteQuietly);
            throw e;
        }
        syncDirectory(name); // the commit point: from here on recovery completes the change
        temps.forEach(TempFile::markRenamed); // so they belong to the record now, never deleted as strays
        try {
            replay(change);
        } catch (IOException | RuntimeException e) {
            poisoned = "the commit of entry " + EntryNames.quote(name) + " could not be completed (" + e
                    + "); it will be completed when the store is next opened";
            throw new StoreException(StoreException.Reason.IO, name, poisoned, e);
        }
    }

    /** Performs every step of a record, makes it durable, then removes the record. Idempotent. */
    private void replay(CommitRecord change) throws IOException {
        for (CommitRecord.Op op : change.ops()) {
            apply(op);
        }
        syncDirectory(change.entry());
        for (String holder : change.recordHolders()) {
            io.deleteIfExists(store.file("." + holder, CommitRecord.SUFFIX));
        }
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
        java.nio.file.attribute.BasicFileAttributes attrs = store.statFile(name, record);
        if (attrs == null) {
            return;
        }
        if (attrs.isSymbolicLink()) {
            requireWritable(name);
            String text;
            try {
                text = io.readSymbolicLink(record);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                throw StoreException.io(name, record, "cannot read commit marker", e);
            }
            CommitRecord change = CommitRecord.decodeMarker(name, text);
            try {
                if (change == null) {
                    io.deleteIfExists(record); // not ours: nothing to replay
                    syncDirectory(name);
                } else {
                    replay(change);
                }
            } catch (IOException e) {
                throw StoreException.io(name, record, "cannot finish the interrupted commit recorded in", e);
            }
            return;
        }
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
            } else if (change.from() != null) {
                String other = name.equals(change.entry()) ? change.from() : change.entry();
                try (EntryLocks.Held otherLock = lockExclusive(other)) {
                    replay(change); // a rename: both entries locked
                }
            } else {
                replay(change);
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
        List<String> stagedFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = io.list(directory)) {
            for (Path file : files) {
                String f = file.getFileName().toString();
                if (!f.startsWith(".")) {
                    continue;
                }
                if (TempFile.isStaged(f)) {
                    stagedFiles.add(f);
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
        for (String staged : stagedFiles) {
            try {
                deleteIfUnlocked(directory.resolve(staged)); // no record ever names a staged file
            } catch (IOException e) {
                // left in place; the next open tries again
            }
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
            deleteIfUnlocked(temp);
        } catch (IOException e) {
            // left in place; the next open tries again
        }
    }

    /** Deletes a temp file unless a live writer holds its lock. */
    private void deleteIfUnlocked(Path temp) throws IOException {
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

    private static String forEntry(String name) {
        return name == null ? "(staged)" : "for entry " + EntryNames.quote(name);
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
