package org.dirdb.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import org.dirdb.sql.Param;
import org.dirdb.sql.Plan;
import org.dirdb.sql.Executor;
import org.dirdb.sql.SqlState;

/**
 * A statement parsed once, at prepare time (syntax errors surface there). Streams bound with
 * {@code setBinaryStream}/{@code setBlob} are not read until execution, and then straight into the store's
 * temp file, never into heap. A {@code ?} without a value at execution is 07001.
 */
final class DirdbPreparedStatement extends DirdbStatement implements PreparedStatement {
    private final String sql;
    private final Plan plan;
    /** The plan with what every execution needs to know of it, worked out once per SQL text. */
    private final Executor.Prepared prepared;
    private Param[] params;
    private final List<Param[]> batch = new ArrayList<>();
    private GeneratedKeys keys = GeneratedKeys.NONE;

    DirdbPreparedStatement(DirdbConnection connection, String sql) throws SQLException {
        super(connection);
        this.sql = sql;
        this.prepared = prepared(sql);
        this.plan = prepared.plan();
        this.params = new Param[plan.parameterCount()];
    }

    /** The generated-key columns asked for at prepare time. */
    void generatedKeys(GeneratedKeys wanted) {
        this.keys = wanted;
    }

    private void set(int index, Param value) throws SQLException {
        checkIndex(index);
        params[index - 1] = value;
    }

    private void checkIndex(int index) throws SQLException {
        checkOpen();
        if (index < 1 || index > params.length) {
            throw Errors.of(SqlState.INVALID_INDEX, "parameter index " + index + " out of range; the statement"
                    + " has " + params.length + " parameters");
        }
    }

    private SQLException notOnPrepared(String method) throws SQLException {
        checkOpen();
        return Errors.of(SqlState.GENERAL, method + "(String) cannot be called on a PreparedStatement");
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        checkOpen();
        if (!plan.returnsRows()) {
            throw Errors.of(SqlState.GENERAL, "executeQuery needs a statement that returns rows: "
                    + abbreviate(sql));
        }
        run(prepared, Arrays.asList(params), GeneratedKeys.NONE);
        return getResultSet();
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        checkOpen();
        if (plan.returnsRows()) {
            throw Errors.of(SqlState.GENERAL, "executeUpdate cannot run a query: " + abbreviate(sql));
        }
        run(prepared, Arrays.asList(params), keys);
        return getLargeUpdateCount();
    }

    @Override
    public boolean execute() throws SQLException {
        checkOpen();
        return run(prepared, Arrays.asList(params), keys);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared("executeQuery");
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared("executeUpdate");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared("execute");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared("addBatch");
    }

