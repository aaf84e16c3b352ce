package org.dirdb.sql;

/**
 * The SQL types of result columns. {@link #JSON} is JSON text: tools should treat it as a string (the
 * JDBC layer reports it as {@code VARCHAR} with the type name {@code JSON}).
 */
public enum ColumnType {
    VARCHAR("VARCHAR"),
    JSON("JSON"),
    BLOB("BLOB"),
    /** Bytes held in memory: {@code X'..'} literals (the {@code data} column is {@link #BLOB}). */
    VARBINARY("VARBINARY"),
    BIGINT("BIGINT"),
    /** Non-integral numbers: AVG, JSON numbers with a fraction, arithmetic on them. */
    DOUBLE("DOUBLE"),
    /**
     * A value whose type depends on the data: a JSON scalar ({@code JSON_VALUE} without RETURNING,
     * {@code ->>}), which is a Long, Double, String or Boolean row by row, a parameter, or a CASE or
     * COALESCE whose choices have different types.
     */
    ANY("ANY"),
    /**
     * An expression that is NULL on every row: a bare {@code NULL}, or a choice among nothing but NULLs
     * ({@code COALESCE(NULL, NULL)}); {@code java.sql.Types.NULL}, as H2 reports it.
     */
    NULL("NULL"),
    /** Metadata results only (DATA_TYPE, NULLABLE...). */
    INTEGER("INTEGER"),
    /** Metadata results only (the JDBC-specified short columns: KEY_SEQ, SEARCHABLE...). */
    SMALLINT("SMALLINT"),
    /** Conditions in a select list, JSON true/false, and metadata flags (NON_UNIQUE, CASE_SENSITIVE...). */
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
