package org.dirdb.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import org.dirdb.sql.ResultColumn;
import org.dirdb.sql.RowSource;
import org.dirdb.sql.SqlState;
import org.dirdb.store.Payload;

/**
 * A forward-only, read-only cursor over a {@link RowSource}. It navigates and converts, nothing else: the
 * rows compute their values lazily, so a column that is never read never touches its file. {@code data}
 * reads as a file-backed {@link DirdbBlob} that stays usable after this result set and its statement close.
 */
final class DirdbResultSet extends ReadOnlyResultSet implements SelfWrapper {
    private final DirdbStatement statement;
    private final DirdbConnection connection;
    private final RowSource rows;
    private final List<ResultColumn> columns;
    private final int width;
    /** Worked out once: conversions name the column in their errors, and getters run per value. */
    private final String[] labels;
    private final long maxRows;
    private long row;
    /**
     * {@link RowSource#row}: the values of the current row when the source has them all; null when it
     * computes them as they are read, and whenever a getter must not read them (not on a row, or this result
     * set closed), so that one test lets a getter skip checks that would all pass.
     */
    private Object[] current;
    private boolean onRow;
    private boolean after;
    private boolean wasNull;
    private boolean closed;
    private int fetchSize;

    DirdbResultSet(DirdbStatement statement, DirdbConnection connection, RowSource rows, long maxRows) {
        this.statement = statement;
        this.connection = connection;
        this.rows = rows;
        this.columns = rows.columns();
        this.width = columns.size();
        this.labels = new String[width];
        for (int i = 0; i < width; i++) {
            labels[i] = columns.get(i).label();
        }
        this.maxRows = maxRows;
    }

