package org.dirdb.sql;

/**
 * One column of a result.
 *
 * @param label  the label ({@code AS} alias or the column name)
 * @param name   the underlying column name
 * @param table  the table it comes from, or "" for computed values
 * @param type   its SQL type
 */
public record ResultColumn(String label, String name, String table, ColumnType type) {}
