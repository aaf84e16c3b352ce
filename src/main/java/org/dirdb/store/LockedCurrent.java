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
