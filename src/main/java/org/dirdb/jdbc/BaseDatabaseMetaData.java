package org.dirdb.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The conservative answer to every {@link DatabaseMetaData} question: no capability, no limit (0), no text,
 * an empty result. {@link DirdbDatabaseMetaData} overrides what dirdb actually has, so everything else is a
 * correct, never-null "no" rather than an exception a tool would have to handle. Every answer checks that the
 * connection is open first.
 */
abstract class BaseDatabaseMetaData implements DatabaseMetaData {

    abstract void checkOpen() throws SQLException;

    /** An empty result of the given shape, for a metadata query dirdb has nothing for. */
    abstract java.sql.ResultSet empty(MetaShape shape) throws SQLException;

    private boolean no() throws SQLException {
        checkOpen();
        return false;
    }

    private int zero() throws SQLException {
        checkOpen();
        return 0;
    }

    private String none() throws SQLException {
        checkOpen();
        return "";
    }

    @Override public boolean allProceduresAreCallable() throws SQLException { return no(); }
    @Override public boolean allTablesAreSelectable() throws SQLException { return no(); }
    @Override public String getURL() throws SQLException { return none(); }
    @Override public String getUserName() throws SQLException { return none(); }
    @Override public boolean isReadOnly() throws SQLException { return no(); }
    @Override public boolean nullsAreSortedHigh() throws SQLException { return no(); }
    @Override public boolean nullsAreSortedLow() throws SQLException { return no(); }
    @Override public boolean nullsAreSortedAtStart() throws SQLException { return no(); }
    @Override public boolean nullsAreSortedAtEnd() throws SQLException { return no(); }
    @Override public String getDatabaseProductName() throws SQLException { return none(); }
    @Override public String getDatabaseProductVersion() throws SQLException { return none(); }
    @Override public String getDriverName() throws SQLException { return none(); }
    @Override public String getDriverVersion() throws SQLException { return none(); }
    @Override public boolean usesLocalFiles() throws SQLException { return no(); }
    @Override public boolean usesLocalFilePerTable() throws SQLException { return no(); }
    @Override public boolean supportsMixedCaseIdentifiers() throws SQLException { return no(); }
    @Override public boolean storesUpperCaseIdentifiers() throws SQLException { return no(); }
    @Override public boolean storesLowerCaseIdentifiers() throws SQLException { return no(); }
    @Override public boolean storesMixedCaseIdentifiers() throws SQLException { return no(); }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException { return no(); }
    @Override public boolean storesUpperCaseQuotedIdentifiers() throws SQLException { return no(); }
    @Override public boolean storesLowerCaseQuotedIdentifiers() throws SQLException { return no(); }
    @Override public boolean storesMixedCaseQuotedIdentifiers() throws SQLException { return no(); }
    @Override public String getIdentifierQuoteString() throws SQLException { return none(); }
    @Override public String getSQLKeywords() throws SQLException { return none(); }
    @Override public String getNumericFunctions() throws SQLException { return none(); }
    @Override public String getStringFunctions() throws SQLException { return none(); }
    @Override public String getSystemFunctions() throws SQLException { return none(); }
    @Override public String getTimeDateFunctions() throws SQLException { return none(); }
    @Override public String getSearchStringEscape() throws SQLException { return none(); }
    @Override public String getExtraNameCharacters() throws SQLException { return none(); }
    @Override public boolean supportsAlterTableWithAddColumn() throws SQLException { return no(); }
    @Override public boolean supportsAlterTableWithDropColumn() throws SQLException { return no(); }
    @Override public boolean supportsColumnAliasing() throws SQLException { return no(); }
    @Override public boolean nullPlusNonNullIsNull() throws SQLException { return no(); }
    @Override public boolean supportsConvert() throws SQLException { return no(); }
    @Override public boolean supportsConvert(int a0, int a1) throws SQLException { return no(); }
    @Override public boolean supportsTableCorrelationNames() throws SQLException { return no(); }
    @Override public boolean supportsDifferentTableCorrelationNames() throws SQLException { return no(); }
    @Override public boolean supportsExpressionsInOrderBy() throws SQLException { return no(); }
    @Override public boolean supportsOrderByUnrelated() throws SQLException { return no(); }
    @Override public boolean supportsGroupBy() throws SQLException { return no(); }
    @Override public boolean supportsGroupByUnrelated() throws SQLException { return no(); }
    @Override public boolean supportsGroupByBeyondSelect() throws SQLException { return no(); }
    @Override public boolean supportsLikeEscapeClause() throws SQLException { return no(); }
    @Override public boolean supportsMultipleResultSets() throws SQLException { return no(); }
    @Override public boolean supportsMultipleTransactions() throws SQLException { return no(); }
    @Override public boolean supportsNonNullableColumns() throws SQLException { return no(); }
    @Override public boolean supportsMinimumSQLGrammar() throws SQLException { return no(); }
    @Override public boolean supportsCoreSQLGrammar() throws SQLException { return no(); }
    @Override public boolean supportsExtendedSQLGrammar() throws SQLException { return no(); }
    @Override public boolean supportsANSI92EntryLevelSQL() throws SQLException { return no(); }
    @Override public boolean supportsANSI92IntermediateSQL() throws SQLException { return no(); }
    @Override public boolean supportsANSI92FullSQL() throws SQLException { return no(); }
    @Override public boolean supportsIntegrityEnhancementFacility() throws SQLException { return no(); }
    @Override public boolean supportsOuterJoins() throws SQLException { return no(); }
    @Override public boolean supportsFullOuterJoins() throws SQLException { return no(); }
    @Override public boolean supportsLimitedOuterJoins() throws SQLException { return no(); }
    @Override public String getSchemaTerm() throws SQLException { return none(); }
    @Override public String getProcedureTerm() throws SQLException { return none(); }
    @Override public String getCatalogTerm() throws SQLException { return none(); }
    @Override public boolean isCatalogAtStart() throws SQLException { return no(); }
    @Override public String getCatalogSeparator() throws SQLException { return none(); }
    @Override public boolean supportsSchemasInDataManipulation() throws SQLException { return no(); }
    @Override public boolean supportsSchemasInProcedureCalls() throws SQLException { return no(); }
    @Override public boolean supportsSchemasInTableDefinitions() throws SQLException { return no(); }
    @Override public boolean supportsSchemasInIndexDefinitions() throws SQLException { return no(); }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException { return no(); }
    @Override public boolean supportsCatalogsInDataManipulation() throws SQLException { return no(); }
    @Override public boolean supportsCatalogsInProcedureCalls() throws SQLException { return no(); }
    @Override public boolean supportsCatalogsInTableDefinitions() throws SQLException { return no(); }
    @Override public boolean supportsCatalogsInIndexDefinitions() throws SQLException { return no(); }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException { return no(); }
    @Override public boolean supportsPositionedDelete() throws SQLException { return no(); }
    @Override public boolean supportsPositionedUpdate() throws SQLException { return no(); }
    @Override public boolean supportsSelectForUpdate() throws SQLException { return no(); }
    @Override public boolean supportsStoredProcedures() throws SQLException { return no(); }
    @Override public boolean supportsSubqueriesInComparisons() throws SQLException { return no(); }
    @Override public boolean supportsSubqueriesInExists() throws SQLException { return no(); }
    @Override public boolean supportsSubqueriesInIns() throws SQLException { return no(); }
    @Override public boolean supportsSubqueriesInQuantifieds() throws SQLException { return no(); }
    @Override public boolean supportsCorrelatedSubqueries() throws SQLException { return no(); }
    @Override public boolean supportsUnion() throws SQLException { return no(); }
    @Override public boolean supportsUnionAll() throws SQLException { return no(); }
    @Override public boolean supportsOpenCursorsAcrossCommit() throws SQLException { return no(); }
    @Override public boolean supportsOpenCursorsAcrossRollback() throws SQLException { return no(); }
    @Override public boolean supportsOpenStatementsAcrossCommit() throws SQLException { return no(); }
    @Override public boolean supportsOpenStatementsAcrossRollback() throws SQLException { return no(); }
    @Override public int getMaxBinaryLiteralLength() throws SQLException { return zero(); }
    @Override public int getMaxCharLiteralLength() throws SQLException { return zero(); }
    @Override public int getMaxColumnNameLength() throws SQLException { return zero(); }
    @Override public int getMaxColumnsInGroupBy() throws SQLException { return zero(); }
    @Override public int getMaxColumnsInIndex() throws SQLException { return zero(); }
    @Override public int getMaxColumnsInOrderBy() throws SQLException { return zero(); }
    @Override public int getMaxColumnsInSelect() throws SQLException { return zero(); }
    @Override public int getMaxColumnsInTable() throws SQLException { return zero(); }
    @Override public int getMaxConnections() throws SQLException { return zero(); }
    @Override public int getMaxCursorNameLength() throws SQLException { return zero(); }
    @Override public int getMaxIndexLength() throws SQLException { return zero(); }
    @Override public int getMaxSchemaNameLength() throws SQLException { return zero(); }
    @Override public int getMaxProcedureNameLength() throws SQLException { return zero(); }
    @Override public int getMaxCatalogNameLength() throws SQLException { return zero(); }
    @Override public int getMaxRowSize() throws SQLException { return zero(); }
    @Override public boolean doesMaxRowSizeIncludeBlobs() throws SQLException { return no(); }
    @Override public int getMaxStatementLength() throws SQLException { return zero(); }
    @Override public int getMaxStatements() throws SQLException { return zero(); }
    @Override public int getMaxTableNameLength() throws SQLException { return zero(); }
    @Override public int getMaxTablesInSelect() throws SQLException { return zero(); }
    @Override public int getMaxUserNameLength() throws SQLException { return zero(); }
    @Override public int getDefaultTransactionIsolation() throws SQLException { return zero(); }
    @Override public boolean supportsTransactions() throws SQLException { return no(); }
    @Override public boolean supportsTransactionIsolationLevel(int a0) throws SQLException { return no(); }
    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException { return no(); }
    @Override public boolean supportsDataManipulationTransactionsOnly() throws SQLException { return no(); }
    @Override public boolean dataDefinitionCausesTransactionCommit() throws SQLException { return no(); }
    @Override public boolean dataDefinitionIgnoredInTransactions() throws SQLException { return no(); }
    @Override public java.sql.ResultSet getProcedures(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.PROCEDURES); }
    @Override public java.sql.ResultSet getProcedureColumns(String a0, String a1, String a2, String a3) throws SQLException { return empty(MetaShape.PROCEDURE_COLUMNS); }
    @Override public java.sql.ResultSet getTables(String a0, String a1, String a2, String[] a3) throws SQLException { return empty(MetaShape.TABLES); }
    @Override public java.sql.ResultSet getSchemas() throws SQLException { return empty(MetaShape.SCHEMAS); }
    @Override public java.sql.ResultSet getCatalogs() throws SQLException { return empty(MetaShape.CATALOGS); }
    @Override public java.sql.ResultSet getTableTypes() throws SQLException { return empty(MetaShape.TABLE_TYPES); }
    @Override public java.sql.ResultSet getColumns(String a0, String a1, String a2, String a3) throws SQLException { return empty(MetaShape.COLUMNS); }
    @Override public java.sql.ResultSet getColumnPrivileges(String a0, String a1, String a2, String a3) throws SQLException { return empty(MetaShape.COLUMN_PRIVILEGES); }
    @Override public java.sql.ResultSet getTablePrivileges(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.TABLE_PRIVILEGES); }
    @Override public java.sql.ResultSet getBestRowIdentifier(String a0, String a1, String a2, int a3, boolean a4) throws SQLException { return empty(MetaShape.BEST_ROW_IDENTIFIER); }
    @Override public java.sql.ResultSet getVersionColumns(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.VERSION_COLUMNS); }
    @Override public java.sql.ResultSet getPrimaryKeys(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.PRIMARY_KEYS); }
    @Override public java.sql.ResultSet getImportedKeys(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.KEYS); }
    @Override public java.sql.ResultSet getExportedKeys(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.KEYS); }
    @Override public java.sql.ResultSet getCrossReference(String a0, String a1, String a2, String a3, String a4, String a5) throws SQLException { return empty(MetaShape.KEYS); }
    @Override public java.sql.ResultSet getTypeInfo() throws SQLException { return empty(MetaShape.TYPE_INFO); }
    @Override public java.sql.ResultSet getIndexInfo(String a0, String a1, String a2, boolean a3, boolean a4) throws SQLException { return empty(MetaShape.INDEX_INFO); }
    @Override public boolean supportsResultSetType(int a0) throws SQLException { return no(); }
    @Override public boolean supportsResultSetConcurrency(int a0, int a1) throws SQLException { return no(); }
    @Override public boolean ownUpdatesAreVisible(int a0) throws SQLException { return no(); }
    @Override public boolean ownDeletesAreVisible(int a0) throws SQLException { return no(); }
    @Override public boolean ownInsertsAreVisible(int a0) throws SQLException { return no(); }
    @Override public boolean othersUpdatesAreVisible(int a0) throws SQLException { return no(); }
    @Override public boolean othersDeletesAreVisible(int a0) throws SQLException { return no(); }
    @Override public boolean othersInsertsAreVisible(int a0) throws SQLException { return no(); }
    @Override public boolean updatesAreDetected(int a0) throws SQLException { return no(); }
    @Override public boolean deletesAreDetected(int a0) throws SQLException { return no(); }
    @Override public boolean insertsAreDetected(int a0) throws SQLException { return no(); }
    @Override public boolean supportsBatchUpdates() throws SQLException { return no(); }
    @Override public java.sql.ResultSet getUDTs(String a0, String a1, String a2, int[] a3) throws SQLException { return empty(MetaShape.UDTS); }
    @Override public boolean supportsSavepoints() throws SQLException { return no(); }
    @Override public boolean supportsNamedParameters() throws SQLException { return no(); }
    @Override public boolean supportsMultipleOpenResults() throws SQLException { return no(); }
    @Override public boolean supportsGetGeneratedKeys() throws SQLException { return no(); }
    @Override public java.sql.ResultSet getSuperTypes(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.SUPER_TYPES); }
    @Override public java.sql.ResultSet getSuperTables(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.SUPER_TABLES); }
    @Override public java.sql.ResultSet getAttributes(String a0, String a1, String a2, String a3) throws SQLException { return empty(MetaShape.ATTRIBUTES); }
    @Override public boolean supportsResultSetHoldability(int a0) throws SQLException { return no(); }
    @Override public int getResultSetHoldability() throws SQLException { return zero(); }
    @Override public int getDatabaseMajorVersion() throws SQLException { return zero(); }
    @Override public int getDatabaseMinorVersion() throws SQLException { return zero(); }
    @Override public int getJDBCMajorVersion() throws SQLException { return zero(); }
    @Override public int getJDBCMinorVersion() throws SQLException { return zero(); }
    @Override public int getSQLStateType() throws SQLException { return zero(); }
    @Override public boolean locatorsUpdateCopy() throws SQLException { return no(); }
    @Override public boolean supportsStatementPooling() throws SQLException { return no(); }
    @Override public java.sql.RowIdLifetime getRowIdLifetime() throws SQLException { checkOpen(); return java.sql.RowIdLifetime.ROWID_UNSUPPORTED; }
    @Override public long getMaxLogicalLobSize() throws SQLException { return zero(); }
    @Override public boolean supportsRefCursors() throws SQLException { return no(); }
    @Override public boolean supportsSharding() throws SQLException { return no(); }
    @Override public java.sql.ResultSet getSchemas(String a0, String a1) throws SQLException { return empty(MetaShape.SCHEMAS); }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException { return no(); }
    @Override public boolean autoCommitFailureClosesAllResultSets() throws SQLException { return no(); }
    @Override public java.sql.ResultSet getClientInfoProperties() throws SQLException { return empty(MetaShape.CLIENT_INFO_PROPERTIES); }
    @Override public java.sql.ResultSet getFunctions(String a0, String a1, String a2) throws SQLException { return empty(MetaShape.FUNCTIONS); }
    @Override public java.sql.ResultSet getFunctionColumns(String a0, String a1, String a2, String a3) throws SQLException { return empty(MetaShape.FUNCTION_COLUMNS); }
    @Override public java.sql.ResultSet getPseudoColumns(String a0, String a1, String a2, String a3) throws SQLException { return empty(MetaShape.PSEUDO_COLUMNS); }
    @Override public boolean generatedKeyAlwaysReturned() throws SQLException { return no(); }
}
