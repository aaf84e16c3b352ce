package org.dirdb.sql;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.dirdb.sql.ir.Eval;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;
import org.dirdb.sql.ir.Row;
import org.dirdb.sql.ir.Values;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;
import org.dirdb.store.WriteMode;

/**
 * INSERT, UPDATE, DELETE, rename and MERGE. Every change to an entry is decided under that entry's exclusive
 * lock ({@link Store#modify}, {@link Store#delete(String, java.util.function.Predicate)}): the WHERE, the
 * SET expressions (so {@code meta = JSON_MERGEPATCH(meta, ?)} is a read-modify-write that loses no concurrent
 * update) and the upsert's matched/not-matched choice all see the entry as it is at that instant.
 *
 * <p>A statement that touches several entries changes each one atomically, in name order, and stops at the
 * first failure: the entries before it stay changed (there are no transactions). Update counts are the
 * entries actually changed (for UPDATE, those whose WHERE held under the lock).
 */
final class Writes {
    private final Store store;
    private final Eval eval;
    private final BooleanSupplier cancelled;

    Writes(Store store, Eval eval, BooleanSupplier cancelled) {
        this.store = store;
        this.eval = eval;
        this.cancelled = cancelled;
    }

    private void checkCancelled(long done) {
        if (cancelled.getAsBoolean()) {
            throw new QueryException(SqlState.CANCELLED, "statement cancelled after " + done + " rows");
        }
    }

    long insert(Plan.Insert insert) {
        if (insert.rows().size() > 1) {
            precheck(insert);
        }
        long written = 0;
        try (Payloads payloads = new Payloads(store, true)) {
            for (List<Expr> values : insert.rows()) {
                checkCancelled(written);
                Map<DbColumn, Object> row = row(insert, values);
                String name = Bindings.name(row.get(DbColumn.NAME));
                MetaChange meta = metaOfNew(name, row);
                Plan.Conflict conflict = insert.conflict();
                if (conflict instanceof Plan.Fail) {
                    store.write(name, WriteMode.INSERT, meta, Bindings.data(row.get(DbColumn.DATA)));
                    written++;
                } else {
                    PayloadChange data = payloads.change(row.get(DbColumn.DATA));
                    Store.Outcome outcome = store.modify(name, current -> {
                        if (!current.exists()) {
                            return new Store.Change(meta, data);
                        } else if (conflict instanceof Plan.DoUpdate update) {
                            Row target = new Proposed(new EntryRow.Locked(current), row);
                            return update.where() == null || Boolean.TRUE.equals(eval.test(update.where(), target))
                                    ? change(update.sets(), target, payloads) : null;
                        }
                        return null;
                    });
                    written += outcome == Store.Outcome.UNCHANGED ? 0 : 1;
                }
            }
        }
        return written;
    }

    /** One row of an {@code INSERT}'s {@code VALUES}, evaluated. */
    private Map<DbColumn, Object> row(Plan.Insert insert, List<Expr> values) {
        Map<DbColumn, Object> row = new EnumMap<>(DbColumn.class);
        for (int i = 0; i < values.size(); i++) {
            row.put(insert.columns().get(i), eval.eval(values.get(i), Row.NONE));
        }
        return row;
    }

    /** The metadata change of a row to insert; 23502 when the row gives neither data nor meta. */
    private static MetaChange metaOfNew(String name, Map<DbColumn, Object> row) {
        MetaChange meta = Bindings.meta(row.get(DbColumn.META));
        if (meta instanceof MetaChange.Remove && row.get(DbColumn.DATA) == null) {
            throw new QueryException(SqlState.NOT_NULL, "entry " + name + " would have neither data nor"
                    + " meta; give at least one");
        }
        return meta;
    }

    /**
     * Checks every row of a multi-row {@code INSERT} before the first is written, as {@link #precheck(Plan.Update,
     * Candidates)} does for an {@code UPDATE}: its values, its name, its metadata, that it leaves data or meta, and
     * (without {@code ON CONFLICT}) that its name is new, in the directory and in the list. So a row refused for
     * its input leaves every row unwritten; what only the write itself can meet (an entry created meanwhile, a
     * disk error) still stops the statement at that row.
     */
    private void precheck(Plan.Insert insert) {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (Payloads dry = Payloads.dryRun(store)) {
            for (List<Expr> values : insert.rows()) {
                Map<DbColumn, Object> row = row(insert, values);
                String name = Bindings.name(row.get(DbColumn.NAME));
                MetaChange meta = metaOfNew(name, row);
                boolean exists = store.stat(name) != null;
                if (insert.conflict() instanceof Plan.Fail) {
                    if (!names.add(name)) {
                        throw new QueryException(SqlState.DUPLICATE, "entry '" + name + "' appears twice in the"
                                + " VALUES list");
                    } else if (exists) {
                        throw new QueryException(SqlState.DUPLICATE, "entry '" + name + "' already exists");
                    }
                } else if (exists) {
                    continue; // ON CONFLICT decides under the lock, as for one row: the row may never be written
                }
                store.check(name, new Store.Change(meta, dry.change(row.get(DbColumn.DATA))));
            }
        }
    }

