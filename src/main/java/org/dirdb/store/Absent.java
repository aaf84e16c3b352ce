package org.dirdb.store;

/** The state of an entry that does not exist. */
record Absent(String name) implements Store.Current {
    static Absent of(String name) {
        return new Absent(name);
    }

    @Override
    public boolean exists() {
        return false;
    }

    @Override
    public String meta() {
        return null;
    }

    @Override
    public Payload payload() {
        return null;
    }

    @Override
    public EntryStat stat() {
        return null;
    }
}
