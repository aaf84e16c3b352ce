package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.dirdb.sql.ir.Eval;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;
import org.dirdb.sql.ir.Row;
import org.dirdb.sql.ir.Values;
import org.dirdb.store.Store;

/**
 * Runs a {@link Plan.Select}. Three shapes:
 * <ul>
 *   <li>no grouping, no DISTINCT, no ORDER BY or only {@code ORDER BY name}: streamed from the (pushed-down)
 *       listing by {@link StreamRows}, nothing held;</li>
 *   <li>ORDER BY anything else: holds each selected entry's name and sort keys (never its columns), at most
 *       OFFSET + LIMIT of them when LIMIT is given, then streams the winners' columns lazily;</li>
 *   <li>GROUP BY, aggregates or DISTINCT: holds one key and accumulator set per group (or the distinct
 *       output rows), never payloads.</li>
 * </ul>
 */
final class QueryRunner {
    private final Store store;
    private final Eval eval;
    private final BooleanSupplier cancelled;
    private final boolean everyValue;

    QueryRunner(Store store, Eval eval, BooleanSupplier cancelled) {
        this(store, eval, cancelled, false);
    }

    /**
     * @param everyValue the caller reads every column of every row (a result being kept for replay): the
     *                   file tested first for existence is then read at once when an output column uses it,
     *                   and the stat taken for that read answers existence too, instead of a stat of its own
     */
    QueryRunner(Store store, Eval eval, BooleanSupplier cancelled, boolean everyValue) {
        this.store = store;
        this.eval = eval;
        this.cancelled = cancelled;
        this.everyValue = everyValue;
    }

    static List<ResultColumn> columns(Plan.Select select) {
        String table = select.table() == null ? "" : select.table();
        List<ResultColumn> columns = new ArrayList<>(select.columns().size());
        for (Plan.Output o : select.columns()) {
            columns.add(new ResultColumn(o.label(), o.column() == null ? o.label() : o.column().columnName(),
                    o.column() == null ? "" : table, o.type()));
        }
        return java.util.Collections.unmodifiableList(columns);
    }