    @Override
    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("result set");
        }
        connection.checkOpen();
    }

    @Override
    public boolean next() throws SQLException {
        if (closed || connection.closed) {
            checkOpen(); // raises the error for whichever is closed
        }
        if (after) {
            return false;
        }
        try {
            if (maxRows != 0 && row >= maxRows) {
                current = null;
                onRow = false;
            } else {
                onRow = rows.next();
                current = onRow ? rows.row() : null;
            }
        } catch (RuntimeException e) {
            throw statement == null ? Errors.convert(e) : statement.failure(e);
        }
        if (onRow) {
            row++;
        } else {
            after = true;
        }
        return onRow;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        current = null;
        rows.close();
        if (statement != null) {
            statement.resultClosed(this);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    private String label(int index) {
        return labels[index - 1];
    }

    private void checkColumn(int index) throws SQLException {
        checkOpen();
        if (!onRow) {
            throw Errors.of(SqlState.INVALID_STATE, after ? "no current row: past the last row"
                    : "no current row: call next() first");
        }
        if (index < 1 || index > width) {
            throw Errors.of(SqlState.INVALID_INDEX, "column index " + index + " out of range 1.." + width);
        }
    }

    /**
     * The bytes of column {@code index} (1-based) when the rows read them together with the payload's
     * location (a small payload, one read for both), else null: then use {@link #value} and open them.
     */
    private InputStream readNow(int index) throws SQLException {
        checkColumn(index);
        try {
            InputStream in = rows.dataStream(index - 1);
            if (in != null) {
                wasNull = false;
            }
            return in;
        } catch (RuntimeException e) {
            throw Errors.convert(e);
        }
    }

    /** The current row's value of column {@code index} (1-based); sets {@link #wasNull}. */
    private Object value(int index) throws SQLException {
        Object[] values = current;
        if (values == null || index < 1 || index > width || connection.closed) {
            return checkedValue(index);
        }
        Object value = values[index - 1];
        wasNull = value == null;
        return value;
    }

    /**
     * {@link #value} for rows computed on demand, and for every case that fails a check: all checks run in
     * their usual order, so that the error reported is the one a first run would report.
     */
    private Object checkedValue(int index) throws SQLException {
        checkColumn(index);
        try {
            Object value = rows.get(index - 1);
            wasNull = value == null;
            return value;
        } catch (RuntimeException e) {
            throw Errors.convert(e);
        }
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).label().equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw Errors.of(SqlState.UNKNOWN_COLUMN, "no column labelled " + label + " in this result; columns are "
                + columns.stream().map(ResultColumn::label).toList());
    }

    @Override
    public String getString(int i) throws SQLException {
        Object v = value(i);
        if (v instanceof String s) {
            return s; // most values are text: no call into the conversions
        }
        return v == null ? null : Conversions.string(v, label(i));
    }

    @Override
    public String getNString(int i) throws SQLException {
        return getString(i);
    }

    @Override
    public boolean getBoolean(int i) throws SQLException {
        Object v = value(i);
        return v != null && Conversions.bool(v, label(i));
    }

    @Override
    public byte getByte(int i) throws SQLException {
        Object v = value(i);
        return v == null ? 0 : (byte) Conversions.integer(v, label(i), Byte.MIN_VALUE, Byte.MAX_VALUE, "a byte");
    }

    @Override
    public short getShort(int i) throws SQLException {
        Object v = value(i);
        return v == null ? 0 : (short) Conversions.integer(v, label(i), Short.MIN_VALUE, Short.MAX_VALUE, "a short");
    }

    @Override
    public int getInt(int i) throws SQLException {
        Object v = value(i);
        return v == null ? 0 : (int) Conversions.integer(v, label(i), Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    }

    @Override
    public long getLong(int i) throws SQLException {
        Object v = value(i);
        return v == null ? 0 : Conversions.integer(v, label(i), Long.MIN_VALUE, Long.MAX_VALUE, "a long");
    }

    @Override
    public float getFloat(int i) throws SQLException {
        return (float) getDouble(i);
    }

    @Override
    public double getDouble(int i) throws SQLException {
        Object v = value(i);
        return v == null ? 0 : Conversions.decimal(v, label(i));
    }

    @Override
    public BigDecimal getBigDecimal(int i) throws SQLException {
        Object v = value(i);
        return v == null ? null : Conversions.bigDecimal(v, label(i));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int i, int scale) throws SQLException {
        BigDecimal v = getBigDecimal(i);
        return v == null ? null : v.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int i) throws SQLException {
        InputStream read = readNow(i);
        if (read != null) {
            try (read) {
                return read.readAllBytes(); // from memory
            } catch (java.io.IOException e) {
                throw Errors.of(SqlState.IO_ERROR, "reading column " + label(i) + " failed: " + e.getMessage(), e);
            }
        }
        Object v = value(i);
        if (v == null) {
            return null;
        } else if (v instanceof byte[] b) {
            return b.clone();
        } else if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        } else if (v instanceof Payload p) {
            return blob(p).getBytes(1, checkedLength(p));
        }
        throw Conversions.cannot(v, "bytes", label(i));
    }

    private static int checkedLength(Payload p) throws SQLException {
        if (p.length() > Integer.MAX_VALUE - 8) {
            throw Errors.of(SqlState.TOO_LONG, "payload of entry " + p.entry() + " is " + p.length()
                    + " bytes, too large for a byte array; read it with getBinaryStream or getBlob");
        }
        return (int) p.length();
    }

    private DirdbBlob blob(Payload p) {
        return new DirdbBlob(connection, p);
    }

    /**
     * A stream over a payload, opened straight from the store: no {@link DirdbBlob} is handed out, so nothing
     * but the caller's own {@code close} can end the stream, and a Blob's tracking of its streams (for
     * {@link java.sql.Blob#free}) would only cost a set per read.
     */
    private InputStream open(Payload p) throws SQLException {
        try {
            return connection.store().openPayload(p);
        } catch (RuntimeException e) {
            throw Errors.convert(e);
        }
    }

    @Override
    public InputStream getBinaryStream(int i) throws SQLException {
        InputStream read = readNow(i);
        if (read != null) {
            return read;
        }
        Object v = value(i);
        if (v == null) {
            return null;
        } else if (v instanceof Payload p) {
            return open(p);
        } else if (v instanceof byte[] b) {
            return new ByteArrayInputStream(b.clone());
        } else if (v instanceof String s) {
            return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
        }
        throw Conversions.cannot(v, "a binary stream", label(i));
    }

    @Override
    public Reader getCharacterStream(int i) throws SQLException {
        String s = getString(i);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int i) throws SQLException {
        return getCharacterStream(i);
    }

    @Override
    public Blob getBlob(int i) throws SQLException {
        Object v = value(i);
        if (v == null) {
            return null;
        } else if (v instanceof Payload p) {
            return blob(p);
        }
        throw Conversions.cannot(v, "a Blob", label(i));
    }

    @Override
    public Timestamp getTimestamp(int i) throws SQLException {
        Object v = value(i);
        return v == null ? null : Conversions.timestamp(v, label(i));
    }

    @Override
    public Timestamp getTimestamp(int i, Calendar cal) throws SQLException {
        return getTimestamp(i); // an Instant is absolute; the calendar's zone does not change it
    }

    @Override
    public Date getDate(int i) throws SQLException {
        Timestamp t = getTimestamp(i);
        return t == null ? null : Date.valueOf(t.toLocalDateTime().toLocalDate());
    }

    @Override
    public Date getDate(int i, Calendar cal) throws SQLException {
        return getDate(i);
    }

    @Override
    public Time getTime(int i) throws SQLException {
        Timestamp t = getTimestamp(i);
        return t == null ? null : Time.valueOf(t.toLocalDateTime().toLocalTime());
    }

    @Override
    public Time getTime(int i, Calendar cal) throws SQLException {
        return getTime(i);
    }

    /** String, Long, Timestamp, Blob (for data), byte[] or null. */
    @Override
    public Object getObject(int i) throws SQLException {
        Object v = value(i);
        if (v instanceof Payload p) {
            return blob(p);
        } else if (v instanceof Instant instant) {
            return Timestamp.from(instant);
        } else if (v instanceof byte[] b) {
            return b.clone();
        }
        return v;
    }

    @Override
    public Object getObject(int i, Map<String, Class<?>> map) throws SQLException {
        return getObject(i);
    }

    @Override
    public <T> T getObject(int i, Class<T> type) throws SQLException {
        if (type == null) {
            throw Errors.of(SqlState.INVALID_VALUE, "getObject needs a type");
        }
        Object v = value(i);
        if (v == null) {
            return null;
        }
        Object converted;
        if (type == String.class) {
            converted = getString(i);
        } else if (type == Long.class) {
            converted = getLong(i);
        } else if (type == Integer.class) {
            converted = getInt(i);
        } else if (type == Timestamp.class) {
            converted = getTimestamp(i);
        } else if (type == Instant.class) {
            converted = getTimestamp(i).toInstant();
        } else if (type == LocalDateTime.class) {
            converted = getTimestamp(i).toLocalDateTime();
        } else if (type == byte[].class) {
            converted = getBytes(i);
        } else if (type == Blob.class) {
            converted = getBlob(i);
        } else if (type == InputStream.class) {
            converted = getBinaryStream(i);
        } else if (type == Boolean.class) {
            converted = getBoolean(i);
        } else if (type == Double.class) {
            converted = getDouble(i);
        } else if (type == BigDecimal.class) {
            converted = getBigDecimal(i);
        } else if (type == Object.class) {
            converted = getObject(i);
        } else {
            throw Conversions.cannot(v, type.getName(), label(i));
        }
        return type.cast(converted);
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public String getNString(String label) throws SQLException {
        return getNString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String label, int scale) throws SQLException {
        return getBigDecimal(findColumn(label), scale);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }

    @Override
    public Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public Reader getNCharacterStream(String label) throws SQLException {
        return getNCharacterStream(findColumn(label));
    }

    @Override
    public Blob getBlob(String label) throws SQLException {
        return getBlob(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public Timestamp getTimestamp(String label, Calendar cal) throws SQLException {
        return getTimestamp(findColumn(label), cal);
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public Date getDate(String label, Calendar cal) throws SQLException {
        return getDate(findColumn(label), cal);
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public Time getTime(String label, Calendar cal) throws SQLException {
        return getTime(findColumn(label), cal);
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return getObject(findColumn(label), map);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return new DirdbResultSetMetaData(columns);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return row == 0 && !after;
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return after && row > 0;
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return onRow && row == 1;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return onRow ? (int) Math.min(Integer.MAX_VALUE, row) : 0;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw Errors.unsupported("ResultSet.setFetchDirection other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "fetch size must not be negative: " + rows);
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return HOLD_CURSORS_OVER_COMMIT;
    }


}
