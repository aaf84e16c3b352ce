package org.dirdb.sql;

/**
 * The SQL types of result columns. {@link #JSON} is JSON text: tools should treat it as a string (the
 * JDBC layer reports it as {@code VARCHAR} with the type name {@code JSON}).
 */
public enum ColumnType {
    VARCHAR("VARCHAR"),
    JSON("JSON"),
    BLOB("BLOB"),
    BIGINT("BIGINT"),
    /** Metadata results only (DATA_TYPE, NULLABLE...). */
    INTEGER("INTEGER"),
    /** Metadata results only (the JDBC-specified short columns: KEY_SEQ, SEARCHABLE...). */
    SMALLINT("SMALLINT"),
    /** Metadata results only (NON_UNIQUE, CASE_SENSITIVE...). */
    BOOLEAN("BOOLEAN"),
    TIMESTAMP("TIMESTAMP");

    private final String typeName;

    ColumnType(String typeName) {
        this.typeName = typeName;
    }

    /** The name reported as the column's type name. */
    public String typeName() {
        return typeName;
    }
}