    /**
     * No effect, as JDBC specifies for a prepared statement: its SQL was processed, escapes included, when it
     * was prepared, and it takes no other SQL to execute.
     */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batch.add(params.clone());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        if (plan.returnsRows()) {
            throw Errors.of(SqlState.GENERAL, "a batch cannot run a query: " + abbreviate(sql));
        }
        List<Param[]> items = new ArrayList<>(batch);
        batch.clear();
        return runBatch(items.size(), i -> {
            run(prepared, Arrays.asList(items.get(i)), GeneratedKeys.NONE);
            return getLargeUpdateCount();
        });
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        params = new Param[params.length];
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        set(index, Param.NULL);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        set(index, Param.NULL);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        set(index, new Param.Bool(x));
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        set(index, new Param.Numeric((long) x));
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        set(index, new Param.Numeric((long) x));
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        set(index, new Param.Numeric((long) x));
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        set(index, new Param.Numeric(x));
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        set(index, new Param.Numeric(x));
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        set(index, new Param.Numeric(x));
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        set(index, x == null ? Param.NULL : new Param.Numeric(x));
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        set(index, x == null ? Param.NULL : new Param.Text(x));
    }

    @Override
    public void setNString(int index, String x) throws SQLException {
        setString(index, x);
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        set(index, x == null ? Param.NULL : new Param.Bytes(x.clone()));
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int length) throws SQLException {
        setBinaryStream(index, x, (long) length);
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long length) throws SQLException {
        if (length < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "stream length must not be negative: " + length);
        }
        set(index, x == null ? Param.NULL : new Param.Stream(x, length));
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        set(index, x == null ? Param.NULL : new Param.Stream(x, -1));
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        if (x == null) {
            set(index, Param.NULL);
        } else {
            set(index, new Param.Stream(x.getBinaryStream(), x.length()));
        }
    }

    @Override
    public void setBlob(int index, InputStream x, long length) throws SQLException {
        setBinaryStream(index, x, length);
    }

    @Override
    public void setBlob(int index, InputStream x) throws SQLException {
        setBinaryStream(index, x);
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        if (x == null) {
            set(index, Param.NULL);
        } else if (x instanceof String s) {
            setString(index, s);
        } else if (x instanceof byte[] b) {
            setBytes(index, b);
        } else if (x instanceof InputStream in) {
            setBinaryStream(index, in);
        } else if (x instanceof Blob blob) {
            setBlob(index, blob);
        } else if (x instanceof Clob clob) {
            setClob(index, clob);
        } else if (x instanceof Number n) {
            set(index, new Param.Numeric(n));
        } else if (x instanceof Boolean b) {
            setBoolean(index, b);
        } else {
            checkOpen();
            throw Errors.of(SqlState.BAD_CONVERSION, "cannot bind a " + x.getClass().getName() + " to parameter "
                    + index + "; use String, byte[], InputStream, Blob, a number or null");
        }
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        setConverted(index, x, targetSqlType, null);
    }

    @Override
    public void setObject(int index, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        setConverted(index, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void setObject(int index, Object x, java.sql.SQLType targetSqlType) throws SQLException {
        setConverted(index, x, targetSqlType, null);
    }

    @Override
    public void setObject(int index, Object x, java.sql.SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        setConverted(index, x, targetSqlType, scaleOrLength);
    }

    /** A {@link java.sql.JDBCType} is its code; no type binds as {@link #setObject(int, Object)} does. */
    private void setConverted(int index, Object x, java.sql.SQLType targetSqlType, Integer scaleOrLength)
            throws SQLException {
        if (targetSqlType == null) {
            setObject(index, x);
        } else if (targetSqlType instanceof java.sql.JDBCType type) {
            setConverted(index, x, type.getVendorTypeNumber(), scaleOrLength);
        } else {
            checkOpen();
            throw Errors.unsupported("PreparedStatement.setObject to target type " + targetSqlType.getName()
                    + " of " + targetSqlType.getVendor());
        }
    }

    /**
     * Converts {@code x} to the target type, as JDBC requires, and binds the result as that type's setter
     * does. NULL binds NULL whatever the type, as {@link #setNull(int, int)} does. {@code scaleOrLength} is
     * the scale of a DECIMAL or NUMERIC and the length of an InputStream or Reader, null when not given.
     */
    private void setConverted(int index, Object x, int targetSqlType, Integer scaleOrLength) throws SQLException {
        checkIndex(index);
        if (x == null) {
            setNull(index, targetSqlType);
            return;
        }
        String target = ParameterConversions.typeName(targetSqlType);
        switch (targetSqlType) {
            case Types.TINYINT -> setLong(index,
                    ParameterConversions.integer(index, x, Byte.MIN_VALUE, Byte.MAX_VALUE, target));
            case Types.SMALLINT -> setLong(index,
                    ParameterConversions.integer(index, x, Short.MIN_VALUE, Short.MAX_VALUE, target));
            case Types.INTEGER -> setLong(index,
                    ParameterConversions.integer(index, x, Integer.MIN_VALUE, Integer.MAX_VALUE, target));
            case Types.BIGINT -> setLong(index,
                    ParameterConversions.integer(index, x, Long.MIN_VALUE, Long.MAX_VALUE, target));
            case Types.DECIMAL, Types.NUMERIC -> setBigDecimal(index,
                    ParameterConversions.decimal(index, x, scaleOrLength, target));
            case Types.DOUBLE, Types.FLOAT -> setDouble(index, ParameterConversions.doubleValue(index, x, target));
            case Types.REAL -> setFloat(index, ParameterConversions.floatValue(index, x, target));
            case Types.BOOLEAN, Types.BIT -> setBoolean(index, ParameterConversions.bool(index, x, target));
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB, Types.NCLOB -> setText(index, x, scaleOrLength, target);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    setBinary(index, x, scaleOrLength, target);
            case Types.NULL -> throw ParameterConversions.cannot(index, x, target);
            default -> throw Errors.unsupported("PreparedStatement.setObject to target type " + target
                    + " (parameters take text, numbers, booleans and bytes)");
        }
    }

    private void setText(int index, Object x, Integer length, String target) throws SQLException {
        if (x instanceof Clob clob) {
            setClob(index, clob);
        } else if (x instanceof Reader reader) {
            setCharacterStream(index, reader, length == null ? -1L : length);
        } else {
            setString(index, ParameterConversions.text(index, x, target));
        }
    }

    private void setBinary(int index, Object x, Integer length, String target) throws SQLException {
        if (x instanceof byte[] bytes) {
            setBytes(index, bytes);
        } else if (x instanceof InputStream in) {
            if (length == null) {
                setBinaryStream(index, in);
            } else {
                setBinaryStream(index, in, (long) length);
            }
        } else if (x instanceof Blob blob) {
            setBlob(index, blob);
        } else {
            throw ParameterConversions.cannot(index, x, target);
        }
    }

    @Override
    public void setCharacterStream(int index, Reader reader, int length) throws SQLException {
        setCharacterStream(index, reader, (long) length);
    }

    @Override
    public void setCharacterStream(int index, Reader reader, long length) throws SQLException {
        setString(index, reader == null ? null : readText(reader, length));
    }

    @Override
    public void setCharacterStream(int index, Reader reader) throws SQLException {
        setCharacterStream(index, reader, -1L);
    }

    @Override
    public void setNCharacterStream(int index, Reader value, long length) throws SQLException {
        setCharacterStream(index, value, length);
    }

    @Override
    public void setNCharacterStream(int index, Reader value) throws SQLException {
        setCharacterStream(index, value);
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        setString(index, x == null ? null : x.getSubString(1, (int) Math.min(Integer.MAX_VALUE, x.length())));
    }

    @Override
    public void setClob(int index, Reader reader, long length) throws SQLException {
        setCharacterStream(index, reader, length);
    }

    @Override
    public void setClob(int index, Reader reader) throws SQLException {
        setCharacterStream(index, reader);
    }

    @Override
    public void setNClob(int index, NClob value) throws SQLException {
        setClob(index, value);
    }

    @Override
    public void setNClob(int index, Reader reader, long length) throws SQLException {
        setCharacterStream(index, reader, length);
    }

    @Override
    public void setNClob(int index, Reader reader) throws SQLException {
        setCharacterStream(index, reader);
    }

    /** Text for {@code meta} or {@code name}: small by nature, so reading it into a String is fine. */
    private String readText(Reader reader, long length) throws SQLException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            int n;
            while ((length < 0 || text.length() < length) && (n = reader.read(buffer)) > 0) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw Errors.of(SqlState.IO_ERROR, "reading the character stream failed: " + e.getMessage(), e);
        }
        return length < 0 || text.length() <= length ? text.toString() : text.substring(0, (int) length);
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int length) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setAsciiStream");
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long length) throws SQLException {
        setAsciiStream(index, x, 0);
    }

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        setAsciiStream(index, x, 0);
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int index, InputStream x, int length) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setUnicodeStream");
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setDate (no column takes a date)");
    }

    @Override
    public void setDate(int index, Date x, Calendar cal) throws SQLException {
        setDate(index, x);
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setTime (no column takes a time)");
    }

    @Override
    public void setTime(int index, Time x, Calendar cal) throws SQLException {
        setTime(index, x);
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setTimestamp (modified is computed from the files)");
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar cal) throws SQLException {
        setTimestamp(index, x);
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setRef");
    }

    @Override
    public void setArray(int index, Array x) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setArray");
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        setString(index, x == null ? null : x.toString());
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setRowId");
    }

    @Override
    public void setSQLXML(int index, SQLXML xmlObject) throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.setSQLXML");
    }

    /** The result's columns without executing, for queries; null for statements without rows, per spec. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (!(plan instanceof Plan.Select select)) {
            return null;
        }
        return new DirdbResultSetMetaData(Executor.columns(select));
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        throw Errors.unsupported("PreparedStatement.getParameterMetaData");
    }
}
