package org.dirdb.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;
import org.dirdb.sql.SqlState;

/** {@link Wrapper} for the driver's objects, which wrap nothing but themselves. */
interface SelfWrapper extends Wrapper {
    @Override
    default <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw Errors.of(SqlState.GENERAL, "not a wrapper for " + type.getName());
    }

    @Override
    default boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
