package org.dirdb.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.dirdb.sql.SqlState;

/**
 * A {@link DataSource} for pools and frameworks, configured by JavaBean setters: {@link #setUrl} (a
 * {@code jdbc:dirdb:} URL) or {@link #setDirectory}, plus one setter per connection property
 * ({@code create}, {@code sync}, {@code readOnly}, {@code lockTimeout}). Each {@link #getConnection()} opens a
 * new connection; properties in the URL win over the setters, as they do over {@link Properties} for the
 * driver. User name and password are accepted and ignored: a directory has no accounts.
 */
public class DirdbDataSource implements DataSource, SelfWrapper {
    private final DirdbDriver driver = new DirdbDriver();
    private final Map<ConnectionProperty, String> properties = new EnumMap<>(ConnectionProperty.class);
    private String url;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    public DirdbDataSource() {
        // configured through the setters
    }

    public synchronized void setUrl(String url) {
        this.url = url;
    }

    public synchronized String getUrl() {
        return url;
    }

    /** Sets the URL to {@code jdbc:dirdb:} followed by the directory. */
    public synchronized void setDirectory(String directory) {
        this.url = DirdbUrl.PREFIX + directory;
    }

    public void setCreate(boolean create) {
        set(ConnectionProperty.CREATE, Boolean.toString(create));
    }

    public void setSync(boolean sync) {
        set(ConnectionProperty.SYNC, Boolean.toString(sync));
    }

    public void setReadOnly(boolean readOnly) {
        set(ConnectionProperty.READ_ONLY, Boolean.toString(readOnly));
    }

    /** Milliseconds a statement waits for an entry lock. */
    public void setLockTimeout(long millis) {
        set(ConnectionProperty.LOCK_TIMEOUT, Long.toString(millis));
    }

    /** False: re-check every cached value with a stat on each use instead of trusting change notification. */
    public void setWatch(boolean watch) {
        set(ConnectionProperty.WATCH, Boolean.toString(watch));
    }

    /** True: every read takes the entry's shared lock (docs/storage.md, "Reads without a lock"). */
    public void setLockReads(boolean lockReads) {
        set(ConnectionProperty.LOCK_READS, Boolean.toString(lockReads));
    }

    /**
     * Payloads of at least this many bytes are written around the page cache under {@code sync=true}; 0 never
     * (docs/storage.md, "Big payloads around the page cache").
     */
    public void setDirectWriteMin(long bytes) {
        set(ConnectionProperty.DIRECT_WRITE_MIN, Long.toString(bytes));
    }

    private synchronized void set(ConnectionProperty property, String value) {
        properties.put(property, value);
    }

    /** The value set for a connection property, or null when it keeps its default. */
    public synchronized String getProperty(String name) {
        ConnectionProperty property = ConnectionProperty.byKey(name);
        return property == null ? null : properties.get(property);
    }

    @Override
    public Connection getConnection() throws SQLException {
        String target;
        Properties info = new Properties();
        synchronized (this) {
            target = url;
            properties.forEach((p, v) -> info.setProperty(p.key(), v));
        }
        if (target == null || !driver.acceptsURL(target)) {
            throw Errors.of(SqlState.CONNECTION_FAILED, "the data source needs setUrl(\"jdbc:dirdb:/path\") or"
                    + " setDirectory(\"/path\"); url is " + target);
        }
        return driver.connect(target, info);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Kept for tools that read it back; opening a directory does not wait on anything it could bound. */
    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "login timeout must not be negative: " + seconds);
        }
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw Errors.unsupported("DataSource.getParentLogger (the driver does not log)");
    }

    @Override
    public java.sql.ConnectionBuilder createConnectionBuilder() throws SQLException {
        throw Errors.unsupported("DataSource.createConnectionBuilder; use getConnection()");
    }

    @Override
    public java.sql.ShardingKeyBuilder createShardingKeyBuilder() throws SQLException {
        throw Errors.unsupported("DataSource.createShardingKeyBuilder");
    }


}
