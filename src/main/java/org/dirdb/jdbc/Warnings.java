package org.dirdb.jdbc;

import java.sql.SQLWarning;

/** A chain of warnings for {@code getWarnings}; thread-safe, since a connection may be shared. */
final class Warnings {
    private SQLWarning first;

    synchronized void add(String message) {
        SQLWarning warning = new SQLWarning(message, "01000");
        if (first == null) {
            first = warning;
        } else {
            first.setNextWarning(warning);
        }
    }

    synchronized SQLWarning get() {
        return first;
    }

    synchronized void clear() {
        first = null;
    }
}
