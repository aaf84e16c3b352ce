package org.dirdb.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.ResultColumn;

/**
 * The columns of each {@link java.sql.DatabaseMetaData} result, with the labels and types the JDBC javadoc
 * gives them, in its order. Every metadata method answers with one of these shapes, empty when dirdb has
 * nothing to say, so tools reading by label ({@code getString("TABLE_NAME")}) always find the column.
 */
enum MetaShape {
    TABLES("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "TABLE_TYPE", T.S, "REMARKS", T.S, "TYPE_CAT", T.S,
            "TYPE_SCHEM", T.S, "TYPE_NAME", T.S, "SELF_REFERENCING_COL_NAME", T.S, "REF_GENERATION", T.S),
    COLUMNS("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "COLUMN_NAME", T.S, "DATA_TYPE", T.I, "TYPE_NAME", T.S,
            "COLUMN_SIZE", T.I, "BUFFER_LENGTH", T.I, "DECIMAL_DIGITS", T.I, "NUM_PREC_RADIX", T.I, "NULLABLE", T.I,
            "REMARKS", T.S, "COLUMN_DEF", T.S, "SQL_DATA_TYPE", T.I, "SQL_DATETIME_SUB", T.I, "CHAR_OCTET_LENGTH", T.I,
            "ORDINAL_POSITION", T.I, "IS_NULLABLE", T.S, "SCOPE_CATALOG", T.S, "SCOPE_SCHEMA", T.S, "SCOPE_TABLE", T.S,
            "SOURCE_DATA_TYPE", T.H, "IS_AUTOINCREMENT", T.S, "IS_GENERATEDCOLUMN", T.S),
    PRIMARY_KEYS("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "COLUMN_NAME", T.S, "KEY_SEQ", T.H, "PK_NAME", T.S),
    INDEX_INFO("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "NON_UNIQUE", T.B, "INDEX_QUALIFIER", T.S,
            "INDEX_NAME", T.S, "TYPE", T.H, "ORDINAL_POSITION", T.H, "COLUMN_NAME", T.S, "ASC_OR_DESC", T.S,
            "CARDINALITY", T.L, "PAGES", T.L, "FILTER_CONDITION", T.S),
    TYPE_INFO("TYPE_NAME", T.S, "DATA_TYPE", T.I, "PRECISION", T.I, "LITERAL_PREFIX", T.S, "LITERAL_SUFFIX", T.S,
            "CREATE_PARAMS", T.S, "NULLABLE", T.H, "CASE_SENSITIVE", T.B, "SEARCHABLE", T.H, "UNSIGNED_ATTRIBUTE", T.B,
            "FIXED_PREC_SCALE", T.B, "AUTO_INCREMENT", T.B, "LOCAL_TYPE_NAME", T.S, "MINIMUM_SCALE", T.H,
            "MAXIMUM_SCALE", T.H, "SQL_DATA_TYPE", T.I, "SQL_DATETIME_SUB", T.I, "NUM_PREC_RADIX", T.I),
    /** Imported keys, exported keys and cross references share one shape. */
    KEYS("PKTABLE_CAT", T.S, "PKTABLE_SCHEM", T.S, "PKTABLE_NAME", T.S, "PKCOLUMN_NAME", T.S, "FKTABLE_CAT", T.S,
            "FKTABLE_SCHEM", T.S, "FKTABLE_NAME", T.S, "FKCOLUMN_NAME", T.S, "KEY_SEQ", T.H, "UPDATE_RULE", T.H,
            "DELETE_RULE", T.H, "FK_NAME", T.S, "PK_NAME", T.S, "DEFERRABILITY", T.H),
    BEST_ROW_IDENTIFIER("SCOPE", T.H, "COLUMN_NAME", T.S, "DATA_TYPE", T.I, "TYPE_NAME", T.S, "COLUMN_SIZE", T.I,
            "BUFFER_LENGTH", T.I, "DECIMAL_DIGITS", T.H, "PSEUDO_COLUMN", T.H),
    VERSION_COLUMNS("SCOPE", T.H, "COLUMN_NAME", T.S, "DATA_TYPE", T.I, "TYPE_NAME", T.S, "COLUMN_SIZE", T.I,
            "BUFFER_LENGTH", T.I, "DECIMAL_DIGITS", T.H, "PSEUDO_COLUMN", T.H),
    PROCEDURES("PROCEDURE_CAT", T.S, "PROCEDURE_SCHEM", T.S, "PROCEDURE_NAME", T.S, "RESERVED1", T.S, "RESERVED2", T.S,
            "RESERVED3", T.S, "REMARKS", T.S, "PROCEDURE_TYPE", T.H, "SPECIFIC_NAME", T.S),
    PROCEDURE_COLUMNS("PROCEDURE_CAT", T.S, "PROCEDURE_SCHEM", T.S, "PROCEDURE_NAME", T.S, "COLUMN_NAME", T.S,
            "COLUMN_TYPE", T.H, "DATA_TYPE", T.I, "TYPE_NAME", T.S, "PRECISION", T.I, "LENGTH", T.I, "SCALE", T.H, "RADIX", T.H,
            "NULLABLE", T.H, "REMARKS", T.S, "COLUMN_DEF", T.S, "SQL_DATA_TYPE", T.I, "SQL_DATETIME_SUB", T.I,
            "CHAR_OCTET_LENGTH", T.I, "ORDINAL_POSITION", T.I, "IS_NULLABLE", T.S, "SPECIFIC_NAME", T.S),
    FUNCTIONS("FUNCTION_CAT", T.S, "FUNCTION_SCHEM", T.S, "FUNCTION_NAME", T.S, "REMARKS", T.S, "FUNCTION_TYPE", T.H,
            "SPECIFIC_NAME", T.S),
    FUNCTION_COLUMNS("FUNCTION_CAT", T.S, "FUNCTION_SCHEM", T.S, "FUNCTION_NAME", T.S, "COLUMN_NAME", T.S,
            "COLUMN_TYPE", T.H, "DATA_TYPE", T.I, "TYPE_NAME", T.S, "PRECISION", T.I, "LENGTH", T.I, "SCALE", T.H, "RADIX", T.H,
            "NULLABLE", T.H, "REMARKS", T.S, "CHAR_OCTET_LENGTH", T.I, "ORDINAL_POSITION", T.I, "IS_NULLABLE", T.S,
            "SPECIFIC_NAME", T.S),
    COLUMN_PRIVILEGES("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "COLUMN_NAME", T.S, "GRANTOR", T.S,
            "GRANTEE", T.S, "PRIVILEGE", T.S, "IS_GRANTABLE", T.S),
    TABLE_PRIVILEGES("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "GRANTOR", T.S, "GRANTEE", T.S,
            "PRIVILEGE", T.S, "IS_GRANTABLE", T.S),
    UDTS("TYPE_CAT", T.S, "TYPE_SCHEM", T.S, "TYPE_NAME", T.S, "CLASS_NAME", T.S, "DATA_TYPE", T.I, "REMARKS", T.S,
            "BASE_TYPE", T.H),
    SUPER_TYPES("TYPE_CAT", T.S, "TYPE_SCHEM", T.S, "TYPE_NAME", T.S, "SUPERTYPE_CAT", T.S, "SUPERTYPE_SCHEM", T.S,
            "SUPERTYPE_NAME", T.S),
    SUPER_TABLES("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "SUPERTABLE_NAME", T.S),
    ATTRIBUTES("TYPE_CAT", T.S, "TYPE_SCHEM", T.S, "TYPE_NAME", T.S, "ATTR_NAME", T.S, "DATA_TYPE", T.I,
            "ATTR_TYPE_NAME", T.S, "ATTR_SIZE", T.I, "DECIMAL_DIGITS", T.I, "NUM_PREC_RADIX", T.I, "NULLABLE", T.I,
            "REMARKS", T.S, "ATTR_DEF", T.S, "SQL_DATA_TYPE", T.I, "SQL_DATETIME_SUB", T.I, "CHAR_OCTET_LENGTH", T.I,
            "ORDINAL_POSITION", T.I, "IS_NULLABLE", T.S, "SCOPE_CATALOG", T.S, "SCOPE_SCHEMA", T.S, "SCOPE_TABLE", T.S,
            "SOURCE_DATA_TYPE", T.H),
    PSEUDO_COLUMNS("TABLE_CAT", T.S, "TABLE_SCHEM", T.S, "TABLE_NAME", T.S, "COLUMN_NAME", T.S, "DATA_TYPE", T.I,
            "COLUMN_SIZE", T.I, "DECIMAL_DIGITS", T.I, "NUM_PREC_RADIX", T.I, "COLUMN_USAGE", T.S, "REMARKS", T.S,
            "CHAR_OCTET_LENGTH", T.I, "IS_NULLABLE", T.S),
    CLIENT_INFO_PROPERTIES("NAME", T.S, "MAX_LEN", T.I, "DEFAULT_VALUE", T.S, "DESCRIPTION", T.S),
    SCHEMAS("TABLE_SCHEM", T.S, "TABLE_CATALOG", T.S),
    CATALOGS("TABLE_CAT", T.S),
    TABLE_TYPES("TABLE_TYPE", T.S);

    /** Short names for the column types, so each shape reads like the javadoc table. */
    private static final class T {
        static final ColumnType S = ColumnType.VARCHAR;
        static final ColumnType I = ColumnType.INTEGER;
        static final ColumnType H = ColumnType.SMALLINT;
        static final ColumnType B = ColumnType.BOOLEAN;
        static final ColumnType L = ColumnType.BIGINT;
    }

    private final List<ResultColumn> columns;

    MetaShape(Object... labelsAndTypes) {
        List<ResultColumn> list = new ArrayList<>();
        for (int i = 0; i < labelsAndTypes.length; i += 2) {
            String label = (String) labelsAndTypes[i];
            list.add(new ResultColumn(label, label, "", (ColumnType) labelsAndTypes[i + 1]));
        }
        this.columns = List.copyOf(list);
    }

    List<ResultColumn> columns() {
        return columns;
    }

    int width() {
        return columns.size();
    }
}
