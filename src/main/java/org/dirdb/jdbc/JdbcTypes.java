package org.dirdb.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import org.dirdb.sql.ColumnType;

/**
 * How each SQL-layer column type looks through JDBC. {@code getColumns}, {@code ResultSetMetaData} and
 * {@code getTypeInfo} all read this one mapping, so a type name always comes with the same
 * {@link Types} code: tools such as DBeaver replace a column's type code by the one {@code getTypeInfo} lists
 * for its type name, so the two must never disagree. {@code JSON} is {@link Types#VARCHAR} (tools treat it
 * as text and open a text/JSON editor) with a large size; {@code data} is {@link Types#BLOB}, and bytes
 * held in memory ({@code X'..'}) are {@link Types#VARBINARY}, read as {@code byte[]}. A column that is
 * always NULL ({@code SELECT NULL}) is {@link Types#NULL}, read as {@code Object}.
 */
final class JdbcTypes {
    private JdbcTypes() {}

    /** The reported size of text and binary values: unbounded for practical purposes. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    static int code(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> Types.VARCHAR;
            case BLOB -> Types.BLOB;
            case VARBINARY -> Types.VARBINARY;
            case BIGINT -> Types.BIGINT;
            case INTEGER -> Types.INTEGER;
            case SMALLINT -> Types.SMALLINT;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMP -> Types.TIMESTAMP;
            case DOUBLE -> Types.DOUBLE;
            case ANY -> Types.JAVA_OBJECT;
            case NULL -> Types.NULL;
        };
    }

    /** Characters, bytes, decimal digits or timestamp length, as JDBC defines COLUMN_SIZE per type. */
    static int precision(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON, BLOB, VARBINARY -> UNBOUNDED;
            case BIGINT -> 19;
            case INTEGER -> 10;
            case SMALLINT -> 5;
            case BOOLEAN -> 1;
            case TIMESTAMP -> 29;
            case DOUBLE -> 17;
            case ANY -> UNBOUNDED;
            case NULL -> 1; // as H2 reports it
        };
    }

    /** Digits after the decimal point: 9 (nanoseconds) for timestamps, 0 for integers, none otherwise. */
    static Integer scale(ColumnType type) {
        return switch (type) {
            case BIGINT, INTEGER, SMALLINT -> 0;
            case TIMESTAMP -> 9;
            case VARCHAR, JSON, BLOB, VARBINARY, BOOLEAN, DOUBLE, ANY, NULL -> null;
        };
    }

    static String className(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> String.class.getName();
            case BLOB -> java.sql.Blob.class.getName();
            case VARBINARY -> byte[].class.getName();
            case BIGINT -> Long.class.getName();
            case INTEGER -> Integer.class.getName();
            case SMALLINT -> Short.class.getName();
            case BOOLEAN -> Boolean.class.getName();
            case TIMESTAMP -> java.sql.Timestamp.class.getName();
            case DOUBLE -> Double.class.getName();
            case ANY, NULL -> Object.class.getName();
        };
    }

    /** The characters a value takes to display: the precision, and the text {@code NULL} for that type. */
    static int displaySize(ColumnType type) {
        return type == ColumnType.NULL ? "NULL".length() : precision(type);
    }

    static boolean numeric(ColumnType type) {
        return type == ColumnType.BIGINT || type == ColumnType.INTEGER || type == ColumnType.SMALLINT
                || type == ColumnType.DOUBLE;
    }

    static boolean text(ColumnType type) {
        return type == ColumnType.VARCHAR || type == ColumnType.JSON;
    }

    /** How a type can appear in a WHERE clause, as {@code getTypeInfo} reports it. */
    static short searchable(ColumnType type) {
        return (short) switch (type) {
            case BLOB -> DatabaseMetaData.typePredNone;
            case VARCHAR, JSON -> DatabaseMetaData.typeSearchable;
            default -> DatabaseMetaData.typePredBasic;
        };
    }

    /** The quote around a literal of the type, or null when it has none. */
    static String literalPrefix(ColumnType type) {
        return switch (type) {
            case VARCHAR, JSON -> "'";
            case BLOB, VARBINARY -> "X'";
            case TIMESTAMP -> "TIMESTAMP '";
            default -> null;
        };
    }

    static String literalSuffix(ColumnType type) {
        return literalPrefix(type) == null ? null : "'";
    }
}
