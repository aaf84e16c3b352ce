package org.dirdb.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.Executor;
import org.dirdb.sql.Param;
import org.dirdb.sql.Plan;
import org.dirdb.sql.ResultColumn;
import org.dirdb.sql.RowSource;
import org.dirdb.sql.SqlState;
import org.dirdb.store.SyncGroup;

/**
 * A statement runs one SQL text at a time through the shared front end and the executor. A new execution
 * closes the previous result set. {@link #cancel()} and the query timeout set a flag the rows check once per
 * row, so a long listing stops at the next row with SQLState 57014.
 */
class DirdbStatement implements Statement, SelfWrapper {
    final DirdbConnection connection;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<String> batch = new ArrayList<>();
    private volatile long deadline = Long.MAX_VALUE;
    /**
     * What a running statement checks before each row: {@link #cancel} or the query timeout. One for the
     * statement's life, as it reads the current {@link #deadline} and flag, not one made per execution.
     */
    private final BooleanSupplier stop = () -> cancelled.get() || System.nanoTime() - deadline > 0
            || Thread.currentThread().isInterrupted();
    private DirdbResultSet result;
    private GeneratedKeys keys = GeneratedKeys.NONE;
    private List<List<Object>> keyRows = List.of();
    /** The table the last INSERT wrote, whose rows {@link #keyRows} are. */
    private String keyTable = DbColumn.TABLE;
    private long updateCount = -1;
    private long maxRows;
    private int fetchSize;
    private int queryTimeout;
    private boolean closeOnCompletion;
    /** JDBC escape processing of the SQL this statement is given to execute; see {@link #setEscapeProcessing}. */
    private boolean escapeProcessing = true;
    private boolean closed;

