package org.dirdb.sql;

import java.util.List;

/**
 * Rows handed to the JDBC layer, forward only. Values are computed lazily, when {@link #get} is called:
 * {@code String} (name, meta, format, text), {@code Long} (size, integers), {@link java.time.Instant}
 * (modified), {@link org.dirdb.store.Payload} (data: a file-backed reference, no bytes read yet),
 * {@code byte[]} (literal bytes), or null for SQL NULL.
 */
public interface RowSource extends AutoCloseable {
    List<ResultColumn> columns();

    /** Advances to the next row; false at the end. Raises 57014 when the statement was cancelled. */
    boolean next();

    /** The value of column {@code index} (0-based) of the current row. */
    Object get(int index);

    /**
     * The values of the current row, column {@code c} (0-based) at index {@code c}, when the source has
     * computed them all and none failed (a recorded or kept result, a sorted one, metadata), else null: then
     * the caller reads each value through {@link #get}. A reader that takes this array skips an interface
     * call per value, and, more to the point, a first run and a replay of a query read their values through
     * the same code, so that code is compiled once for both. The array belongs to the source; the caller must
     * not change it, and must not keep it past the next call to {@link #next}.
     */
    default Object[] row() {
        return null;
    }

    /**
     * For a caller about to read the bytes of column {@code index} (0-based) of the current row: a stream over
     * them when the source reads them together with the payload's location (a small payload, read whole by
     * the read that locates it), else null, and the caller takes {@link #get} and opens the payload itself.
     */
    default java.io.InputStream dataStream(int index) {
        return null;
    }

    /** Releases what the rows hold; idempotent. */
    @Override
    void close();

    /** Rows of ready values, for metadata results and constants. */
    static RowSource of(List<ResultColumn> columns, List<List<Object>> rows) {
        return new ListRows(columns, rows);
    }
}
