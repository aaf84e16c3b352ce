package org.dirdb.sql;

import com.fasterxml.jackson.databind.JsonNode;
import org.dirdb.sql.ir.Json;
import org.dirdb.sql.ir.Row;
import org.dirdb.store.EntryStat;
import org.dirdb.store.Payload;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;

/**
 * One entry as a {@link Row}, each column read at most once and only when used: {@code name} costs
 * nothing, {@code modified} a stat, {@code meta} reads {@code NAME.json}, {@code size}/{@code format}/
 * {@code data} locate the payload ({@link Store#payload}: a stat and a getxattr for a payload the driver
 * wrote, else the pickle header; {@code data} is a {@link Payload} whose bytes are opened only when the
 * application reads them). Metadata that is not JSON reads as its text; only a JSON function on it fails
 * (22032 naming the entry).
 */
abstract class EntryRow implements Row {
    private final String name;
    private String meta;
    private boolean metaRead;
    private JsonNode json;
    private boolean jsonParsed;
    private Payload payload;
    private boolean payloadRead;
    private EntryStat stat;
    private boolean statRead;

    EntryRow(String name) {
        this.name = name;
    }

    abstract String readMeta();

    abstract Payload readPayload();

    /** {@link #readPayload} for a caller that reads the bytes next; by default the same. */
    Payload readPayloadToRead() {
        return readPayload();
    }

    /** The bytes of {@code payload} if {@link #readPayloadToRead} read them with it (once), else null. */
    java.io.InputStream takeRead(Payload payload) {
        return null;
    }

    abstract EntryStat readStat();

    @Override
    public String entry() {
        return name;
    }

    @Override
    public Object column(DbColumn column) {
        return switch (column) {
            case NAME -> name;
            case META -> meta();
            case DATA -> payload();
            case SIZE -> payload() == null ? null : payload().length();
            case FORMAT -> payload() == null ? null : payload().format().label();
            case MODIFIED -> stat() == null ? null : stat().modified();
        };
    }

    @Override
    public JsonNode metaJson() {
        if (!jsonParsed) {
            String text = meta();
            json = text == null ? null : Json.parse(text, name);
            jsonParsed = true;
        }
        return json;
    }

    String meta() {
        if (!metaRead) {
            meta = readMeta();
            metaRead = true;
        }
        return meta;
    }

    Payload payload() {
        if (!payloadRead) {
            payload = readPayload();
            payloadRead = true;
        }
        return payload;
    }

    /**
     * The {@code data} value as a stream, for a caller that reads it now: when the payload is located only now
     * and is small, its bytes come with its location, read under one lock. Null when the payload was located
     * before, when it is to be opened as usual, or when there is none; the caller then uses {@link #column}.
     */
    java.io.InputStream dataStream() {
        if (payloadRead) {
            return null;
        }
        payload = readPayloadToRead();
        payloadRead = true;
        return takeRead(payload);
    }

    EntryStat stat() {
        if (!statRead) {
            stat = readStat();
            statRead = true;
        }
        return stat;
    }

    /** Whether the entry exists; may cost less than {@link #stat()}. */
    boolean exists() {
        return stat() != null;
    }

    /**
     * An entry read through the store's public methods. Each column is read on its own (shared locks, no
     * lock held between columns), but a row never pairs the metadata of one version with the payload of
     * another: the second of the two is read together with the first under one lock
     * ({@link Store#readVersion}), and if the first no longer matches what the row already handed out, the
     * row fails with 40001 rather than mix versions.
     */
    static final class Stored extends EntryRow {
        private final Store store;
        private final boolean listed;
        private final boolean metaFirst;
        private final boolean eager;
        private Store.Lookup lookup;
        private boolean metaTaken;
        private String metaTakenValue;
        private boolean payloadTaken;
        private Payload payloadTakenValue;

        /** An entry named by the statement. */
        Stored(Store store, String name) {
            this(store, name, false, false, false);
        }

        /**
         * @param listed    the name comes from this statement's listing ({@link Store#lookupListed})
         * @param metaFirst the statement reads the metadata: test existence by {@code NAME.json} first
         * @param eager     the statement reads that column of every row that exists (in its WHERE, its groups
         *                  or its sort keys), so it may be read together with the existence test
         */
        Stored(Store store, String name, boolean listed, boolean metaFirst, boolean eager) {
            super(name);
            this.store = store;
            this.listed = listed;
            this.metaFirst = metaFirst;
            this.eager = eager;
        }

        /** The row's one look at the entry: each file stat-ed at most once, the pending-commit check once. */
        private Store.Lookup lookup() {
            if (lookup == null) {
                lookup = listed ? store.lookupListed(entry()) : store.lookup(entry());
            }
            return lookup;
        }

        @Override
        boolean exists() {
            return lookup().exists(metaFirst, eager);
        }

        @Override
        String readMeta() {
            if (payloadTaken) {
                Store.Version version;
                try {
                    version = lookup().version();
                } catch (StoreException e) {
                    version = vanished(e);
                }
                if (version == null || !samePayload(version.payload(), payloadTakenValue)) {
                    throw changedWhileRead();
                }
                return version.meta();
            }
            String meta;
            try {
                meta = lookup().meta();
            } catch (StoreException e) {
                meta = vanished(e);
            }
            metaTaken = true;
            metaTakenValue = meta;
            return meta;
        }

        @Override
        Payload readPayload() {
            return readPayload(false);
        }

        @Override
        Payload readPayloadToRead() {
            return readPayload(true);
        }

        @Override
        java.io.InputStream takeRead(Payload payload) {
            return lookup == null ? null : lookup.takeRead(payload);
        }

        private Payload readPayload(boolean toRead) {
            if (metaTaken) {
                Store.Version version;
                try {
                    version = toRead ? lookup().versionToRead() : lookup().version();
                } catch (StoreException e) {
                    version = vanished(e);
                }
                if (version == null || !java.util.Objects.equals(version.meta(), metaTakenValue)) {
                    throw changedWhileRead();
                }
                return version.payload();
            }
            Payload payload;
            try {
                payload = toRead ? lookup().payloadToRead() : lookup().payload();
            } catch (StoreException e) {
                payload = vanished(e);
            }
            payloadTaken = true;
            payloadTakenValue = payload;
            return payload;
        }

        private static boolean samePayload(Payload a, Payload b) {
            if (a == null || b == null) {
                return a == b;
            }
            return java.util.Objects.equals(a.fileKey(), b.fileKey()) && a.fileSize() == b.fileSize()
                    && a.modified().equals(b.modified());
        }

        private QueryException changedWhileRead() {
            return new QueryException(SqlState.CONFLICT, "entry '" + entry()
                    + "' was changed by another writer while its row was read; run the statement again");
        }

        @Override
        EntryStat readStat() {
            return lookup().stat();
        }

        /**
         * A read that found the entry gone reads as null; any other failure is raised. Each read catches
         * inline rather than through a wrapping lambda, so a row's reads allocate nothing for it.
         */
        private static <T> T vanished(StoreException e) {
            if (e.reason() == StoreException.Reason.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** The entry as a {@link Store#modify} decision sees it, under its exclusive lock. */
    static final class Locked extends EntryRow {
        private final Store.Current current;

        Locked(Store.Current current) {
            super(current.name());
            this.current = current;
        }

        @Override
        String readMeta() {
            return current.meta();
        }

        @Override
        Payload readPayload() {
            return current.payload();
        }

        @Override
        EntryStat readStat() {
            return current.stat();
        }
    }
}