    /**
     * The change a SET list makes to an entry (evaluated on the locked entry). New metadata is checked
     * before any payload is staged, so a statement refused for its metadata leaves no trace on disk.
     */
    private Store.Change change(List<Plan.Assignment> sets, Row row, Payloads payloads) {
        MetaChange meta = MetaChange.KEEP;
        Object dataValue = null;
        boolean setsData = false;
        for (Plan.Assignment set : sets) {
            Object value = eval.eval(set.value(), row);
            if (set.column() == DbColumn.META) {
                meta = Bindings.meta(value);
                if (meta instanceof MetaChange.Set json) {
                    org.dirdb.store.JsonObjects.requireObject(json.json(), row.entry());
                }
            } else if (set.column() == DbColumn.DATA) {
                dataValue = value;
                setsData = true;
            }
        }
        PayloadChange data = !setsData ? PayloadChange.KEEP : dataValue instanceof org.dirdb.store.Payload
                ? unsupportedPayloadCopy() : payloads.change(dataValue);
        return new Store.Change(meta, data);
    }

    private static PayloadChange unsupportedPayloadCopy() {
        throw QueryException.unsupported("setting data from another entry's data");
    }

    long update(Plan.Update update) {
        Candidates candidates = Candidates.of(store, update.scan(), update.where(), eval);
        if (candidates.names().size() > 1) {
            precheck(update, candidates);
        }
        long changed = 0;
        Reads reads = Reads.of(update.where());
        try (Payloads payloads = new Payloads(store, candidates.names().size() <= 1)) {
            for (String name : candidates.names()) {
                checkCancelled(changed);
                if (!mayMatch(update.where(), reads, name)) {
                    continue;
                }
                Store.Outcome outcome = store.modify(name, current -> {
                    if (!current.exists()) {
                        return null;
                    }
                    Row row = new EntryRow.Locked(current);
                    if (update.where() != null && !Boolean.TRUE.equals(eval.test(update.where(), row))) {
                        return null;
                    }
                    return change(update.sets(), row, payloads);
                });
                changed += outcome == Store.Outcome.UNCHANGED ? 0 : 1;
            }
        }
        return changed;
    }

    /**
     * A statement over several entries applies entry by entry, each atomically. So that a change refused for
     * one entry (metadata that is not a JSON object, an entry left with neither data nor meta) writes none,
     * every entry's change is first computed and checked against the entry as it is now, without staging
     * payloads or writing anything.
     */
    private void precheck(Plan.Update update, Candidates candidates) {
        Reads reads = Reads.of(update.where());
        try (Payloads dry = Payloads.dryRun(store)) {
            for (String name : candidates.names()) {
                if (!mayMatch(update.where(), reads, name) || store.stat(name) == null) {
                    continue;
                }
                Row row = new EntryRow.Stored(store, name);
                if (update.where() != null && !Boolean.TRUE.equals(eval.test(update.where(), row))) {
                    continue;
                }
                store.check(name, change(update.sets(), row, dry));
            }
        }
    }

    long rename(Plan.Rename rename) {
        Object from = Values.plain(eval.eval(rename.from(), Row.NONE));
        String to = Bindings.name(eval.eval(rename.to(), Row.NONE));
        if (!(from instanceof String name)) {
            return 0;
        }
        if (name.equals(to)) {
            return store.stat(name) == null ? 0 : 1;
        }
        return store.rename(name, to) ? 1 : 0;
    }

    long delete(Plan.Delete delete) {
        Candidates candidates = Candidates.of(store, delete.scan(), delete.where(), eval);
        long deleted = 0;
        Reads reads = Reads.of(delete.where());
        for (String name : candidates.names()) {
            checkCancelled(deleted);
            if (!mayMatch(delete.where(), reads, name)) {
                continue;
            }
            boolean gone = store.delete(name, current -> delete.where() == null
                    || Boolean.TRUE.equals(eval.test(delete.where(), new EntryRow.Locked(current))));
            deleted += gone ? 1 : 0;
        }
        return deleted;
    }

