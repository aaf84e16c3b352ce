package org.dirdb.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.ResultColumn;
import org.dirdb.sql.RowSource;
import org.dirdb.sql.SqlState;

/**
 * What dirdb is: one table {@code db} with a fixed column set, no catalogs, no schemas, no transactions,
 * identifiers stored as written (mixed case), quoted with {@code "}. Metadata results are rows of plain
 * values returned through the same {@link DirdbResultSet}, with the standard column labels; a query about
 * something dirdb lacks returns an empty result, never null.
 */
final class DirdbDatabaseMetaData extends BaseDatabaseMetaData {
    static final String PRODUCT = "dirdb";
    private static final String VERSION = DirdbDriver.MAJOR_VERSION + "." + DirdbDriver.MINOR_VERSION;

    private final DirdbConnection connection;

    DirdbDatabaseMetaData(DirdbConnection connection) {
        this.connection = connection;
    }

    @Override
    void checkOpen() throws SQLException {
        connection.checkOpen();
    }

    private ResultSet result(List<ResultColumn> columns, List<List<Object>> rows) throws SQLException {
        checkOpen();
        return new DirdbResultSet(null, connection, RowSource.of(columns, rows), 0);
    }

    @Override
    ResultSet empty(String method) throws SQLException {
        return result(List.of(), List.of());
    }

    private static List<ResultColumn> labels(Object... labelsAndTypes) {
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 0; i < labelsAndTypes.length; i += 2) {
            String label = (String) labelsAndTypes[i];
            columns.add(new ResultColumn(label, label, "", (ColumnType) labelsAndTypes[i + 1]));
        }
        return columns;
    }

    /** A JDBC metadata pattern ({@code %}, {@code _}, backslash escape) matching {@code value}; null matches all. */
    static boolean matches(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** No catalogs and no schemas: only a null or empty catalog/schema filter (or "%") can name table db. */
    private static boolean noQualifier(String catalog, String schemaPattern) {
        return (catalog == null || catalog.isEmpty())
                && (schemaPattern == null || schemaPattern.isEmpty() || matches(schemaPattern, ""));
    }

    private static final ColumnType V = ColumnType.VARCHAR;
    private static final ColumnType I = ColumnType.INTEGER;

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        List<ResultColumn> columns = labels("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "TABLE_TYPE", V,
                "REMARKS", V, "TYPE_CAT", V, "TYPE_SCHEM", V, "TYPE_NAME", V, "SELF_REFERENCING_COL_NAME", V,
                "REF_GENERATION", V);
        List<List<Object>> rows = new ArrayList<>();
        boolean tables = types == null || Arrays.stream(types).anyMatch("TABLE"::equalsIgnoreCase);
        if (tables && noQualifier(catalog, schemaPattern) && matches(tableNamePattern, DbColumn.TABLE)) {
            rows.add(Arrays.asList(null, null, DbColumn.TABLE, "TABLE", "the entries of the directory", null, null,
                    null, null, null));
        }
        return result(columns, rows);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                                String columnNamePattern) throws SQLException {
        List<ResultColumn> columns = labels("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "COLUMN_NAME", V,
                "DATA_TYPE", I, "TYPE_NAME", V, "COLUMN_SIZE", I, "BUFFER_LENGTH", I, "DECIMAL_DIGITS", I,
                "NUM_PREC_RADIX", I, "NULLABLE", I, "REMARKS", V, "COLUMN_DEF", V, "SQL_DATA_TYPE", I,
                "SQL_DATETIME_SUB", I, "CHAR_OCTET_LENGTH", I, "ORDINAL_POSITION", I, "IS_NULLABLE", V,
                "SCOPE_CATALOG", V, "SCOPE_SCHEMA", V, "SCOPE_TABLE", V, "SOURCE_DATA_TYPE", I,
                "IS_AUTOINCREMENT", V, "IS_GENERATEDCOLUMN", V);
        List<List<Object>> rows = new ArrayList<>();
        if (noQualifier(catalog, schemaPattern) && matches(tableNamePattern, DbColumn.TABLE)) {
            for (DbColumn c : DbColumn.values()) {
                if (!matches(columnNamePattern, c.columnName())) {
                    continue;
                }
                ColumnType type = c.type();
                boolean numeric = type == ColumnType.BIGINT;
                boolean nullable = c != DbColumn.NAME;
                rows.add(Arrays.asList(null, null, DbColumn.TABLE, c.columnName(),
                        DirdbResultSetMetaData.jdbcType(type), type.typeName(),
                        DirdbResultSetMetaData.precision(type), null, numeric ? 0 : null, numeric ? 10 : null,
                        nullable ? columnNullable : columnNoNulls, null, null, null, null,
                        type == ColumnType.BLOB || type == ColumnType.VARCHAR || type == ColumnType.JSON
                                ? Integer.MAX_VALUE : null,
                        c.ordinal() + 1, nullable ? "YES" : "NO", null, null, null, null, "NO",
                        c.writable() ? "NO" : "YES"));
            }
        }
        return result(columns, rows);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        List<ResultColumn> columns = labels("TABLE_CAT", V, "TABLE_SCHEM", V, "TABLE_NAME", V, "COLUMN_NAME", V,
                "KEY_SEQ", I, "PK_NAME", V);
        List<List<Object>> rows = new ArrayList<>();
        if (noQualifier(catalog, schema) && DbColumn.TABLE.equals(table)) {
            rows.add(Arrays.asList(null, null, DbColumn.TABLE, DbColumn.NAME.columnName(), 1, "db_pk"));
        }
        return result(columns, rows);
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return result(labels("TABLE_SCHEM", V, "TABLE_CATALOG", V), List.of());
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return getSchemas();
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return result(labels("TABLE_CAT", V), List.of());
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return result(labels("TABLE_TYPE", V), List.of(List.of("TABLE")));
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public String getURL() throws SQLException {
        checkOpen();
        return connection.url();
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        checkOpen();
        return PRODUCT;
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        checkOpen();
        return VERSION;
    }

    @Override
    public String getDriverName() throws SQLException {
        checkOpen();
        return "dirdb-jdbc";
    }

    @Override
    public String getDriverVersion() throws SQLException {
        checkOpen();
        return VERSION;
    }

    @Override
    public int getDriverMajorVersion() {
        return DirdbDriver.MAJOR_VERSION;
    }

    @Override
    public int getDriverMinorVersion() {
        return DirdbDriver.MINOR_VERSION;
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        checkOpen();
        return DirdbDriver.MAJOR_VERSION;
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        checkOpen();
        return DirdbDriver.MINOR_VERSION;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        checkOpen();
        return "\"";
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        checkOpen();
        return "\\";
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        checkOpen();
        return ".";
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        checkOpen();
        return "schema";
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        checkOpen();
        return "catalog";
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        checkOpen();
        return "procedure";
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return connection.isReadOnly();
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        checkOpen();
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        checkOpen();
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        checkOpen();
        return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        checkOpen();
        return level == Connection.TRANSACTION_NONE;
    }

    @Override
    public int getSQLStateType() throws SQLException {
        checkOpen();
        return DatabaseMetaData.sqlStateSQL;
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        checkOpen();
        return true;
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
