package org.dirdb.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;
import org.dirdb.store.StoreException;

/**
 * The one place where failures of the lower layers become {@link SQLException}s. The SQLState decides the
 * subclass (42 syntax, 22 data, 23 integrity, 0A not supported, 08 connection, lock and statement timeouts
 * {@link SQLTimeoutException}, I/O {@link SQLNonTransientException}), so callers can catch by class.
 */
final class Errors {
    private Errors() {}

    /** The exception for a state and message. */
    static SQLException of(SqlState state, String message, Throwable cause) {
        String code = state.code();
        SQLException e = switch (state.sqlClass()) {
            case "42" -> new SQLSyntaxErrorException(message, code);
            case "22" -> new SQLDataException(message, code);
            case "23" -> new SQLIntegrityConstraintViolationException(message, code);
            case "0A" -> new SQLFeatureNotSupportedException(message, code);
            case "08" -> new SQLNonTransientConnectionException(message, code);
            case "40" -> new SQLTransientException(message, code);
            case "58", "25", "54" -> new SQLNonTransientException(message, code);
            default -> state == SqlState.LOCK_TIMEOUT || state == SqlState.QUERY_TIMEOUT
                    ? new SQLTimeoutException(message, code) : new SQLException(message, code);
        };
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    static SQLException of(SqlState state, String message) {
        return of(state, message, null);
    }

    /** Converts any failure of the sql or store layer (or a bug) exactly once. */
    static SQLException convert(RuntimeException e) {
        if (e instanceof QueryException q) {
            return of(q.state(), q.getMessage(), q);
        } else if (e instanceof StoreException s) {
            return of(state(s.reason()), s.getMessage(), s);
        } else {
            return of(SqlState.GENERAL, "internal error: " + e, e);
        }
    }

    /** The SQLState for each store failure. */
    static SqlState state(StoreException.Reason reason) {
        return switch (reason) {
            case INVALID_NAME -> SqlState.INVALID_VALUE;
            case INVALID_META -> SqlState.INVALID_JSON;
            case EXISTS -> SqlState.DUPLICATE;
            case NOT_FOUND -> SqlState.GENERAL;
            case EMPTY_ENTRY -> SqlState.NOT_NULL;
            case CORRUPT, INVALID_DATA -> SqlState.DATA_EXCEPTION;
            case CHANGED -> SqlState.CONFLICT;
            case LOCK_TIMEOUT -> SqlState.LOCK_TIMEOUT;
            case INTERRUPTED -> SqlState.CANCELLED;
            case IO, POISONED -> SqlState.IO_ERROR;
            case READ_ONLY -> SqlState.READ_ONLY;
            case NOT_EMPTY -> SqlState.DEPENDENT_OBJECTS;
            case CLOSED -> SqlState.CONNECTION_CLOSED;
            case UNSUPPORTED -> SqlState.FEATURE_NOT_SUPPORTED;
        };
    }

    /** 0A000 naming the JDBC method the driver does not implement. */
    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("dirdb does not support " + method,
                SqlState.FEATURE_NOT_SUPPORTED.code());
    }

    /** The error for a call on a closed object. */
    static SQLException closed(String what) {
        SqlState state = "connection".equals(what) ? SqlState.CONNECTION_CLOSED : SqlState.INVALID_STATE;
        return of(state, "the " + what + " is closed");
    }
}
