package org.dirdb.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.dirdb.sql.SqlState;

/**
 * What dirdb is: tables with a fixed column set, no catalogs, no schemas, no transactions. Unquoted
 * identifiers compare as lower case; quoted ones ({@code "x"}, {@code ""} for a quote inside) exactly as
 * written, which is how mixed-case entry and table names are reached. Result-set answers come from
 * {@link MetaResults}; a question about something dirdb lacks gets an empty, correctly shaped result, never
 * null.
 */
final class DirdbDatabaseMetaData extends BaseDatabaseMetaData implements SelfWrapper {
    static final String PRODUCT = "dirdb";
    private static final String VERSION = DirdbDriver.MAJOR_VERSION + "." + DirdbDriver.MINOR_VERSION;

    private final DirdbConnection connection;
    private final MetaResults results;

    DirdbDatabaseMetaData(DirdbConnection connection) {
        this.connection = connection;
        this.results = new MetaResults(connection);
    }

    @Override
    void checkOpen() throws SQLException {
        connection.checkOpen();
    }

    @Override
    ResultSet empty(MetaShape shape) throws SQLException {
        return results.empty(shape);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        return results.tables(catalog, schemaPattern, tableNamePattern, types);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                                String columnNamePattern) throws SQLException {
        return results.columns(catalog, schemaPattern, tableNamePattern, columnNamePattern);
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        return results.primaryKeys(catalog, schema, table);
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        return results.indexInfo(catalog, schema, table);
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        return results.bestRowIdentifier(catalog, schema, table);
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return results.versionColumns(catalog, schema, table);
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        return results.typeInfo();
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return results.tableTypes();
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        return results.clientInfoProperties();
    }

    /**
     * Words the SQL parser does not accept as a bare identifier beyond the SQL:2003 reserved words. Tools quote
     * identifiers that are keywords, so listing a word the parser accepts would only add needless quotes.
     */
    static final String SQL_KEYWORDS = String.join(",", "ABSENT", "CONNECT_BY_ROOT", "CSV", "DISTINCTROW",
            "ERRORS", "EXCLUDES", "EXTEND", "FBV", "FINAL", "FORCE", "ILIKE", "IMPORT", "INCLUDES", "MINUS",
            "NOCYCLE", "OUTPUT", "PIVOT", "PREFERRING", "PREWHERE", "PRIOR", "RETURNING", "SAMPLE", "SCRIPT",
            "SEMI", "SETTINGS", "SQL_CACHE", "SQL_CALC_FOUND_ROWS", "SQL_NO_CACHE", "STATEMENT", "UNBOUNDED",
            "UNPIVOT", "USE", "VERIFY", "XMLSERIALIZE", "XOR");

    @Override
    public String getSQLKeywords() throws SQLException {
        checkOpen();
        return SQL_KEYWORDS;
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        checkOpen();
        return true;
    }

    /**
     * The Open Group CLI names of the scalar functions a {@code {fn ...}} escape reaches (see
     * {@code ExprTranslator}'s function table), by the category JDBC asks for. {@code LENGTH} is left out:
     * the Open Group's excludes trailing blanks and dirdb's counts them; {@code CHAR_LENGTH} counts them too.
     * Of the time and date functions only those that give a TIMESTAMP exist: there is no DATE or TIME type
     * for {@code CURDATE}, {@code CURTIME}, {@code CURRENT_DATE} or {@code CURRENT_TIME}, which are 0A000.
     */
    static final String NUMERIC_FUNCTIONS = "ABS,ROUND";
    static final String STRING_FUNCTIONS = "CHAR_LENGTH,CHARACTER_LENGTH,CONCAT,LCASE,LTRIM,REPLACE,RTRIM,SUBSTRING,"
            + "UCASE";
    static final String SYSTEM_FUNCTIONS = "IFNULL";
    static final String TIME_DATE_FUNCTIONS = "CURRENT_TIMESTAMP,NOW";

    @Override
    public String getNumericFunctions() throws SQLException {
        checkOpen();
        return NUMERIC_FUNCTIONS;
    }

    @Override
    public String getStringFunctions() throws SQLException {
        checkOpen();
        return STRING_FUNCTIONS;
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        checkOpen();
        return SYSTEM_FUNCTIONS;
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        checkOpen();
        return TIME_DATE_FUNCTIONS;
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        checkOpen();
        return true; // FROM db t, FROM db AS t; supportsDifferentTableCorrelationNames stays false: db db works
    }

    /** {@code 'a' || NULL} is NULL ({@code CONCAT} skips NULLs instead). */
    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        checkOpen();
        return true;
    }

    /** NULL sorts as the lowest value: first with ASC, last with DESC, unless NULLS FIRST/LAST says otherwise. */
    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        checkOpen();
        // Entry level needs joins, subqueries, UNION and CREATE TABLE of any columns; dirdb refuses them all.
        return false;
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        checkOpen();
        return Connection.TRANSACTION_NONE;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        checkOpen();
        return false; // unquoted identifiers fold to lower case when compared
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
    public int getJDBCMajorVersion() throws SQLException {
        checkOpen();
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        checkOpen();
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
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        checkOpen();
        return true; // unquoted names compare as lower case, so a table "MyDir" must be quoted
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


}
