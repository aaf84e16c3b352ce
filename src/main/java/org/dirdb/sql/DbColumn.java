package org.dirdb.sql;

import java.util.Locale;

/**
 * The columns of table {@code db}, in table order. Only {@link #NAME}, {@link #META} and {@link #DATA} can
 * be written; the rest are computed from the entry's files.
 */
public enum DbColumn {
    /** The entry name, primary key. */
    NAME(ColumnType.VARCHAR, true),
    /** The metadata, JSON object text; NULL without {@code NAME.json}. */
    META(ColumnType.JSON, true),
    /** The payload, file-backed; NULL without {@code NAME.pickle}. */
    DATA(ColumnType.BLOB, true),
    /** Payload length in bytes; NULL without a payload. */
    SIZE(ColumnType.BIGINT, false),
    /** The later modification time of the entry's files. */
    MODIFIED(ColumnType.TIMESTAMP, false),
    /** {@code bytes} or {@code pickle}; NULL without a payload. */
    FORMAT(ColumnType.VARCHAR, false);

    /** The root table (the database directory itself); see {@link Tables} for the others. */
    public static final String TABLE = "db";

    private final ColumnType type;
    private final boolean writable;
    /** Folded once: the name is asked for on every execution (result columns, name matching). */
    private final String columnName;

    DbColumn(ColumnType type, boolean writable) {
        this.type = type;
        this.writable = writable;
        this.columnName = name().toLowerCase(Locale.ROOT);
    }

    /** The column name as stored (lower case). */
    public String columnName() {
        return columnName;
    }

    public ColumnType type() {
        return type;
    }

    public boolean writable() {
        return writable;
    }

    /** The column with this exact (already case-folded) name, or null. */
    public static DbColumn byName(String name) {
        for (DbColumn column : values()) {
            if (column.columnName().equals(name)) {
                return column;
            }
        }
        return null;
    }
}
