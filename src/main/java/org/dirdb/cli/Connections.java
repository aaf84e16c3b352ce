package org.dirdb.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens the directory the way any JDBC client would: through {@link DriverManager}. */
final class Connections {
    static final String URL_PREFIX = "jdbc:dirdb:";

    private Connections() {}

    static Connection open(Path directory) throws SQLException {
        return DriverManager.getConnection(URL_PREFIX + directory);
    }
}
