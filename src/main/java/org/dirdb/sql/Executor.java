package org.dirdb.sql;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dirdb.sql.ir.Eval;
import org.dirdb.store.Store;
import org.dirdb.store.SyncGroup;

/**
 * Runs a {@link Plan} against a database (the root {@link Store}; other tables are resolved through
 * {@link Tables}) with bound parameters. Queries go to {@link QueryRunner}, changes to {@link Writes}, whose
 * javadoc says what a statement over several entries does when one fails.
 *
 * <p>Store failures propagate as {@link org.dirdb.store.StoreException}; the JDBC layer converts them.
 */
public final class Executor {
    private final Store root;
    private final ResultCache results;

    public Executor(Store root) {
        this(root, null);
    }

    /** @param results the connection's earlier results, replayed while the directory is unchanged; null: none */
    public Executor(Store root, ResultCache results) {
        this.root = root;
        this.results = results;
    }

    /** What executing a statement produced: an update count or rows. */
    public sealed interface Outcome {
        record Count(long count) implements Outcome {}

        record Rows(RowSource rows) implements Outcome {}
    }

    /**
     * A plan together with what executing it needs to know of the plan alone, worked out once: a prepared
     * statement holds one and runs it any number of times, so a point lookup does not walk its expression
     * trees again on every execution. Immutable.
     */
    public static final class Prepared {
        private final Plan plan;
        /** Null unless the plan is a query. */
        private final SelectShape shape;

        private Prepared(Plan plan) {
            this.plan = plan;
            this.shape = plan instanceof Plan.Select select ? SelectShape.of(select) : null;
        }

        public Plan plan() {
            return plan;
        }
    }

    /** Works out once what every execution of {@code plan} needs to know of it. */
    public static Prepared prepare(Plan plan) {
        return new Prepared(plan);
    }

    /**
     * Executes the plan.
     *
     * @param params    the bound values, index 0 for parameter 1; a null element is an unset parameter
     * @param cancelled checked once per entry; when it turns true the statement raises 57014
     */
    public Outcome execute(Plan plan, List<Param> params, BooleanSupplier cancelled) {
        return execute(prepare(plan), params, cancelled);
    }

    /** {@link #execute(Plan, List, BooleanSupplier)} for a plan prepared before. */
    public Outcome execute(Prepared prepared, List<Param> params, BooleanSupplier cancelled) {
        Plan plan = prepared.plan;
        List<Object> values = Bindings.values(params, plan.parameterCount());
        if (plan instanceof Plan.Select select) {
            SelectShape shape = prepared.shape;
            // The start time is what CURRENT_TIMESTAMP reads; a query without it never asks for it.
            Eval eval = new Eval(values, shape.readsClock ? Instant.now() : null);
            if (results != null && ResultCache.cacheable(shape, values)) {
                long version = root.changeVersion();
                if (version >= 0) {
                    RowSource again = results.replay(select, values, version);
                    return new Outcome.Rows(again != null ? again : results.recording(select, values, version,
                            new QueryRunner(root, eval, cancelled, true).run(select, shape)));
                }
            }
            Store store = select.table() == null ? root : Tables.resolve(root, select.table());
            return new Outcome.Rows(new QueryRunner(store, eval, cancelled).run(select, shape));
        }
        // A statement that changes several entries commits each one, and makes them durable together. When
        // that fails, the failure is the statement's: what it changed may not survive a crash.
        SyncGroup group = SyncGroup.open();
        Outcome outcome;
        try {
            outcome = write(plan, new Eval(values, Instant.now()), cancelled);
        } catch (RuntimeException e) {
            try {
                group.close();
            } catch (RuntimeException synced) {
                synced.addSuppressed(e);
                throw synced;
            }
            throw e;
        }
        group.close();
        return outcome;
    }

    private Outcome write(Plan plan, Eval eval, BooleanSupplier cancelled) {
        if (plan instanceof Plan.Insert insert) {
            return count(writes(insert.table(), eval, cancelled).insert(insert));
        } else if (plan instanceof Plan.Update update) {
            return count(writes(update.table(), eval, cancelled).update(update));
        } else if (plan instanceof Plan.Rename rename) {
            return count(writes(rename.table(), eval, cancelled).rename(rename));
        } else if (plan instanceof Plan.Delete delete) {
            return count(writes(delete.table(), eval, cancelled).delete(delete));
        } else if (plan instanceof Plan.Merge merge) {
            return count(writes(merge.table(), eval, cancelled).merge(merge));
        } else if (plan instanceof Plan.CreateTable create) {
            new Writes(root, eval, cancelled).createTable(root, create);
            return count(0);
        } else if (plan instanceof Plan.DropTable drop) {
            return count(new Writes(root, eval, cancelled).dropTable(root, drop));
        } else {
            throw QueryException.unsupported("plan " + plan.getClass().getSimpleName());
        }
    }

    private Writes writes(String table, Eval eval, BooleanSupplier cancelled) {
        return new Writes(Tables.resolve(root, table), eval, cancelled);
    }

    private static Outcome count(long n) {
        return new Outcome.Count(n);
    }

    /**
     * The entry names an INSERT (or upsert) names, in row order, for {@code getGeneratedKeys}; empty for other
     * statements and for names that are not text.
     */
    public static List<String> insertedNames(Plan plan, List<Param> params) {
        List<String> names = new java.util.ArrayList<>();
        if (plan instanceof Plan.Insert insert) {
            int at = insert.columns().indexOf(DbColumn.NAME);
            Eval eval = new Eval(Bindings.values(params, plan.parameterCount()), Instant.now());
            for (List<org.dirdb.sql.ir.Expr> row : insert.rows()) {
                Object name = org.dirdb.sql.ir.Values.plain(eval.eval(row.get(at), org.dirdb.sql.ir.Row.NONE));
                if (name instanceof String s) {
                    names.add(s);
                }
            }
        }
        return names;
    }

    /** The result columns of a SELECT, known without executing it. */
    public static List<ResultColumn> columns(Plan.Select select) {
        return QueryRunner.columns(select);
    }
}
