package org.dirdb.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The commit protocol and recovery. A change to one file is a rename (or unlink) and a directory fsync;
 * a change to both files of an entry is marked first ({@link CommitRecord}), so that a crash at any
 * instant is finished by {@link #recoverLocked} under the entry lock, before the entry is next used.
 */
final class Commits {
    private final Durability d;
    private final Store store;
    private final StorageIO io;
    private final Path directory;
    private final boolean sync;
    private static final long STRAY_LOCK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    Commits(Durability d) {
        this.d = d;
        this.store = d.store;
        this.io = d.io;
        this.directory = d.directory;
        this.sync = d.sync;
    }

    /**
     * Applies a change under the entry's exclusive lock. One step needs no record: a rename or an unlink
     * is atomic by itself. Several steps are made atomic by the durable record written first.
     */
    void commit(CommitRecord change, List<TempFile> temps) {
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
            d.syncDirectoryAfterCommit(name);
            return;
        }
        List<Path> records = new ArrayList<>(2);
        boolean written = false; // every copy of the record is whole (a marker always is)
        try {
            if (change.fitsMarker()) {
                Path marker = store.file("." + name, CommitRecord.SUFFIX);
                String text = change.marker();
                TempFile carrier = carrierOf(temps, text);
                if (carrier == null || !linked(marker, carrier)) {
                    io.createSymbolicLink(marker, text);
                }
                records.add(marker);
                written = true;
            }
            byte[] bytes = change.fitsMarker() ? null : change.encode();
            List<String> holders = change.fitsMarker() ? List.of() : change.recordHolders();
            for (String holder : holders) {
                Path record = store.file("." + holder, CommitRecord.SUFFIX);
                try (FileChannel ch = io.createNew(record)) {
                    records.add(record);
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        io.write(ch, buffer);
                    }
                    written = records.size() == holders.size();
                    if (sync) {
                        d.forceChannel(name, ch, record);
                    }
                }
            }
        } catch (FileAlreadyExistsException e) {
            // Recovery, which ran under this lock, removes every record and whatever else it can from a
            // record's name: what is left is not a record (a directory that is not empty).
            throw abandon(change, records, written, new StoreException(StoreException.Reason.CORRUPT, name,
                    "cannot commit entry " + EntryNames.quote(name) + ": " + e.getFile() + " is in the way of its"
                            + " commit record and is not one (remove it)", e));
        } catch (IOException e) {
            throw abandon(change, records, written,
                    StoreException.io(name, directory, "cannot write commit record in", e));
        } catch (RuntimeException e) {
            throw abandon(change, records, written, e);
        }
        d.syncDirectory(name); // the commit point: from here on recovery completes the change
        temps.forEach(TempFile::markRenamed); // so they belong to the record now, never deleted as strays
        try {
            if (sync && change.fitsMarker() && change.ops().stream().noneMatch(CommitRecord.Op::isDelete)) {
                // Renames only: the marker may outlive the statement, removed after the next directory fsync
                // (FinishedMarkers). A marker with an unlink must not: replayed after another writer (Python,
                // which knows no markers) made the file again, it would delete that file.
                applyAll(change);
                d.finished.add(name, store.file("." + name, CommitRecord.SUFFIX), change.marker());
            } else if (!sync) {
                // This commit's own record, made by a store that syncs nothing: neither it nor the steps were
                // made durable, so there is nothing for a directory fsync to order before its removal.
                applyAll(change);
                removeRecords(change);
            } else {
                replay(change);
            }
        } catch (IOException | RuntimeException e) {
            d.poison("the commit of entry " + EntryNames.quote(name) + " could not be completed (" + e
                    + "); recovery completes it when the store is next opened, or when the entry is next used");
            throw new StoreException(StoreException.Reason.IO, name, d.poisoned(), e);
        }
    }

    /**
     * Makes the marker a hard link to {@code carrier}, whose attribute holds its text; false when the file
     * system refuses hard links (some FUSE file systems give EPERM), which then is not asked again by this
     * store. Any other failure is the commit's.
     */
    private boolean linked(Path marker, TempFile carrier) throws IOException {
        try {
            io.createLink(marker, carrier.path);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (java.nio.file.FileSystemException | UnsupportedOperationException e) {
            d.linkMarkers = false;
            return false;
        }
    }

    /** The temp file that carries {@code text} as its marker attribute, or null (then the marker is a link's text). */
    private static TempFile carrierOf(List<TempFile> temps, String text) {
        for (TempFile t : temps) {
            if (text.equals(t.commitMarker)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Before the commit point: removes what was written of the change's record, the last copy first (and makes
     * that durable), and returns {@code failure} to throw. The change is dead once one copy is gone (a rename's
     * record counts only under both names) or when one is not whole. When every copy is whole and the removal
     * fails or cannot be made durable, recovery may still complete the change: the error says so instead, with
     * {@code failure} attached, and where nothing could be removed the store is poisoned.
     */
    private RuntimeException abandon(CommitRecord change, List<Path> records, boolean written,
                                     RuntimeException failure) {
        boolean removed = false;
        IOException left = null;
        for (int i = records.size() - 1; i >= 0; i--) {
            try {
                io.deleteIfExists(records.get(i));
                removed = true;
            } catch (IOException e) {
                left = e;
            }
        }
        String name = change.entry();
        if (written && removed && sync) {
            // Whole copies may be on disk already (another directory fsync, the file system's own commit): the
            // removal must be too, or a crash could bring them back for recovery to complete.
            try {
                d.syncDirectory(name);
            } catch (StoreException e) {
                return outcomeUnknown(name, "the failed commit of entry " + EntryNames.quote(name) + " removed its"
                        + " commit record, but the removal could not be made durable: after a crash, recovery may"
                        + " still complete that change", e, failure);
            }
        }
        if (records.isEmpty() || removed || !written) {
            return failure;
        }
        d.poison("the failed commit of entry " + EntryNames.quote(name) + " left its commit record " + records
                + ", which could not be removed (" + left + "); recovery completes that change when the store is"
                + " next opened, unless the record is removed first");
        return outcomeUnknown(name, d.poisoned(), left, failure);
    }

    private static StoreException outcomeUnknown(String name, String message, Exception cause,
                                                 RuntimeException failure) {
        StoreException unknown = new StoreException(StoreException.Reason.IO, name, message, cause);
        unknown.addSuppressed(failure);
        return unknown;
    }

    /** Performs every step of a record, makes it durable, then removes the record. Idempotent. */
    private void replay(CommitRecord change) throws IOException {
        applyAll(change);
        // Even with sync=false: the record may be another store's, whose renames wait for this fsync before the
        // record may go (a marker waiting for its writer's next fsync: FinishedMarkers).
        d.syncDirectoryEvenUnsynced(change.entry());
        removeRecords(change);
    }

    private void removeRecords(CommitRecord change) throws IOException {
        for (String holder : change.recordHolders()) {
            io.deleteIfExists(store.file("." + holder, CommitRecord.SUFFIX));
        }
    }

    private void applyAll(CommitRecord change) throws IOException {
        for (CommitRecord.Op op : change.ops()) {
            apply(op);
        }
    }

    private void apply(CommitRecord.Op op) throws IOException {
        Path target = directory.resolve(op.target());
        if (op.isDelete()) {
            io.deleteIfExists(target);
        } else {
            Path source = directory.resolve(op.source());
            try {
                io.atomicMove(source, target);
            } catch (NoSuchFileException e) {
                // Only a replay meets this: the step was done before the interruption. (A live commit's
                // sources are its own locked temp files, which nothing else removes.)
            }
        }
    }

    /** Finishes an interrupted commit of the entry, if there is one. */
    void recoverIfPending(String name) {
        if (store.options().readOnly()) {
            return;
        }
        Path record = store.file("." + name, CommitRecord.SUFFIX);
        if (store.fileExists(name, record) && !renamesDone(name, record)) {
            recover(name);
        }
    }

    /**
     * Whether the record is a marker whose every step is a rename already done (no temp file it names is
     * left): a commit finished but for the removal of its marker, which waits for a directory fsync
     * ({@link FinishedMarkers}). Nothing is left to finish before the entry is read, so no lock is waited
     * for, and a statement refused before it locks the entry leaves the directory as it was. A writer still
     * finishes the marker under the lock ({@link #recoverLocked}) before it commits: its own renames or
     * unlink must not reach the disk before the marker's.
     */
    private boolean renamesDone(String name, Path record) {
        CommitRecord change;
        try {
            change = CommitRecord.decodeMarker(name, CommitRecord.readMarker(io, record));
        } catch (IOException e) {
            return false; // gone: the locked path decides
        }
        if (change == null) {
            return false;
        }
        for (CommitRecord.Op op : change.ops()) {
            if (op.isDelete() || store.fileExists(name, directory.resolve(op.source()))) {
                return false;
            }
        }
        return true;
    }

    void recover(String name) {
        recover(name, store.lockTimeoutNanos());
    }

    private void recover(String name, long lockTimeoutNanos) {
        if (directoryLeftAlone(store.file("." + name, CommitRecord.SUFFIX))) {
            return; // no record, and nothing the lock would change
        }
        try (EntryLocks.Held lock = d.lockExclusive(name, lockTimeoutNanos)) {
            recoverLocked(name, lockTimeoutNanos);
        }
    }

    /**
     * Whether a directory that is not empty holds the record's name: then there is no record to replay, and
     * {@link #recoverLocked} would leave it alone, so the lock need not be taken. Only told here, never
     * removed: a removal by path outside the lock could meet a record that a writer made meanwhile. An empty
     * one is removed under the lock.
     */
    private boolean directoryLeftAlone(Path record) {
        java.nio.file.attribute.BasicFileAttributes attrs;
        try {
            attrs = io.stat(record);
        } catch (IOException e) {
            return false; // the locked path reports it
        }
        if (attrs == null || !attrs.isDirectory()) {
            return false;
        }
        try (java.nio.file.DirectoryStream<Path> inside = java.nio.file.Files.newDirectoryStream(record)) {
            return inside.iterator().hasNext();
        } catch (IOException | RuntimeException e) {
            return true; // cannot be read, so cannot be emptied either
        }
    }

    /** Under the entry's lock (no writer makes a record meanwhile): removes an empty directory at its name. */
    private void removeIfEmpty(Path directoryAtRecord) {
        if (!store.options().readOnly() && d.poisoned() == null) {
            try {
                io.deleteIfExists(directoryAtRecord);
            } catch (IOException e) {
                // not empty (or not ours to remove): left alone
            }
        }
    }

    /** Under the entry's exclusive lock: replays (or, when torn, discards) its commit record. */
    void recoverLocked(String name) {
        recoverLocked(name, store.lockTimeoutNanos());
    }

    /**
     * As {@link #recoverLocked(String)}; a rename's replay waits at most {@code otherWaitNanos} for the other
     * entry's lock, as long as this entry's was waited for (the opening of the store waits briefly for both).
     */
    private void recoverLocked(String name, long otherWaitNanos) {
        if (store.options().readOnly()) {
            return;
        }
        Path record = store.file("." + name, CommitRecord.SUFFIX);
        if (!store.fileExists(name, record)) {
            return; // the usual case: no marker
        }
        java.nio.file.attribute.BasicFileAttributes attrs = store.statFile(name, record);
        if (attrs == null) {
            return;
        }
        if (attrs.isSymbolicLink()) {
            d.requireWritable(name);
            String text;
            try {
                text = io.readSymbolicLink(record);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                throw StoreException.io(name, record, "cannot read commit marker", e);
            }
            finishMarker(name, record, CommitRecord.decodeMarker(name, text));
            return;
        }
        if (attrs.isDirectory()) {
            // Not a record: nothing to replay. One that is not empty is left alone, since failing here would
            // fail every statement on the entry and every opening of the store.
            removeIfEmpty(record);
            return;
        }
        String attribute;
        try {
            attribute = attrs.isRegularFile() ? CommitRecord.markerAttribute(io, record) : null;
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            // It may be a hard-link marker whose text cannot be read now: replaying nothing or discarding it
            // could leave the entry torn, so the entry waits until the attribute can be read.
            throw StoreException.io(name, record, "cannot read the attribute " + CommitRecord.MARKER_ATTRIBUTE
                    + " of the commit record", e);
        }
        if (attribute != null) {
            // A hard-link marker: its text is the attribute of the metadata temp file it links to, and never
            // holds an unlink (those markers are symbolic links).
            d.requireWritable(name);
            CommitRecord change = CommitRecord.decodeMarker(name, attribute);
            finishMarker(name, record, change != null && change.renamesBoth() ? change : null);
            return;
        }
        if (attrs.isRegularFile() && linkCount(record) > 1) {
            // A second name of some file, without a marker's attribute: no JSON record of ours (each is a file
            // of its own), and maybe a marker whose attribute is gone (a copy that dropped attributes). Its
            // content is whatever that file holds, the entry's metadata for one, and is never read as a record.
            throw new StoreException(StoreException.Reason.CORRUPT, name, "the commit record " + record
                    + " is a second name of another file and has no readable " + CommitRecord.MARKER_ATTRIBUTE
                    + " attribute: it cannot be told whether a commit of entry " + EntryNames.quote(name)
                    + " was interrupted (remove it once the entry's files are checked)");
        }
        if (!attrs.isRegularFile()) {
            // A FIFO, socket or device under the record's name (opening a FIFO would block): not ours
            d.requireWritable(name);
            try {
                discard(name, record);
            } catch (IOException e) {
                throw StoreException.io(name, record, "cannot remove what is not a commit record,", e);
            }
            return;
        }
        byte[] bytes = readRecord(name, record);
        if (bytes == null) {
            return;
        }
        d.requireWritable(name);
        CommitRecord change = CommitRecord.decode(name, bytes);
        try {
            if (change == null) {
                discard(name, record); // torn before its fsync: the change never committed
            } else if (change.from() != null) {
                String other = name.equals(change.entry()) ? change.from() : change.entry();
                // The other copy can be compared without the other entry's lock: only a rename between the
                // same two entries writes this record, and it would hold this entry's lock too.
                if (java.util.Arrays.equals(bytes, otherRecord(other))) {
                    try (EntryLocks.Held otherLock = d.lockExclusive(other, otherWaitNanos)) { // both locked
                        replay(change);
                    }
                } else {
                    // Not under both names: the rename failed or crashed before its commit point (the copy
                    // under the second name is written before the directory fsync), or its replay finished and
                    // removed the other copy already; the other name may hold another rename's record, which is
                    // its own. Either way this record commits nothing.
                    discard(name, record);
                }
            } else {
                replay(change);
            }
        } catch (IOException e) {
            throw unfinished(name, record, change, e);
        }
    }

    /**
     * Replays the marker's {@code change}, or removes the marker when it holds none of ours (null: nothing to
     * replay; a hard link goes, the file it names stays).
     */
    private void finishMarker(String name, Path record, CommitRecord change) {
        try {
            if (change == null) {
                discard(name, record);
            } else {
                replay(change);
            }
        } catch (IOException e) {
            throw unfinished(name, record, change, e);
        }
    }

    /** How many names the file at {@code record} has; 1 when that cannot be told (a JSON record's count). */
    private static int linkCount(Path record) {
        try {
            Object n = java.nio.file.Files.getAttribute(record, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            return n instanceof Integer i ? i : 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    /** The bytes of the regular file at {@code record}, or null when there is none. */
    private byte[] readRecord(String name, Path record) {
        try (FileChannel ch = io.openRead(record)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(ch.size(), 1 << 16));
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read the whole (small) record
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw StoreException.io(name, record, "cannot read commit record", e);
        }
    }

    /**
     * The copy of a rename's record under its other entry's name, or null when that name holds no regular file
     * (then the rename never wrote it there). A FIFO is never opened, a link never followed.
     */
    private byte[] otherRecord(String other) {
        Path record = store.file("." + other, CommitRecord.SUFFIX);
        java.nio.file.attribute.BasicFileAttributes attrs = store.statFile(other, record);
        return attrs == null || !attrs.isRegularFile() ? null : readRecord(other, record);
    }

    /**
     * The error of a replay that failed: a damaged entry (22000) when a file it must replace or remove is a
     * directory, which no rename or unlink can do (recovery then finishes once the directory is removed), an
     * I/O error otherwise.
     */
    private StoreException unfinished(String name, Path record, CommitRecord change, IOException e) {
        for (CommitRecord.Op op : change == null ? List.<CommitRecord.Op>of() : change.ops()) {
            Path target = directory.resolve(op.target());
            if (java.nio.file.Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return new StoreException(StoreException.Reason.CORRUPT, name, "the interrupted commit recorded"
                        + " in " + record + " cannot be finished: " + target + " is a directory (remove it, and"
                        + " the commit completes when the entry is next used)", e);
            }
        }
        return StoreException.io(name, record, "cannot finish the interrupted commit recorded in", e);
    }

    /** Removes a record that commits nothing, durably. */
    private void discard(String name, Path record) throws IOException {
        io.deleteIfExists(record);
        d.syncDirectory(name);
    }

    /**
     * At open, given the files of the directory: finishes every interrupted commit and deletes the temp files
     * of dead writers. A temp file is deleted only under its entry's lock and only when no live writer holds
     * its own lock on it. Returns true when no commit was pending, so that the entry files are as listed.
     */
    boolean recoverAll(List<String> files) {
        Set<String> pending = new LinkedHashSet<>();
        List<String> temps = new ArrayList<>();
        List<String> stagedFiles = new ArrayList<>();
        for (String f : files) {
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
        for (String entry : pending) {
            try {
                recover(entry, openingLockWait());
            } catch (StoreException e) {
                if (d.poisoned() != null || e.reason() == StoreException.Reason.INTERRUPTED) {
                    throw e; // the store itself cannot go on
                }
                // Left for the statements that use the entry: each recovers it first and reports why it
                // cannot. One entry that cannot be finished yet (its lock held elsewhere, a directory in the
                // way) must not keep the whole store from opening.
            }
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
        return pending.isEmpty();
    }

    /** How long the opening of the store waits for an entry's lock: what it leaves, the entry's next use does. */
    private long openingLockWait() {
        return Math.min(STRAY_LOCK_WAIT_NANOS, store.lockTimeoutNanos());
    }

    private void removeIfStray(String entry, Path temp) {
        EntryLocks.Held lock;
        try {
            lock = d.lockExclusive(entry, openingLockWait());
        } catch (StoreException e) {
            return; // busy: a live writer is committing; its temp files are not strays
        }
        try (lock) {
            recoverLocked(entry, openingLockWait());
            deleteIfUnlocked(temp);
        } catch (IOException | StoreException e) {
            // left in place (it may be a file of a commit that could not be finished); the next open tries again
        }
    }

    /**
     * Deletes a temp file unless a live writer holds its lock. Something else under a temp file's name (a
     * FIFO, a socket, a directory) is no writer's and is left alone.
     */
    private void deleteIfUnlocked(Path temp) throws IOException {
        int fd;
        try {
            fd = NativeFlock.openExisting(temp);
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            if (NativeFlock.isRegular(fd) && NativeFlock.tryLock(fd, true)) {
                io.deleteIfExists(temp); // nobody writes it: its writer died
            }
        } finally {
            NativeFlock.closeQuietly(fd);
        }
    }

}
