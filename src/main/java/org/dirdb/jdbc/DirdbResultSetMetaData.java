package org.dirdb.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.ResultColumn;
import org.dirdb.sql.SqlState;

/**
 * Column descriptions of a result. {@code meta} is reported as {@link java.sql.Types#VARCHAR} with type name
 * {@code JSON}, so tools treat it as text while still showing what it holds; {@code data} is {@link java.sql.Types#BLOB}.
 */
final class DirdbResultSetMetaData implements ResultSetMetaData, SelfWrapper {
    private final List<ResultColumn> columns;

    DirdbResultSetMetaData(List<ResultColumn> columns) {
        this.columns = List.copyOf(columns);
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
        return JdbcTypes.text(column(column).type());
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
        return JdbcTypes.numeric(column(column).type());
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return JdbcTypes.displaySize(column(column).type());
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
        return JdbcTypes.precision(column(column).type());
    }

    @Override
    public int getScale(int column) throws SQLException {
        Integer scale = JdbcTypes.scale(column(column).type());
        return scale == null ? 0 : scale;
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
        return JdbcTypes.code(column(column).type());
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
        return JdbcTypes.className(column(column).type());
    }


}
