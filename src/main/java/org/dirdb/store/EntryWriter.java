package org.dirdb.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    private final Durability d;
    private final Staging staging;
    private final Commits commits;
    private final Store store;

    EntryWriter(Durability d, Staging staging, Commits commits) {
        this.d = d;
        this.staging = staging;
        this.commits = commits;
        this.store = d.store;
    }

    boolean write(String name, WriteMode mode, MetaChange meta, PayloadChange payload) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(payload, "payload");
        d.requireWritable(name);
        EntryNames.requireSafe(name);
        if (mode == WriteMode.INSERT) {
            EntryNames.requireCreatable(name);
        }
        if (meta instanceof MetaChange.Set set) {
            JsonObjects.requireObject(set.json(), name);
        }
        commits.recoverIfPending(name);
        // Decide what can be decided without locking, so that a statement that cannot apply leaves the
        // directory untouched (not even a lock file is created).
        boolean existsNow = d.exists(name);
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
        StagedPayload staged = payload instanceof PayloadChange.Write w ? staging.stage(name, w.source(), w.length()) : null;
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
        d.requireWritable(name);
        EntryNames.requireSafe(name);
        commits.recoverIfPending(name);
        if (!d.exists(name)) {
            // Ask first without locking: a statement that creates nothing, or is refused, must not even
            // create a lock file.
            Store.Change change = decide.apply(Absent.of(name));
            if (change == null) {
                return Store.Outcome.UNCHANGED;
            }
            EntryNames.requireCreatable(name);
            check(name, change, false, false);
        }
        return modifyLocked(name, decide);
    }

    /**
     * Refuses, before anything is written, a change whose new metadata is not a JSON object or that would
     * leave the entry with neither payload nor metadata, given which of its files exist now.
     */
    static void check(String name, Store.Change change, boolean hasPickle, boolean hasJson) {
        if (change.meta() instanceof MetaChange.Set set) {
            JsonObjects.requireObject(set.json(), name);
        }
        PayloadChange payload = change.payload();
        MetaChange meta = change.meta();
        boolean pickleAfter = payload instanceof PayloadChange.Write || payload instanceof PayloadChange.Staged
                || (hasPickle && !(payload instanceof PayloadChange.Remove));
        boolean jsonAfter = meta instanceof MetaChange.Set || meta instanceof MetaChange.Transform
                || (hasJson && !(meta instanceof MetaChange.Remove));
        if (!pickleAfter && !jsonAfter) {
            throw emptyEntry(name);
        }
    }

    private Store.Outcome modifyLocked(String name, Function<Store.Current, Store.Change> decide) {
        List<TempFile> temps = new ArrayList<>(2);
        try (EntryLocks.Held lock = d.lockExclusive(name)) {
            commits.recoverLocked(name);
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

            // Decide everything first, write afterwards: a change refused for its metadata or for leaving
            // an empty entry touches nothing on disk.
            String newJson = null; // the metadata to write, if it changes
            boolean dropJson = false; // the metadata is to go
            MetaChange meta = change.meta();
            if (meta instanceof MetaChange.Remove) {
                dropJson = true;
            } else if (meta instanceof MetaChange.Set set) {
                newJson = JsonObjects.requireObject(set.json(), name);
            } else if (meta instanceof MetaChange.Transform t) {
                String old = current.meta();
                String next = t.function().apply(old);
                if (next == null) {
                    dropJson = true;
                } else if (!next.equals(old)) {
                    newJson = JsonObjects.requireObject(next, name);
                }
            }
            boolean removeJson = dropJson && hasJson;
            PayloadChange payload = change.payload();
            boolean newPayload = payload instanceof PayloadChange.Write || payload instanceof PayloadChange.Staged;
            boolean pickleAfter = newPayload || (hasPickle && !(payload instanceof PayloadChange.Remove));
            boolean jsonAfter = newJson != null || (hasJson && !dropJson);
            if (!pickleAfter && !jsonAfter) {
                throw emptyEntry(name);
            }

            boolean removePickle = payload instanceof PayloadChange.Remove && hasPickle;
            if (newPayload || removePickle) {
                current.requireReplaceable(".pickle");
            }
            if (newJson != null || removeJson) {
                current.requireReplaceable(".json");
            }

            // The payload first: a metadata temp file written with it carries the commit's marker text.
            TempFile pickleTemp = null;
            if (payload instanceof PayloadChange.Write w) {
                pickleTemp = staging.stagePayload(name, w);
            } else if (payload instanceof PayloadChange.Staged s) {
                pickleTemp = s.staged().claim(name);
            }
            if (pickleTemp != null) {
                temps.add(pickleTemp);
            }
            TempFile jsonTemp = newJson == null ? null : staging.stageMeta(name, newJson, pickleTemp);
            if (jsonTemp != null) {
                temps.add(jsonTemp);
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
            commits.commit(new CommitRecord(name, null, ops), temps);
            return exists ? Store.Outcome.UPDATED : Store.Outcome.CREATED;
        } finally {
            temps.forEach(TempFile::close);
        }
    }

    boolean delete(String name, Predicate<Store.Current> condition) {
        d.requireWritable(name);
        EntryNames.requireSafe(name);
        commits.recoverIfPending(name);
        if (!d.exists(name)) {
            return false;
        }
        try (EntryLocks.Held lock = d.lockExclusive(name)) {
            commits.recoverLocked(name);
            LockedCurrent current = new LockedCurrent(store, name);
            if (!current.exists() || !condition.test(current)) {
                return false;
            }
            current.requireReplaceable(".pickle");
            current.requireReplaceable(".json");
            List<CommitRecord.Op> ops = new ArrayList<>(2);
            if (current.hasPayloadFile()) {
                ops.add(new CommitRecord.Op(name + ".pickle", null));
            }
            if (current.hasMetaFile()) {
                ops.add(new CommitRecord.Op(name + ".json", null));
            }
            commits.commit(new CommitRecord(name, null, ops), List.of());
            return true;
        }
    }

    /**
     * Renames every file of {@code from} to {@code to}. Both entries are locked (in name order). With two
     * files the change goes through a commit record written under both names, so whichever entry is used
     * next finishes it.
     */
    boolean rename(String from, String to) {
        d.requireWritable(from);
        EntryNames.requireSafe(from);
        EntryNames.requireCreatable(to);
        if (from.equals(to)) {
            return d.exists(from);
        }
        commits.recoverIfPending(from);
        commits.recoverIfPending(to);
        if (!d.exists(from)) {
            return false;
        }
        if (d.exists(to)) {
            throw alreadyExists(to);
        }
        movable(from, ".pickle"); // refused before any lock file is made, and again under the locks
        movable(from, ".json");
        String first = from.compareTo(to) < 0 ? from : to;
        String second = first.equals(from) ? to : from;
        try (EntryLocks.Held a = d.lockExclusive(first); EntryLocks.Held b = d.lockExclusive(second)) {
            commits.recoverLocked(from);
            commits.recoverLocked(to);
            if (d.exists(to)) {
                throw alreadyExists(to);
            }
            List<CommitRecord.Op> ops = new ArrayList<>(2);
            for (String suffix : new String[] {".pickle", ".json"}) {
                if (movable(from, suffix)) {
                    ops.add(new CommitRecord.Op(to + suffix, from + suffix));
                }
            }
            if (ops.isEmpty()) {
                return false;
            }
            commits.commit(new CommitRecord(to, from, ops), List.of());
            return true;
        }
    }


    /**
     * Whether {@code from}'s file {@code suffix} exists, to be moved by a rename; refuses one that is a
     * directory, which rename(2) would move although it is not the entry's, like any write that would
     * replace or remove it.
     */
    private boolean movable(String from, String suffix) {
        java.nio.file.attribute.BasicFileAttributes attrs = store.statFile(from, store.file(from, suffix));
        LockedCurrent.requireNotDirectory(store, from, suffix, attrs);
        return attrs != null;
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
