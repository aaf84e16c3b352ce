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
     * Whether every value of every row is computed already, so that a caller may advance with
     * {@link #nextRow} and index the array it returns instead of calling {@link #next} and {@link #get}: for
     * rows read from memory, those two calls per value are most of what reading them costs. The same answer
     * for the life of the source.
     */
    default boolean ready() {
        return false;
    }

    /**
     * For a {@link #ready} source, in place of {@link #next}: advances and returns the values of the new row,
     * index 0 for column 1, or null at the end. The array belongs to the source; the caller must not change
     * it. {@link #get} reads the same row afterwards.
     */
    default Object[] nextRow() {
        throw new UnsupportedOperationException("rows computed on demand: use next() and get()");
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