    DirdbStatement(DirdbConnection connection) {
        this.connection = connection;
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw Errors.closed("statement");
        }
        connection.checkOpen();
    }

    /**
     * Runs a prepared plan (see {@link #prepared}), then reads the generated-key columns of the entries an
     * INSERT wrote; true when it produced rows (then {@link #getResultSet()} has them). A write on a
     * read-only connection is 25006 before anything is touched.
     */
    boolean run(Executor.Prepared prepared, List<Param> params, GeneratedKeys wantedKeys) throws SQLException {
        Plan plan = prepared.plan();
        closeResult();
        updateCount = -1;
        keys = wantedKeys;
        keyRows = List.of();
        keyTable = GeneratedKeys.insertedTable(plan);
        if (!plan.returnsRows()) {
            connection.checkWritable();
        }
        requireNotInterrupted();
        cancelled.set(false);
        deadline = queryTimeout == 0 ? Long.MAX_VALUE : System.nanoTime() + queryTimeout * 1_000_000_000L;
        try {
            Executor.Outcome outcome = new Executor(connection.store(), connection.results())
                    .execute(prepared, params, stop);
            if (outcome instanceof Executor.Outcome.Rows rows) {
                result = new DirdbResultSet(this, connection, rows.rows(), maxRows);
                return true;
            }
            updateCount = ((Executor.Outcome.Count) outcome).count();
        } catch (RuntimeException e) {
            throw failure(e);
        }
        if (wantedKeys.wanted()) {
            keyRows = readKeys(wantedKeys, keyTable, GeneratedKeys.insertedNames(plan, params));
        }
        return false;
    }

    /** Reads the key columns of the entries {@code names} of {@code table} (the table the INSERT wrote). */
    private List<List<Object>> readKeys(GeneratedKeys wanted, String table, List<String> names) throws SQLException {
        Executor.Prepared query = Executor.prepare(((Plan.Select) plan(wanted.query())).onTable(table));
        List<List<Object>> rows = new ArrayList<>();
        for (String name : names) {
            try (RowSource source = rowsOf(new Executor(connection.store()).execute(query,
                    List.of(new Param.Text(name)), () -> false))) {
                while (source.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 0; i < wanted.columns().size(); i++) {
                        row.add(source.get(i));
                    }
                    rows.add(row);
                }
            } catch (RuntimeException e) {
                throw Errors.convert(e);
            }
        }
        return rows;
    }

    private static RowSource rowsOf(Executor.Outcome outcome) {
        return ((Executor.Outcome.Rows) outcome).rows();
    }

    /**
     * The exception for a failure while running or reading rows: a stop caused by the query timeout is
     * {@link java.sql.SQLTimeoutException} (HYT00) rather than a cancellation (57014).
     */
    SQLException failure(RuntimeException e) {
        SQLException converted = Errors.convert(e);
        boolean timedOut = !cancelled.get() && System.nanoTime() - deadline > 0;
        if (timedOut && SqlState.CANCELLED.code().equals(converted.getSQLState())) {
            return Errors.of(SqlState.QUERY_TIMEOUT, "the statement ran longer than its query timeout of "
                    + queryTimeout + " s", e);
        }
        return converted;
    }

    /**
     * A statement on a thread whose interrupt flag is set is cancelled (57014) before it starts, as a lock wait
     * already is, and the flag stays set. Run anyway, the JDK would close the files it writes at their next
     * call, and the statement would fail halfway as an I/O error.
     */
    static void requireNotInterrupted() throws SQLException {
        if (Thread.currentThread().isInterrupted()) {
            throw Errors.of(SqlState.CANCELLED, "statement cancelled: the calling thread is interrupted");
        }
    }

    /** Stops a running statement without the closed check, for {@link java.sql.Connection#abort}. */
    void cancelQuietly() {
        cancelled.set(true);
    }

    Plan plan(String sql) throws SQLException {
        return prepared(sql).plan();
    }

    /**
     * The plan of {@code sql} as the front end keeps it, ready to run (analysed once per text), with escape
     * processing as {@link #setEscapeProcessing} last set it.
     */
    Executor.Prepared prepared(String sql) throws SQLException {
        requireNotInterrupted();
        try {
            return connection.frontEnd().prepared(sql, escapeProcessing);
        } catch (RuntimeException e) {
            throw Errors.convert(e);
        }
    }

    private void closeResult() {
        if (result != null) {
            result.close();
            result = null;
        }
    }

    /** Called by a result set of this statement when it closes. */
    void resultClosed(DirdbResultSet closedResult) {
        if (closedResult == result && closeOnCompletion) {
            close();
        }
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        checkOpen();
        Executor.Prepared prepared = prepared(sql);
        if (!prepared.plan().returnsRows()) { // checked before running: a refused statement changes nothing
            throw Errors.of(SqlState.GENERAL, "executeQuery needs a statement that returns rows; use"
                    + " executeUpdate for: " + abbreviate(sql));
        }
        run(prepared, List.of(), GeneratedKeys.NONE);
        return result;
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        checkOpen();
        return update(sql, GeneratedKeys.NONE);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        checkOpen();
        return run(prepared(sql), List.of(), GeneratedKeys.NONE);
    }

    static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeResult();
        connection.forget(this);
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return 0;
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "max field size must not be negative: " + max);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, getLargeMaxRows());
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return maxRows;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "max rows must not be negative: " + max);
        }
        maxRows = max;
    }

    /**
     * Turns JDBC escape processing of the SQL given to {@code execute...} and {@code addBatch} on (the default)
     * or off. Off, the text is parsed as written: escape syntax ({@code {fn UCASE(x)}}, {@code {d '...'}}...)
     * is then a syntax error (42000), since it is not SQL. It applies to the SQL of each later execution.
     */
    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return queryTimeout;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "query timeout must not be negative: " + seconds);
        }
        queryTimeout = seconds;
    }

    @Override
    /** Safe from another thread: sets a flag the running scan checks before each row. */
    public void cancel() throws SQLException {
        checkOpen();
        cancelled.set(true);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        throw Errors.unsupported("Statement.setCursorName");
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return result;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) Math.min(Integer.MAX_VALUE, getLargeUpdateCount());
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        closeResult();
        updateCount = -1;
        return false;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw Errors.unsupported("Statement.setFetchDirection other than FETCH_FORWARD");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "fetch size must not be negative: " + rows);
        }
        fetchSize = rows; // a hint: rows are produced one at a time anyway
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        checkOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetType() throws SQLException {
        checkOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        long[] counts = executeLargeBatch();
        int[] result = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = (int) Math.min(Integer.MAX_VALUE, counts[i]);
        }
        return result;
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<String> items = new ArrayList<>(batch);
        batch.clear();
        return runBatch(items.size(), i -> executeLargeUpdate(items.get(i)));
    }

    /** One statement of a batch, by its index: returns its update count. */
    interface BatchItem {
        long run(int index) throws SQLException;
    }

    /**
     * Runs a batch. Every statement commits itself, and the batch makes their changes durable together
     * when it ends (group commit, {@link SyncGroup}): a batch of N metadata updates makes N + 1 fsyncs
     * rather than 2N. A batch stops at its first failing statement; the exception carries the update counts
     * of the ones before it, which stay applied and are made durable before it is thrown. When that final
     * fsync fails, its failure (58030) is the one thrown, with the counts of the statements that ran and
     * the failing statement's own exception suppressed: what they changed may not survive a crash.
     */
    static long[] runBatch(int size, BatchItem item) throws SQLException {
        long[] counts = new long[size];
        SQLException failed = null;
        int ran = size;
        SyncGroup group = SyncGroup.open();
        try {
            for (int i = 0; i < size; i++) {
                try {
                    counts[i] = item.run(i);
                } catch (SQLException e) {
                    failed = e;
                    ran = i;
                    break;
                }
            }
        } finally {
            try {
                group.close();
            } catch (RuntimeException e) {
                SQLException synced = Errors.convert(e);
                java.sql.BatchUpdateException thrown = new java.sql.BatchUpdateException("the changes of the batch"
                        + " could not be made durable: " + synced.getMessage(), synced.getSQLState(),
                        synced.getErrorCode(), java.util.Arrays.copyOf(counts, ran), synced);
                if (failed != null) {
                    thrown.addSuppressed(failed);
                }
                throw thrown;
            }
        }
        if (failed != null) {
            throw new java.sql.BatchUpdateException("batch statement " + (ran + 1) + " failed: " + failed.getMessage(),
                    failed.getSQLState(), failed.getErrorCode(), java.util.Arrays.copyOf(counts, ran), failed);
        }
        return counts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        GeneratedKeys shape = keys.wanted() ? keys : GeneratedKeys.COMPUTED;
        List<ResultColumn> columns = shape.columns().stream()
                .map(c -> new ResultColumn(c.columnName(), c.columnName(), keyTable, c.type())).toList();
        return new DirdbResultSet(null, connection, RowSource.of(columns, keyRows), 0);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return (int) update(sql, GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return (int) update(sql, GeneratedKeys.of(columnIndexes));
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return (int) update(sql, GeneratedKeys.of(columnNames));
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return update(sql, GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return update(sql, GeneratedKeys.of(columnIndexes));
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return update(sql, GeneratedKeys.of(columnNames));
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return run(prepared(sql), List.of(), GeneratedKeys.of(autoGeneratedKeys));
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return run(prepared(sql), List.of(), GeneratedKeys.of(columnIndexes));
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        return run(prepared(sql), List.of(), GeneratedKeys.of(columnNames));
    }

    private long update(String sql, GeneratedKeys wanted) throws SQLException {
        Executor.Prepared prepared = prepared(sql);
        if (prepared.plan().returnsRows()) {
            throw Errors.of(SqlState.GENERAL, "executeUpdate cannot run a query; use executeQuery for: "
                    + abbreviate(sql));
        }
        run(prepared, List.of(), wanted);
        return updateCount;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        checkOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }


}
