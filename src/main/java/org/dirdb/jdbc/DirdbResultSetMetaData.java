package org.dirdb.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.ResultColumn;
import org.dirdb.sql.SqlState;

/**
 * Column descriptions of a result. {@code meta} is reported as {@link Types#VARCHAR} with type name
 * {@code JSON}, so tools treat it as text while still showing what it holds; {@code data} is {@link Types#BLOB}.
 */
final class DirdbResultSetMetaData implements ResultSetMetaData {
    private final List<ResultColumn> columns;

    DirdbResultSetMetaData(List<ResultColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The java.sql.Types code of a column type; the same in getColumns and here. */
    static int jdbcType(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> Types.VARCHAR;
            case BLOB -> Types.BLOB;
            case BIGINT -> Types.BIGINT;
            case INTEGER -> Types.INTEGER;
            case TIMESTAMP -> Types.TIMESTAMP;
            case DOUBLE -> Types.DOUBLE;
            case BOOLEAN -> Types.BOOLEAN;
            case ANY -> Types.JAVA_OBJECT;
        };
    }

    static int precision(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON, BLOB -> Integer.MAX_VALUE;
            case BIGINT -> 19;
            case INTEGER -> 10;
            case TIMESTAMP -> 29;
            case DOUBLE -> 17;
            case BOOLEAN -> 1;
            case ANY -> Integer.MAX_VALUE;
        };
    }

    static String className(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> String.class.getName();
            case BLOB -> java.sql.Blob.class.getName();
            case BIGINT -> Long.class.getName();
            case INTEGER -> Integer.class.getName();
            case TIMESTAMP -> java.sql.Timestamp.class.getName();
            case DOUBLE -> Double.class.getName();
            case BOOLEAN -> Boolean.class.getName();
            case ANY -> Object.class.getName();
        };
    }

    private ResultColumn column(int index) throws SQLException {
        if (index < 1 || index > columns.size()) {
            throw Errors.of(SqlState.INVALID_INDEX, "column index " + index + " out of range 1.." + columns.size());
        }
        return columns.get(index - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        ColumnType type = column(column).type();
        return type == ColumnType.VARCHAR || type == ColumnType.JSON;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return column(column).type() != ColumnType.BLOB;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        ResultColumn c = column(column);
        return DbColumn.TABLE.equals(c.table()) && "name".equals(c.name()) ? columnNoNulls : columnNullable;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        ColumnType type = column(column).type();
        return type == ColumnType.BIGINT || type == ColumnType.INTEGER;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return precision(column(column).type());
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return precision(column(column).type());
    }

    @Override
    public int getScale(int column) throws SQLException {
        column(column);
        return 0;
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).table();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return jdbcType(column(column).type());
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).type().typeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return !isWritable(column);
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        ResultColumn c = column(column);
        DbColumn db = DbColumn.TABLE.equals(c.table()) ? DbColumn.byName(c.name()) : null;
        return db != null && db.writable();
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return className(column(column).type());
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw Errors.of(SqlState.GENERAL, "not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
