package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last results of one connection's queries, replayed when the same query runs again with the same
 * parameters and nothing in the directory has changed since it ran (an embedded database reuses a result the
 * same way while its tables are unmodified). "Nothing changed" is the store's change version
 * ({@link org.dirdb.store.Store#changeVersion}): change notification says no entry changed since the result
 * was read, so running the query again would read the very same files.
 *
 * <p>Only what a replay can reproduce exactly is kept: queries on the connection's own directory whose
 * values are text, numbers, booleans and times (no {@code data} column, whose value is a reference to a file
 * read later), without {@code CURRENT_TIMESTAMP}, and only results that were read to their end; at most
 * {@link #MAX_RESULTS} of them, of at most {@link #MAX_ROWS} rows each and about {@link #MAX_CHARS}
 * characters together (the least recently used go first). Thread-safe: statements of one connection may
 * run on several threads.
 */
public final class ResultCache {
    static final int MAX_RESULTS = 8;
    static final int MAX_ROWS = 200_000;
    /**
     * Characters (plus 8 per row and per value) that all kept results of a connection hold together: a
     * sixteenth of the heap, at most 16 M.
     */
    static final long MAX_CHARS = Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16);

    /**
     * A query and its parameter values. The plan is compared by identity: the front end hands out one plan
     * object per SQL text for as long as the text stays in its plan cache, so a repeated statement finds its
     * result, and a plan that is equal but not the same (another spelling of the query) only misses a
     * replay. Comparing plans value by value would walk a tree of records, whose generated {@code equals}
     * and {@code hashCode} cost tens of milliseconds of set-up the first time a JVM calls them: time a first
     * query and its first replay paid.
     */
    private static final class Key {
        private final Plan.Select plan;
        private final List<Object> params;
        private final int hash;

        Key(Plan.Select plan, List<Object> params) {
            this.plan = plan;
            this.params = params;
            this.hash = 31 * System.identityHashCode(plan) + params.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.plan == plan && k.params.equals(params);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Result(long version, List<ResultColumn> columns, List<Object[]> rows, long chars) {}

    private final LinkedHashMap<Key, Result> results = new LinkedHashMap<>(16, 0.75f, true);
    private long chars;

    private long replays;

    /** How many results were replayed so far. */
    synchronized long replays() {
        return replays;
    }

    /** Whether a replay of the result of a query of this shape would be exact (see the class comment). */
    static boolean cacheable(SelectShape shape, List<Object> params) {
        if (!shape.replayable) {
            return false;
        }
        for (Object p : params) {
            if (p != null && !(p instanceof String || p instanceof Number || p instanceof Boolean)) {
                return false; // bytes compare by identity; anything else is not worth a key
            }
        }
        return true;
    }

    /** The rows of an earlier run of the same query at the same change version, or null. */
    synchronized RowSource replay(Plan.Select plan, List<Object> params, long version) {
        Key key = new Key(plan, params);
        Result r = results.get(key);
        if (r == null) {
            return null;
        }
        if (r.version() != version) {
            results.remove(key);
            chars -= r.chars();
            return null;
        }
        replays++;
        return new Replay(r.columns(), r.rows());
    }

    /** {@code rows} as they are read, kept when they are read to their end and fit. */
    RowSource recording(Plan.Select plan, List<Object> params, long version, RowSource rows) {
        return new Recording(new Key(plan, params), version, rows);
    }

    private synchronized void keep(Key key, Result result) {
        Result old = results.put(key, result);
        chars += result.chars() - (old == null ? 0 : old.chars());
        Iterator<Map.Entry<Key, Result>> eldest = results.entrySet().iterator();
        while ((results.size() > MAX_RESULTS || chars > MAX_CHARS) && eldest.hasNext()) {
            Map.Entry<Key, Result> e = eldest.next();
            chars -= e.getValue().chars();
            eldest.remove();
        }
    }

    private record Failed(RuntimeException failure) {}

    /** A kept result handed out again, its rows shared with the cache: nobody changes a kept row. */
    private static final class Replay implements RowSource {
        private final List<ResultColumn> columns;
        private final List<Object[]> rows;
        private int position;
        private Object[] current;

        Replay(List<ResultColumn> columns, List<Object[]> rows) {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public List<ResultColumn> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            current = position < rows.size() ? rows.get(position++) : null;
            return current != null;
        }

        @Override
        public Object[] row() {
            return current;
        }

        @Override
        public Object get(int index) {
            return current[index];
        }

        @Override
        public void close() {
            position = rows.size();
            current = null;
        }
    }

    /**
     * Reads every column of each row as it advances (so the kept row is whole even when the application
     * skips a column), and keeps the result when {@link #next} reaches the end.
     */
    private final class Recording implements RowSource {
        private final Key key;
        private final long version;
        private final RowSource source;
        private final int width;
        private List<Object[]> kept = new ArrayList<>();
        private long chars;
        private Object[] current;
        /** {@link #current} when none of its values failed, else null. */
        private Object[] whole;

        Recording(Key key, long version, RowSource source) {
            this.key = key;
            this.version = version;
            this.source = source;
            this.width = source.columns().size();
        }

        @Override
        public List<ResultColumn> columns() {
            return source.columns();
        }

        @Override
        public boolean next() {
            if (!source.next()) {
                current = null;
                whole = null;
                if (kept != null) {
                    ResultCache.this.keep(key, new Result(version, List.copyOf(source.columns()), kept, chars));
                    kept = null;
                }
                return false;
            }
            current = new Object[width];
            whole = current;
            for (int i = 0; i < width; i++) {
                try {
                    current[i] = source.get(i);
                } catch (RuntimeException e) {
                    current[i] = new Failed(e); // raised when the application asks for this value, as before
                    kept = null;
                    whole = null;
                }
            }
            if (kept != null) {
                keep(current);
            }
            return true;
        }

        private void keep(Object[] row) {
            for (Object v : row) {
                if (v instanceof String s) {
                    chars += s.length();
                } else if (v != null && !(v instanceof Number || v instanceof Boolean
                        || v instanceof java.time.Instant)) {
                    kept = null; // a value a replay could not hand out again unchanged
                    return;
                }
            }
            chars += 8L * (row.length + 1);
            if (kept.size() >= MAX_ROWS || chars > MAX_CHARS) {
                kept = null;
                return;
            }
            kept.add(row);
        }

        @Override
        public Object get(int index) {
            if (current[index] instanceof Failed f) {
                throw f.failure();
            }
            return current[index];
        }

        @Override
        public Object[] row() {
            return whole;
        }

        @Override
        public void close() {
            kept = null; // closed before its end: not the whole result
            current = null;
            whole = null;
            source.close();
        }
    }
}
