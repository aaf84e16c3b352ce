package org.dirdb.jdbc;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import org.dirdb.sql.SqlState;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;
import org.dirdb.store.StoreOptions;

/**
 * The dirdb JDBC driver: {@code jdbc:dirdb:/path/to/dir} opens a directory of dirdb entries as a database
 * whose one table, {@code db}, has a row per entry. See {@link DirdbUrl} for the URL and property rules and
 * {@link ConnectionProperty} for the properties. Registers itself with {@link DriverManager} when loaded,
 * and is listed in {@code META-INF/services/java.sql.Driver}.
 */
public final class DirdbDriver implements Driver {
    static final int MAJOR_VERSION = 0;
    static final int MINOR_VERSION = 1;

    static {
        try {
            DriverManager.registerDriver(new DirdbDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public DirdbDriver() {
        // stateless; DriverManager and ServiceLoader instantiate it
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        DirdbUrl parsed = DirdbUrl.parse(url, info);
        StoreOptions options = ConnectionProperty.storeOptions(parsed.properties());
        if (!options.create() && !Files.isDirectory(parsed.directory())) {
            throw Errors.of(SqlState.CONNECTION_FAILED, "database directory " + parsed.directory()
                    + " does not exist (create=false)");
        }
        try {
            return new DirdbConnection(url, Store.open(parsed.directory(), options));
        } catch (StoreException e) {
            SQLException converted = Errors.convert(e);
            throw Errors.of(SqlState.CONNECTION_FAILED, "cannot open " + parsed.directory() + ": "
                    + e.getMessage() + " (SQLState " + converted.getSQLState() + ")", e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return DirdbUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        Map<ConnectionProperty, String> given = acceptsURL(url) ? DirdbUrl.parse(url, info).properties()
                : Map.of();
        ConnectionProperty[] all = ConnectionProperty.values();
        DriverPropertyInfo[] infos = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            infos[i] = all[i].info(given);
        }
        return infos;
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** Not compliant: no transactions, one table. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.unsupported("Driver.getParentLogger");
    }
}
