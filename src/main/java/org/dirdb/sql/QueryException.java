package org.dirdb.sql;

/**
 * Every failure of the SQL layer: unchecked, carrying the {@link SqlState} the JDBC layer turns into the
 * matching {@code java.sql} exception. The message names the offending thing (column, table, construct,
 * position).
 */
public final class QueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final SqlState state;

    public QueryException(SqlState state, String message) {
        this(state, message, null);
    }

    public QueryException(SqlState state, String message, Throwable cause) {
        super(message, cause);
        this.state = state;
    }

    public SqlState state() {
        return state;
    }

    /** 0A000 naming the unsupported construct. */
    public static QueryException unsupported(String construct) {
        return new QueryException(SqlState.FEATURE_NOT_SUPPORTED, "not supported: " + construct);
    }

    /** 42000 with a message. */
    public static QueryException syntax(String message) {
        return new QueryException(SqlState.SYNTAX_ERROR, message);
    }
}
