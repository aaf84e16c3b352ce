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
     * Every row of this source, as a random-access list, when all their values are computed already (a kept
     * result, a sorted one, metadata), else null. A caller that has not called {@link #next} yet may read
     * row {@code r}'s value of column {@code c} (both 0-based) as {@code rows.get(r)[c]} in place of
     * {@link #next} and {@link #get}, which cost two interface calls per value: most of the time of reading
     * rows held in memory, and code only a repeated query runs is rarely compiled when it runs. The list and
     * its arrays belong to the source; the caller must not change them, and still closes the source.
     */
    default List<Object[]> readyRows() {
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
