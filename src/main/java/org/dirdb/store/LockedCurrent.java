package org.dirdb.store;

import java.nio.file.attribute.BasicFileAttributes;

/**
 * An entry's state as seen under its exclusive lock; metadata and payload are read only when asked.
 */
final class LockedCurrent implements Store.Current {
    private final Store store;
    private final String name;
    private final BasicFileAttributes pickle;
    private final BasicFileAttributes json;
    private boolean metaRead;
    private String meta;
    private boolean payloadRead;
    private Payload payload;

    LockedCurrent(Store store, String name) {
        this.store = store;
        this.name = name;
        this.pickle = store.statFile(name, store.file(name, ".pickle"));
        this.json = store.statFile(name, store.file(name, ".json"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean exists() {
        return pickle != null || json != null;
    }

    boolean hasPayloadFile() {
        return pickle != null;
    }

    boolean hasMetaFile() {
        return json != null;
    }

    /**
     * Refuses, before anything is written, a change that replaces or removes the entry's file {@code suffix}
     * ({@code ".pickle"} or {@code ".json"}) while that is a directory: {@code rename(2)} cannot put a file
     * in a directory's place and {@code unlink(2)} cannot remove one, so such a change would fail after its
     * commit point and leave a commit that recovery can never finish.
     */
    void requireReplaceable(String suffix) {
        requireNotDirectory(store, name, suffix, suffix.equals(".pickle") ? pickle : json);
    }

    /** Refuses (22000) the entry's file {@code suffix} when {@code attrs}, a stat of it, shows a directory. */
    static void requireNotDirectory(Store store, String name, String suffix, BasicFileAttributes attrs) {
        if (attrs != null && attrs.isDirectory()) {
            throw new StoreException(StoreException.Reason.CORRUPT, name, "file " + store.file(name, suffix)
                    + " of entry " + EntryNames.quote(name) + " is a directory, which a write can neither replace"
                    + " nor remove");
        }
    }

    @Override
    public String meta() {
        if (!metaRead) {
            meta = json == null ? null : store.readMetaFile(name, store.file(name, ".json"));
            metaRead = true;
        }
        return meta;
    }

    @Override
    public Payload payload() {
        if (!payloadRead) {
            payload = pickle == null ? null : store.examineLocked(name);
            payloadRead = true;
        }
        return payload;
    }

    @Override
    public EntryStat stat() {
        return store.statOf(name, pickle, json);
    }
}