    /** Runs {@code q}, whose {@code shape} was worked out before (once per prepared statement). */
    RowSource run(Plan.Select q, SelectShape shape) {
        long limit = count(q.limit(), SqlState.INVALID_ROW_COUNT, "LIMIT");
        long offset = q.offset() == null ? 0 : count(q.offset(), SqlState.INVALID_OFFSET, "OFFSET");
        List<ResultColumn> columns = shape.columns;
        if (q.table() == null) {
            return materialized(q, List.of(Row.NONE), columns, offset, limit);
        }
        Candidates candidates = Candidates.of(store, q.scan(), q.where(), eval);
        boolean checkExists = !candidates.listed() || shape.needsFiles;
        boolean listed = candidates.listed();
        boolean metaFirst = shape.metaFirst;
        // Whether the file tested first for existence is read for every existing row before anything can skip
        // the row (the WHERE reads it; or, for a grouped or sorted query without a WHERE, anything does).
        boolean whereReads = shape.whereReadsFirst;
        if (!q.grouped() && !q.distinct() && (q.order().isEmpty() || byName(q.order()))) {
            // Every row up to the limit is read whole when the result is kept: no row skips that file's column.
            boolean eager = whereReads || everyValue && q.where() == null && offset == 0 && shape.outputsReadFirst;
            Expr where = shape.whereIsScan ? null : q.where(); // a point lookup's candidate needs no test
            return new StreamRows(store, candidates.names(), listed, checkExists, metaFirst, eager, where,
                    q.columns(), columns, eval, offset, limit, cancelled);
        }
        if (!q.grouped() && !q.distinct()) {
            boolean eager = whereReads || shape.orderReadsFirst;
            List<String> sorted = sortedNames(q, candidates, checkExists, metaFirst, eager, offset, limit);
            return new StreamRows(store, sorted, listed, true, metaFirst, false, null, q.columns(), columns, eval, 0,
                    Long.MAX_VALUE, cancelled);
        }
        boolean eager = whereReads || q.where() == null && (shape.outputsReadFirst || shape.groupByReadsFirst
                || shape.orderReadsFirst);
        Iterable<Row> rows = () -> new java.util.Iterator<>() {
            private final java.util.Iterator<String> names = candidates.names().iterator();
            private EntryRow next;

            @Override
            public boolean hasNext() {
                while (next == null && names.hasNext()) {
                    EntryRow row = new EntryRow.Stored(store, names.next(), listed, metaFirst, eager);
                    if (!checkExists || row.exists()) {
                        next = row;
                    }
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
        return materialized(q, rows, columns, offset, limit);
    }

    private static boolean byName(List<Plan.Order> order) {
        return order.size() == 1 && order.get(0).key() instanceof Expr.Col c && c.column() == DbColumn.NAME;
    }

    private long count(Expr e, SqlState state, String clause) {
        if (e == null) {
            return Long.MAX_VALUE;
        }
        Object v = Values.computable(Values.plain(eval.eval(e, Row.NONE)));
        if (v == null) {
            return state == SqlState.INVALID_OFFSET ? 0 : Long.MAX_VALUE; // LIMIT NULL is no limit
        }
        if (!(v instanceof Long n) || n < 0) {
            throw new QueryException(state, clause + " must be a non-negative integer, not " + Values.describe(v));
        }
        return n;
    }

    private boolean selected(Expr where, Row row) {
        if (cancelled.getAsBoolean()) {
            throw new QueryException(SqlState.CANCELLED, "statement cancelled");
        }
        return where == null || Boolean.TRUE.equals(eval.test(where, row));
    }

    /** A name with its sort keys and its position in the listing (the tie-breaker). */
    private record Keyed(String name, Object[] keys, long seq) {}

    private List<String> sortedNames(Plan.Select q, Candidates candidates, boolean checkExists, boolean metaFirst,
                                     boolean eager, long offset, long limit) {
        Comparator<Object[]> byKeys = keyComparator(q.order());
        Comparator<Keyed> order = (a, b) -> {
            int c = byKeys.compare(a.keys(), b.keys());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
        };
        long keep = limit == Long.MAX_VALUE ? Long.MAX_VALUE : offset + limit;
        PriorityQueue<Keyed> top = new PriorityQueue<>(order.reversed());
        List<Keyed> all = new ArrayList<>();
        long seq = 0;
        for (String name : candidates.names()) {
            EntryRow row = new EntryRow.Stored(store, name, candidates.listed(), metaFirst, eager);
            if (checkExists && !row.exists() || !selected(q.where(), row)) {
                continue;
            }
            Object[] keys = new Object[q.order().size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Values.plain(eval.eval(q.order().get(i).key(), row));
                Values.key(keys[i]); // refuses unsortable values (data) up front
            }
            Keyed keyed = new Keyed(name, keys, seq++);
            if (keep == Long.MAX_VALUE) {
                all.add(keyed);
            } else if (keep > 0) {
                top.add(keyed);
                if (top.size() > keep) {
                    top.poll();
                }
            }
        }
        if (keep != Long.MAX_VALUE) {
            all.addAll(top);
        }
        all.sort(order);
        List<String> names = new ArrayList<>();
        for (long i = offset; i < all.size() && names.size() < limit; i++) {
            names.add(all.get((int) i).name());
        }
        return names;
    }

    static Comparator<Object[]> keyComparator(List<Plan.Order> order) {
        return (a, b) -> {
            for (int i = 0; i < order.size(); i++) {
                Plan.Order o = order.get(i);
                Object x = a[i];
                Object y = b[i];
                int c;
                if (x == null || y == null) {
                    c = x == y ? 0 : (x == null) == o.nullsFirst() ? -1 : 1;
                } else {
                    c = Values.sortCompare(x, y);
                    if (o.descending()) {
                        c = -c;
                    }
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    /** Grouped, DISTINCT, or table-less queries: computes every output row, then orders and cuts. */
    private RowSource materialized(Plan.Select q, Iterable<Row> source, List<ResultColumn> columns, long offset,
                                   long limit) {
        List<Object[]> outputs = new ArrayList<>();
        List<Object[]> sortKeys = new ArrayList<>();
        if (q.grouped()) {
            for (Row group : groups(q, source)) {
                if (q.having() == null || Boolean.TRUE.equals(eval.test(q.having(), group))) {
                    outputs.add(evaluate(q.columns(), group));
                    sortKeys.add(keys(q, group, outputs.get(outputs.size() - 1)));
                }
            }
        } else {
            for (Row row : source) {
                if (selected(q.where(), row)) {
                    outputs.add(evaluate(q.columns(), row));
                    sortKeys.add(keys(q, row, outputs.get(outputs.size() - 1)));
                }
            }
        }
        List<Integer> positions = new ArrayList<>();
        if (q.distinct()) {
            Set<List<Object>> seen = new LinkedHashSet<>();
            for (int i = 0; i < outputs.size(); i++) {
                List<Object> key = new ArrayList<>();
                for (Object v : outputs.get(i)) {
                    key.add(Values.key(v));
                }
                if (seen.add(key)) {
                    positions.add(i);
                }
            }
        } else {
            for (int i = 0; i < outputs.size(); i++) {
                positions.add(i);
            }
        }
        Comparator<Object[]> byKeys = keyComparator(q.order());
        positions.sort((a, b) -> byKeys.compare(sortKeys.get(a), sortKeys.get(b)));
        List<List<Object>> rows = new ArrayList<>();
        for (long i = offset; i < positions.size() && rows.size() < limit; i++) {
            List<Object> row = new ArrayList<>();
            for (Object v : outputs.get(positions.get((int) i))) {
                row.add(StreamRows.output(v));
            }
            rows.add(row);
        }
        return RowSource.of(columns, rows);
    }

    private Object[] evaluate(List<Plan.Output> outputs, Row row) {
        Object[] values = new Object[outputs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = eval.eval(outputs.get(i).expr(), row);
        }
        return values;
    }

    private Object[] keys(Plan.Select q, Row row, Object[] outputs) {
        Object[] keys = new Object[q.order().size()];
        for (int i = 0; i < keys.length; i++) {
            Plan.Order o = q.order().get(i);
            keys[i] = Values.plain(o.output() >= 0 ? outputs[o.output()] : eval.eval(o.key(), row));
        }
        return keys;
    }

    /** One group: its GROUP BY values and the results of its aggregates. */
    private record Group(Object[] keys, Map<Expr.Agg, Aggregator> aggregates) implements Row {
        @Override
        public Object groupKey(int index) {
            return keys[index];
        }

        @Override
        public Object aggregate(Expr.Agg agg) {
            return aggregates.get(agg).result();
        }
    }

    private List<Group> groups(Plan.Select q, Iterable<Row> source) {
        List<Expr.Agg> aggs = new ArrayList<>();
        q.columns().forEach(o -> Exprs.aggregates(o.expr(), aggs));
        if (q.having() != null) {
            Exprs.aggregates(q.having(), aggs);
        }
        q.order().forEach(o -> Exprs.aggregates(o.key(), aggs));
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (Row row : source) {
            if (!selected(q.where(), row)) {
                continue;
            }
            Object[] keys = new Object[q.groupBy().size()];
            List<Object> identity = new ArrayList<>();
            for (int i = 0; i < keys.length; i++) {
                keys[i] = eval.eval(q.groupBy().get(i), row);
                identity.add(Values.key(keys[i]));
            }
            Group group = groups.computeIfAbsent(identity, k -> newGroup(keys, aggs));
            for (Map.Entry<Expr.Agg, Aggregator> a : group.aggregates().entrySet()) {
                Expr.Agg agg = a.getKey();
                if (agg.filter() != null && !Boolean.TRUE.equals(eval.test(agg.filter(), row))) {
                    continue; // FILTER (WHERE ...) is FALSE or unknown for this row
                }
                a.getValue().add(agg.arg() == null ? null : eval.eval(agg.arg(), row));
            }
        }
        if (groups.isEmpty() && q.groupBy().isEmpty()) {
            groups.put(List.of(), newGroup(new Object[0], aggs)); // aggregates over no rows: one row
        }
        List<Group> result = new ArrayList<>(groups.values());
        Comparator<Object[]> natural = (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                int c = Values.sortCompare(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        result.sort((x, y) -> natural.compare(x.keys(), y.keys())); // groups come out in key order
        return result;
    }

    private static Group newGroup(Object[] keys, List<Expr.Agg> aggs) {
        Map<Expr.Agg, Aggregator> map = new HashMap<>();
        for (Expr.Agg agg : aggs) {
            map.put(agg, new Aggregator(agg));
        }
        return new Group(keys, map);
    }
}
