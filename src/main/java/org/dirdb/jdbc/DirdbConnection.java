package org.dirdb.jdbc;

import java.nio.file.Files;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.ResultCache;
import org.dirdb.sql.SqlFrontEnd;
import org.dirdb.sql.SqlState;
import org.dirdb.store.Store;

/**
 * A connection owns one {@link Store}. Auto-commit is always on: every statement is durable when it returns
 * and each entry write is atomic, but there are no multi-statement transactions yet, so
 * {@code setAutoCommit(false)} raises {@link java.sql.SQLFeatureNotSupportedException} and
 * {@code commit}/{@code rollback} raise SQLException (25000), as the JDBC spec asks in auto-commit mode.
 * Closing cascades to statements and their result sets, closes the store, and is idempotent; file-backed
 * Blobs stay readable until then.
 */
final class DirdbConnection implements Connection, SelfWrapper {
    private final String url;
    private final Store store;
    private final ResultCache results = new ResultCache();
    private final Set<DirdbStatement> statements = ConcurrentHashMap.newKeySet();
    private final Map<ClientInfo, String> clientInfo = new ConcurrentHashMap<>();
    private final Warnings warnings = new Warnings();
    private volatile boolean readOnly;
    private volatile int networkTimeout;
    /**
     * Read directly by result sets on their per-row path, where even a call per value shows in the time of a
     * listing; everything else uses {@link #checkOpen}.
     */
    volatile boolean closed;

    DirdbConnection(String url, Store store) {
        this.url = url;
        this.store = store;
        this.readOnly = store.options().readOnly();
    }

    /**
     * The tables this connection sees, for metadata. Only {@code db} until the SQL layer resolves other
     * tables; never throws, so listing tables cannot fail a tool's navigator.
     */
    List<String> tableNames() {
        return org.dirdb.sql.Tables.names(store);
    }

    /** The number of entries of a table, or null when the directory cannot be listed right now. */
    Long entryCount(String table) {
        try {
            if (DbColumn.TABLE.equals(table)) {
                return (long) store.list().size();
            }
            try (org.dirdb.store.Store sub = org.dirdb.sql.Tables.resolve(store, table)) {
                return (long) sub.list().size();
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** 25006 when this connection was made read-only, by the property or by {@link #setReadOnly}. */
    void checkWritable() throws SQLException {
        if (readOnly) {
            throw Errors.of(SqlState.READ_ONLY, "the connection is read-only; nothing was written");
        }
    }

    String url() {
        return url;
    }

    Store store() {
        return store;
    }

    /** Results of this connection's queries, replayed while the directory is unchanged. */
    ResultCache results() {
        return results;
    }

    SqlFrontEnd frontEnd() {
        return SqlFrontEnd.shared();
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("connection");
        }
    }

    void forget(DirdbStatement statement) {
        statements.remove(statement);
    }

    private <T extends DirdbStatement> T track(T statement) {
        statements.add(statement);
        return statement;
    }

    /**
     * Result sets are forward-only and read-only. A request for another kind gets that kind anyway, with a
     * warning on the connection, as JDBC asks of a driver that cannot provide the requested kind; an invalid
     * constant is 22023.
     */
    private void checkResultSetKind(int type, int concurrency) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
                && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw Errors.of(SqlState.INVALID_VALUE, "unknown result set type " + type);
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY && concurrency != ResultSet.CONCUR_UPDATABLE) {
            throw Errors.of(SqlState.INVALID_VALUE, "unknown result set concurrency " + concurrency);
        }
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            warnings.add("result sets are TYPE_FORWARD_ONLY; the requested scrollable type was not used");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            warnings.add("result sets are CONCUR_READ_ONLY; change rows with UPDATE statements");
        }
    }

