package org.dirdb.sql;

import java.util.List;
import org.dirdb.sql.ir.Expr;

/**
 * What a statement does, independent of JSqlParser: the translator produces it, the {@link Executor} runs it.
 * Plans are immutable and cached by SQL text, so re-executing a prepared statement neither re-parses nor
 * re-translates. Table names are canonical (see {@link Tables}).
 */
public sealed interface Plan {

    /** How many {@code ?} parameters the statement has (the highest index). */
    int parameterCount();

    /** True when executing returns rows. */
    default boolean returnsRows() {
        return false;
    }

    /**
     * One result column.
     *
     * @param column the underlying column when the output is a bare column, else null
     */
    record Output(Expr expr, String label, ColumnType type, DbColumn column) {}

    /** One ORDER BY key; {@code output} is the select-list index it refers to, or -1. */
    record Order(Expr key, int output, boolean descending, boolean nullsFirst) {}

    /**
     * A query. {@code table} is null for a SELECT without FROM (one row, no entry). The scan is what the
     * store answers directly; {@code where} is the whole condition, evaluated on every scanned entry.
     * {@code groupBy} expressions are referred to by {@link Expr.GroupKey} in outputs, HAVING and ORDER BY
     * of a grouped query ({@code grouped} is also true for aggregates without GROUP BY).
     */
    record Select(String table, List<Output> columns, Scan scan, Expr where, boolean grouped,
                  List<Expr> groupBy, Expr having, List<Order> order, boolean distinct, Expr limit, Expr offset,
                  int parameterCount) implements Plan {
        public Select {
            columns = List.copyOf(columns);
            groupBy = List.copyOf(groupBy);
            order = List.copyOf(order);
        }

        @Override
        public boolean returnsRows() {
            return true;
        }

        /** The same query over another table ({@code other} is a canonical table name, see {@link Tables}). */
        public Select onTable(String other) {
            return new Select(other, columns, scan, where, grouped, groupBy, having, order, distinct, limit, offset,
                    parameterCount);
        }
    }

    /** A column assignment of UPDATE, ON CONFLICT DO UPDATE or MERGE ... UPDATE SET. */
    record Assignment(DbColumn column, Expr value) {}

    /** What an INSERT does when the entry exists. */
    sealed interface Conflict {}

    /** Plain INSERT: 23505. */
    record Fail() implements Conflict {}

    /** {@code ON CONFLICT (name) DO NOTHING}. */
    record DoNothing() implements Conflict {}

    /** {@code ON CONFLICT (name) DO UPDATE SET ... [WHERE ...]}; {@code where} is null when absent. */
    record DoUpdate(List<Assignment> sets, Expr where) implements Conflict {
        public DoUpdate {
            sets = List.copyOf(sets);
        }
    }

    /** {@code INSERT INTO table (columns) VALUES rows}: each row lists one value per column. */
    record Insert(String table, List<DbColumn> columns, List<List<Expr>> rows, Conflict conflict,
                  int parameterCount) implements Plan {
        public Insert {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** {@code UPDATE table SET ... [WHERE ...]}; {@code where} is null without WHERE. */
    record Update(String table, List<Assignment> sets, Scan scan, Expr where, int parameterCount) implements Plan {
        public Update {
            sets = List.copyOf(sets);
        }
    }

    /** {@code UPDATE table SET name = to WHERE name = from}: renames an entry, all its files. */
    record Rename(String table, Expr from, Expr to, int parameterCount) implements Plan {}

    /** {@code DELETE FROM table [WHERE ...]}. */
    record Delete(String table, Scan scan, Expr where, int parameterCount) implements Plan {}

    /**
     * {@code MERGE INTO table USING (SELECT v AS name, ...) s ON table.name = s.name WHEN MATCHED [AND c]
     * THEN UPDATE SET ... | DELETE WHEN NOT MATCHED [AND c] THEN INSERT (...) VALUES (...)}. The source is one
     * row; its columns are read through {@link Expr.Excluded}.
     *
     * @param matchedSets null when there is no WHEN MATCHED ... UPDATE
     * @param insertColumns null when there is no WHEN NOT MATCHED
     */
    record Merge(String table, List<DbColumn> sourceColumns, List<Expr> sourceValues, Expr matchedCondition,
                 List<Assignment> matchedSets, boolean matchedDelete, Expr notMatchedCondition,
                 List<DbColumn> insertColumns, List<Expr> insertValues, int parameterCount) implements Plan {}

    /** {@code CREATE TABLE name}: a new subdirectory. */
    record CreateTable(String table, boolean ifNotExists, int parameterCount) implements Plan {}

    /** {@code DROP TABLE [IF EXISTS] name}: removes a subdirectory holding only dirdb entries. */
    record DropTable(String table, boolean ifExists, int parameterCount) implements Plan {}
}
