package org.dirdb.sql;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * The one place JSqlParser is called. SQL text goes through {@link InputGuard} (length cap, nesting and
 * balance check, one statement) and {@link Escapes} (the JDBC escapes JSqlParser cannot read), then
 * JSqlParser on a shared pool of daemon threads with a timeout (the one-argument
 * {@code CCJSqlParserUtil.parse} would start a non-daemon thread per call), then the {@link Translator}.
 * Plans are cached by SQL text in a small LRU, so a prepared statement executed many times is parsed
 * once; the cache holds each plan {@linkplain Executor#prepare prepared}, so a statement
 * text run again (by a plain {@code Statement} or a new {@code PreparedStatement}) is not analysed again
 * either. The few shapes of {@link SimpleStatements} are planned without the parser.
 *
 * <p>Every failure is a {@link QueryException}: syntax errors are 42000 with "line L, column C" when the
 * parser reports a position, and messages quote at most {@value #QUOTE_LIMIT} characters of the SQL.
 *
 * <p>Thread-safe.
 */
public final class SqlFrontEnd {
    /** Longest SQL text accepted, in characters. */
    public static final int MAX_LENGTH = 1 << 20;
    /** Deepest parenthesis nesting accepted; JSqlParser slows down sharply well before it overflows. */
    public static final int MAX_NESTING = 100;
    /** Most tokens accepted: about 10,000 values in an IN list or a multi-row VALUES. */
    public static final int MAX_TOKENS = 20_000;
    static final int QUOTE_LIMIT = 200;

    private static final Duration PARSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final ExecutorService PARSER_THREADS = parserThreads();
    private static final SqlFrontEnd SHARED = new SqlFrontEnd(256);

    private final InputGuard guard = new InputGuard(MAX_LENGTH, MAX_NESTING, MAX_TOKENS);
    private final Map<String, Executor.Prepared> cache;
    private final AtomicLong parses = new AtomicLong();

    /** A front end with its own plan cache of {@code cacheSize} entries. */
    public SqlFrontEnd(int cacheSize) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Executor.Prepared> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /** The driver-wide instance. */
    public static SqlFrontEnd shared() {
        return SHARED;
    }

    /** Parses and translates one statement, or returns the cached plan for the same text. */
    public Plan prepare(String sql) {
        return prepared(sql).plan();
    }

    /** {@link #prepare}, with what executing the plan needs to know of it (see {@link Executor#prepare}). */
    public Executor.Prepared prepared(String sql) {
        return prepared(sql, true);
    }

    /**
     * {@link #prepared(String)}, with JDBC escape processing on or off. Off, the text is taken as written, and
     * escape syntax ({@code {fn ...}}, {@code {d ...}}...) outside literals and comments is a syntax error
     * (42000), as it is no SQL; a text without any is planned (and cached) the same either way.
     */
    public Executor.Prepared prepared(String sql, boolean escapeProcessing) {
        if (!escapeProcessing) {
            Escapes.refuse(sql);
        }
        synchronized (cache) {
            Executor.Prepared cached = cache.get(sql);
            if (cached != null) {
                return cached;
            }
        }
        Plan plan = SimpleStatements.plan(sql); // the commonest shapes, without loading the parser
        if (plan == null) {
            try {
                plan = new Translator().translate(parse(sql));
            } catch (StackOverflowError e) {
                throw tooDeep(sql, e); // a shape the depth limits do not foresee: still an SQLException
            }
        }
        Executor.Prepared prepared = Executor.prepare(plan);
        synchronized (cache) {
            cache.put(sql, prepared);
        }
        return prepared;
    }

    /**
     * The text with its JDBC escapes processed, as statements run it ({@code Connection.nativeSQL}): the same
     * rewrite, and the same 42000 for a malformed escape.
     */
    public static String nativeSql(String sql) {
        if (sql == null) {
            throw QueryException.syntax("empty SQL statement"); // as running it says
        }
        return Escapes.rewrite(sql);
    }

    /** How many times JSqlParser actually ran (cache misses that got past the guard). */
    long parseCount() {
        return parses.get();
    }

    /** Guards and parses exactly one statement. */
    Statement parse(String sql) {
        String text = Escapes.rewrite(guard.check(sql));
        if (text.isBlank()) {
            throw QueryException.syntax("empty SQL statement");
        }
        parses.incrementAndGet();
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(text, PARSER_THREADS,
                    parser -> parser.withTimeOut(PARSE_TIMEOUT.toMillis()));
        } catch (JSQLParserException e) {
            throw translateFailure(sql, e);
        } catch (StackOverflowError e) {
            throw tooDeep(sql, e);
        }
        if (statements == null || statements.isEmpty()) {
            throw QueryException.syntax("empty SQL statement");
        }
        if (statements.size() != 1) {
            throw QueryException.syntax("only one statement per call, found " + statements.size() + ": "
                    + quote(sql));
        }
        return statements.get(0);
    }

    private static QueryException translateFailure(String sql, JSQLParserException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return tooDeep(sql, t);
            }
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // kept for the caller, as a lock wait keeps it
                return new QueryException(SqlState.CANCELLED, "statement cancelled: the thread was interrupted"
                        + " while the statement was parsed: " + quote(sql), e);
            }
            if (t instanceof TimeoutException) {
                return new QueryException(SqlState.SYNTAX_ERROR, "parsing took longer than "
                        + PARSE_TIMEOUT.toSeconds() + " s: " + quote(sql), e);
            }
            if (t instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
                Token at = pe.currentToken.next;
                String near = at.image == null || at.image.isEmpty() ? "end of input" : "'" + at.image + "'";
                return new QueryException(SqlState.SYNTAX_ERROR, "syntax error at line " + at.beginLine
                        + ", column " + at.beginColumn + " near " + near + ": " + quote(sql), e);
            }
            if (t.getMessage() != null && t != e) {
                Matcher m = POSITION.matcher(t.getMessage());
                if (m.find()) {
                    return new QueryException(SqlState.SYNTAX_ERROR, "syntax error at line " + m.group(1)
                            + ", column " + m.group(2) + ": " + quote(sql), e);
                }
            }
        }
        return new QueryException(SqlState.SYNTAX_ERROR, "syntax error: " + quote(sql), e);
    }

    private static QueryException tooDeep(String sql, Throwable cause) {
        return new QueryException(SqlState.SYNTAX_ERROR, "statement too deeply nested to parse: " + quote(sql),
                cause);
    }

    /** The SQL as quoted in messages: at most {@value #QUOTE_LIMIT} characters. */
    static String quote(String sql) {
        String oneLine = sql.strip();
        return oneLine.length() <= QUOTE_LIMIT ? oneLine : oneLine.substring(0, QUOTE_LIMIT) + "...";
    }

    private static ExecutorService parserThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), task -> {
                    Thread thread = new Thread(task, "dirdb-sql-parser-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return pool;
    }
}