    private void checkHoldability(int holdability) throws SQLException {
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw Errors.of(SqlState.INVALID_VALUE, "unknown holdability " + holdability);
        }
    }

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return track(new DirdbStatement(this));
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        return createStatement();
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        checkHoldability(holdability);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return track(new DirdbPreparedStatement(this, sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        checkOpen();
        checkResultSetKind(type, concurrency);
        checkHoldability(holdability);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return prepared(sql, GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return prepared(sql, GeneratedKeys.of(columnIndexes));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return prepared(sql, GeneratedKeys.of(columnNames));
    }

    private PreparedStatement prepared(String sql, GeneratedKeys keys) throws SQLException {
        DirdbPreparedStatement statement = new DirdbPreparedStatement(this, sql);
        statement.generatedKeys(keys);
        return track(statement);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        try {
            return SqlFrontEnd.nativeSql(sql);
        } catch (RuntimeException e) {
            throw Errors.convert(e);
        }
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        if (!autoCommit) {
            throw Errors.unsupported("Connection.setAutoCommit(false) (transactions); every statement commits itself");
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return true;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        throw Errors.of(SqlState.INVALID_TRANSACTION_STATE, "commit in auto-commit mode: every statement"
                + " is already committed");
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        throw Errors.of(SqlState.INVALID_TRANSACTION_STATE, "rollback in auto-commit mode: there is no"
                + " transaction to roll back");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.rollback (savepoints)");
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.setSavepoint (savepoints)");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.setSavepoint (savepoints)");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.releaseSavepoint (savepoints)");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    private void release() {
        for (DirdbStatement statement : statements.toArray(new DirdbStatement[0])) {
            statement.close();
        }
        statements.clear();
        store.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new DirdbDatabaseMetaData(this);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        if (!readOnly && store.options().readOnly()) {
            throw Errors.of(SqlState.READ_ONLY, "the connection was opened with readOnly=true and stays read-only");
        }
        this.readOnly = readOnly;
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen(); // catalogs are not supported; the JDBC spec asks to ignore the request silently
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen(); // schemas are not supported; ignored, as the JDBC spec allows
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_NONE) {
            throw Errors.unsupported("Connection.setTransactionIsolation with a level other than TRANSACTION_NONE");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_NONE;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings.get();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings.clear();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new java.util.HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw Errors.unsupported("Connection.setTypeMap with user-defined types");
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw Errors.unsupported("Connection.setHoldability other than HOLD_CURSORS_OVER_COMMIT");
        }
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.createClob");
    }

    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.createBlob (bind bytes or a stream instead)");
    }

    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.createNClob");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.createSQLXML");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.createArrayOf");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.createStruct");
    }

    /** True while the connection is open and its directory is still there (a stat, so it answers at once). */
    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "isValid timeout must not be negative: " + timeout);
        }
        return !closed && Files.isDirectory(store.directory());
    }

    /**
     * Keeps {@code ApplicationName}, {@code ClientUser} and {@code ClientHostname} (see
     * {@code getClientInfoProperties}); a null value removes one. Other names are refused with
     * {@link SQLClientInfoException}, which names them.
     */
    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        Map<String, String> change = new java.util.HashMap<>();
        change.put(name, value);
        applyClientInfo(change);
    }

    /** Sets the given properties and clears the known ones it does not name, as JDBC specifies. */
    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Map<String, String> change = new java.util.HashMap<>();
        for (ClientInfo info : ClientInfo.values()) {
            change.put(info.key(), null);
        }
        for (String name : properties.stringPropertyNames()) {
            ClientInfo known = ClientInfo.byKey(name);
            change.remove(known == null ? name : known.key());
            change.put(name, properties.getProperty(name));
        }
        applyClientInfo(change);
    }

    private void applyClientInfo(Map<String, String> change) throws SQLClientInfoException {
        Map<String, java.sql.ClientInfoStatus> failed = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : change.entrySet()) {
            ClientInfo info = e.getKey() == null ? null : ClientInfo.byKey(e.getKey());
            if (closed) {
                failed.put(e.getKey(), java.sql.ClientInfoStatus.REASON_UNKNOWN);
            } else if (info == null) {
                failed.put(e.getKey(), java.sql.ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
            } else if (e.getValue() != null && e.getValue().length() > ClientInfo.MAX_LENGTH) {
                failed.put(e.getKey(), java.sql.ClientInfoStatus.REASON_VALUE_TRUNCATED);
            }
        }
        if (closed) {
            throw new SQLClientInfoException("the connection is closed", SqlState.CONNECTION_CLOSED.code(), failed);
        }
        if (!failed.isEmpty()) {
            throw new SQLClientInfoException("unknown or too long client info properties " + failed.keySet()
                    + "; known are ApplicationName, ClientUser, ClientHostname (up to " + ClientInfo.MAX_LENGTH
                    + " characters)", SqlState.INVALID_VALUE.code(), failed);
        }
        change.forEach((name, value) -> {
            if (value == null) {
                clientInfo.remove(ClientInfo.byKey(name));
            } else {
                clientInfo.put(ClientInfo.byKey(name), value);
            }
        });
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        ClientInfo info = name == null ? null : ClientInfo.byKey(name);
        return info == null ? null : clientInfo.get(info);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties properties = new Properties();
        clientInfo.forEach((info, value) -> properties.setProperty(info.key(), value));
        return properties;
    }

    /** Closes the connection at once; running statements stop at their next row. No-op when closed. */
    @Override
    public void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        if (executor == null) {
            throw Errors.of(SqlState.INVALID_VALUE, "abort needs an executor");
        }
        for (DirdbStatement statement : statements.toArray(new DirdbStatement[0])) {
            statement.cancelQuietly();
        }
        closed = true;
        executor.execute(this::release);
    }

    /**
     * Kept and reported, but nothing waits on a network: every call is local file I/O, bounded by the lock
     * timeout and the query timeout.
     */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "network timeout must not be negative: " + milliseconds);
        }
        networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeout;
    }

    @Override
    public void beginRequest() throws SQLException {
        checkOpen();
    }

    @Override
    public void endRequest() throws SQLException {
        checkOpen();
    }

    @Override
    public void setShardingKey(java.sql.ShardingKey key, java.sql.ShardingKey superKey) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.setShardingKey");
    }

    @Override
    public void setShardingKey(java.sql.ShardingKey key) throws SQLException {
        setShardingKey(key, null);
    }

    @Override
    public boolean setShardingKeyIfValid(java.sql.ShardingKey key, java.sql.ShardingKey superKey, int timeout)
            throws SQLException {
        checkOpen();
        throw Errors.unsupported("Connection.setShardingKeyIfValid");
    }

    @Override
    public boolean setShardingKeyIfValid(java.sql.ShardingKey key, int timeout) throws SQLException {
        return setShardingKeyIfValid(key, null, timeout);
    }


}
