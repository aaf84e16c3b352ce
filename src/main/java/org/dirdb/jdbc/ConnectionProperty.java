package org.dirdb.jdbc;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.dirdb.sql.SqlState;
import org.dirdb.store.StoreOptions;

/**
 * The connection properties: one list that feeds URL parsing, {@code getPropertyInfo} and the docs. Values
 * come from the URL query ({@code jdbc:dirdb:/dir?create=false&lockTimeout=5000}) and from
 * {@link java.util.Properties}; names match case-insensitively.
 */
enum ConnectionProperty {
    CREATE("create", "true", "create the directory (and its parents) when it is missing", "true", "false"),
    SYNC("sync", "true", "fsync files and the directory on every write; false gives up durability (the D"
            + " of ACID: a crash may lose acknowledged writes) but never atomicity", "true", "false"),
    READ_ONLY("readOnly", "false", "refuse every write", "true", "false"),
    LOCK_TIMEOUT("lockTimeout", Long.toString(StoreOptions.DEFAULT_LOCK_TIMEOUT.toMillis()),
            "milliseconds to wait for an entry lock before failing with SQLState 55P03"),
    WATCH("watch", "true", "keep stats, metadata and the listing in memory until the file system reports a change"
            + " (inotify, local file systems only); false checks every cached value with a stat on each use",
            "true", "false"),
    LOCK_READS("lockReads", "false", "take the entry's shared lock for every read; false reads a small file (metadata,"
            + " a payload up to 64 KiB) without it when what was read proves to be one whole version, and takes the"
            + " lock otherwise. Set it when a program rewrites files in place without truncating them",
            "true", "false"),
    DIRECT_WRITE_MIN("directWriteMin", Long.toString(StoreOptions.DEFAULT_DIRECT_WRITE_MIN),
            "bytes: with sync=true, a payload at least this big is written around the page cache (O_DIRECT) on a"
            + " local disk file system, so that the fsync has little left to write; 0 writes every payload through"
            + " the page cache");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final String[] choices;

    ConnectionProperty(String key, String defaultValue, String description, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.choices = choices;
    }

    String key() {
        return key;
    }

    /** The property with this name (any case), or null. */
    static ConnectionProperty byKey(String name) {
        for (ConnectionProperty p : values()) {
            if (p.key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    DriverPropertyInfo info(Map<ConnectionProperty, String> given) {
        DriverPropertyInfo info = new DriverPropertyInfo(key, given.getOrDefault(this, defaultValue));
        info.description = description + " (default " + defaultValue + ")";
        info.required = false;
        info.choices = choices.length == 0 ? null : choices.clone();
        return info;
    }

    /** The store options for the given values; defaults for the rest; 22023 for a malformed value. */
    static StoreOptions storeOptions(Map<ConnectionProperty, String> given) throws SQLException {
        StoreOptions options = StoreOptions.defaults();
        for (Map.Entry<ConnectionProperty, String> e : given.entrySet()) {
            String value = e.getValue().trim();
            options = switch (e.getKey()) {
                case CREATE -> options.withCreate(e.getKey().bool(value));
                case SYNC -> options.withSync(e.getKey().bool(value));
                case READ_ONLY -> options.withReadOnly(e.getKey().bool(value));
                case LOCK_TIMEOUT -> options.withLockTimeout(Duration.ofMillis(e.getKey().count(value, "milliseconds")));
                case WATCH -> options.withWatch(e.getKey().bool(value));
                case LOCK_READS -> options.withLockReads(e.getKey().bool(value));
                case DIRECT_WRITE_MIN -> options.withDirectWriteMin(e.getKey().count(value, "bytes"));
            };
        }
        return options;
    }

    private boolean bool(String value) throws SQLException {
        if (value.equalsIgnoreCase("true")) {
            return true;
        } else if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(value, "true or false");
    }

    /** A whole number, 0 or more, of {@code unit}. */
    private long count(String value, String unit) throws SQLException {
        try {
            long count = Long.parseLong(value);
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(value, "a whole number of " + unit + ", 0 or more");
    }

    private SQLException bad(String value, String expected) {
        return Errors.of(SqlState.INVALID_VALUE, "connection property " + key + "=" + value + " is invalid;"
                + " expected " + expected);
    }
}