    long merge(Plan.Merge merge) {
        Map<DbColumn, Object> source = new EnumMap<>(DbColumn.class);
        for (int i = 0; i < merge.sourceColumns().size(); i++) {
            source.put(merge.sourceColumns().get(i), eval.eval(merge.sourceValues().get(i), Row.NONE));
        }
        String name = Bindings.name(source.get(DbColumn.NAME));
        try (Payloads payloads = new Payloads(store, true)) {
            if (merge.matchedDelete()) {
                boolean deleted = store.delete(name, current -> matches(merge.matchedCondition(),
                        new Proposed(new EntryRow.Locked(current), source)));
                if (deleted) {
                    return 1;
                }
            }
            Store.Outcome outcome = store.modify(name, current -> {
                if (current.exists()) {
                    Row row = new Proposed(new EntryRow.Locked(current), source);
                    if (merge.matchedSets() == null || !matches(merge.matchedCondition(), row)) {
                        return null;
                    }
                    return change(merge.matchedSets(), row, payloads);
                }
                Row row = new Proposed(null, source);
                if (merge.insertColumns() == null || !matches(merge.notMatchedCondition(), row)) {
                    return null;
                }
                Map<DbColumn, Object> values = new EnumMap<>(DbColumn.class);
                for (int i = 0; i < merge.insertColumns().size(); i++) {
                    values.put(merge.insertColumns().get(i), eval.eval(merge.insertValues().get(i), row));
                }
                if (!name.equals(Values.plain(values.get(DbColumn.NAME)))) {
                    throw QueryException.unsupported("MERGE INSERT with another name than the source's ("
                            + values.get(DbColumn.NAME) + " instead of " + name + ")");
                }
                return new Store.Change(Bindings.meta(values.get(DbColumn.META)),
                        values.get(DbColumn.DATA) == null ? PayloadChange.REMOVE
                                : payloads.change(values.get(DbColumn.DATA)));
            });
            return outcome == Store.Outcome.UNCHANGED ? 0 : 1;
        }
    }

    /** What a WHERE reads of an entry: worked out once per statement, for {@link #mayMatch} on each candidate. */
    private enum Reads {
        NOTHING, NAME_ONLY, FILES;

        static Reads of(Expr where) {
            if (where == null || !Exprs.anyMatch(where, x -> x instanceof Expr.Col)) {
                return NOTHING;
            }
            return Exprs.anyMatch(where, x -> x instanceof Expr.Col c && c.column() != DbColumn.NAME) ? FILES : NAME_ONLY;
        }
    }

    /**
     * A first look at the WHERE without any lock, so that a statement over many entries locks only those
     * that match; the WHERE is evaluated again under the lock, which decides. (An entry that starts to match
     * between the two looks is left alone, as if the statement had run just before that change.)
     */
    private boolean mayMatch(Expr where, Reads reads, String name) {
        if (reads == Reads.NOTHING) {
            return true;
        }
        EntryRow row = new EntryRow.Stored(store, name);
        if (reads == Reads.NAME_ONLY) {
            // WHERE name = ?: no file to look at here. Whether the entry exists is asked by the store's write
            // itself, before it locks or creates anything.
            return Boolean.TRUE.equals(eval.test(where, row));
        }
        return row.exists() && Boolean.TRUE.equals(eval.test(where, row));
    }

    private boolean matches(Expr condition, Row row) {
        return condition == null || Boolean.TRUE.equals(eval.test(condition, row));
    }

    void createTable(Store root, Plan.CreateTable create) {
        try {
            Tables.create(root, create.table());
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.EXISTS) {
                throw e;
            }
            if (!create.ifNotExists()) {
                throw new QueryException(SqlState.TABLE_EXISTS, "table " + create.table() + " already exists", e);
            }
        }
    }

    long dropTable(Store root, Plan.DropTable drop) {
        boolean dropped = Tables.drop(root, drop.table());
        if (!dropped && !drop.ifExists()) {
            throw new QueryException(SqlState.UNKNOWN_TABLE, "table " + drop.table() + " not found");
        }
        return 0;
    }

    /** An entry (or none, for MERGE's not-matched branch) with the proposed row of an upsert. */
    private record Proposed(Row target, Map<DbColumn, Object> proposed) implements Row {
        @Override
        public Object column(DbColumn column) {
            if (target == null) {
                throw QueryException.syntax("WHEN NOT MATCHED cannot read the target's column " + column.columnName());
            }
            return target.column(column);
        }

        @Override
        public com.fasterxml.jackson.databind.JsonNode metaJson() {
            return target == null ? Row.super.metaJson() : target.metaJson();
        }

        @Override
        public String entry() {
            return target == null ? null : target.entry();
        }

        @Override
        public Object excluded(DbColumn column) {
            return proposed.get(column);
        }
    }
}
