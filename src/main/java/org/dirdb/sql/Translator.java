package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import org.dirdb.sql.ir.Expr;

/**
 * Turns one parsed statement into a {@link Plan}. Dispatch is explicit: each supported node type has an
 * {@code instanceof} branch, and the final {@code else} raises 0A000 naming the construct, so nothing the
 * translator does not understand is silently ignored. SELECT lives in {@link SelectTranslator}, MERGE in
 * {@link MergeTranslator}.
 *
 * <p>Not thread-safe: one instance per statement (it counts the {@code ?} parameters it meets).
 */
final class Translator {
    private int parameterCount;

    Plan translate(Statement statement) {
        if (statement instanceof Select select) {
            return new SelectTranslator(this).translate(select);
        } else if (statement instanceof Insert insert) {
            return insert(insert);
        } else if (statement instanceof Update update) {
            return update(update);
        } else if (statement instanceof Delete delete) {
            return delete(delete);
        } else if (statement instanceof Merge merge) {
            return new MergeTranslator(this).translate(merge);
        } else if (statement instanceof CreateTable create) {
            return createTable(create);
        } else if (statement instanceof Drop drop) {
            return dropTable(drop);
        } else {
            throw QueryException.unsupported(describe(statement) + " statement");
        }
    }

    int parameterCount() {
        return parameterCount;
    }

    /** The index of a {@code ?}: 1..n in textual order (or its fixed index for {@code ?n}). */
    int parameter(Expression e) {
        if (e instanceof JdbcParameter p) {
            int index = p.getIndex() != null ? p.getIndex() : parameterCount + 1; // textual order
            parameterCount = Math.max(parameterCount, index);
            return index;
        } else if (e instanceof JdbcNamedParameter named) {
            throw QueryException.unsupported("named parameter :" + named.getName() + " (use ?)");
        }
        throw new IllegalArgumentException(String.valueOf(e));
    }

    private Plan insert(Insert insert) {
        reject(insert.getWithItemsList() != null && !insert.getWithItemsList().isEmpty(), "WITH in INSERT");
        reject(insert.isUseDuplicate() || insert.getDuplicateUpdateSets() != null,
                "INSERT ... ON DUPLICATE KEY (use ON CONFLICT (name))");
        reject(insert.getReturningClause() != null, "INSERT ... RETURNING");
        reject(insert.isUseSet() || insert.getSetUpdateSets() != null, "INSERT ... SET");
        reject(insert.getOutputClause() != null, "INSERT ... OUTPUT");
        // IGNORE turns failures into skipped rows; LOW_PRIORITY, HIGH_PRIORITY and DELAYED only schedule the
        // statement, which changes no result, so they are ignored (as in UPDATE and DELETE).
        reject(insert.isModifierIgnore(), "INSERT IGNORE (use ON CONFLICT (name) DO NOTHING)");
        if (insert.getPartitions() != null && !insert.getPartitions().isEmpty()) {
            String partitions = insert.getPartitions().stream().map(p -> p.getColumn()
                    + (p.getValue() == null ? "" : " = " + p.getValue())).collect(Collectors.joining(", "));
            throw QueryException.unsupported("INSERT ... PARTITION (" + partitions + ") (a table has no partitions)");
        }
        reject(insert.isOracleMultiInsert(), "multi-table INSERT");
        String table = Names.table(insert.getTable());
        if (!(insert.getSelect() instanceof Values values)) {
            throw QueryException.unsupported("INSERT ... SELECT");
        }
        List<DbColumn> columns = writableColumns(insert.getColumns(), insert.getTable(), "INSERT");
        Scope scope = new Scope(table, null, null);
        ExprTranslator exprs = new ExprTranslator(this, scope);
        List<List<Expr>> rows = new ArrayList<>();
        for (List<Expression> row : rows(values.getExpressions())) {
            if (row.size() != columns.size()) {
                throw new QueryException(SqlState.VALUE_COUNT_MISMATCH, "row " + (rows.size() + 1) + " has "
                        + row.size() + " values for " + columns.size() + " columns");
            }
            List<Expr> converted = new ArrayList<>();
            for (Expression e : row) {
                Expr x = exprs.translate(e);
                if (!org.dirdb.sql.ir.Exprs.isConstant(x)) {
                    throw QueryException.syntax("VALUES cannot refer to columns: " + e);
                }
                converted.add(x);
            }
            rows.add(converted);
        }
        Plan.Conflict conflict = conflict(insert, table, scope.withSource("excluded"));
        return new Plan.Insert(table, columns, rows, conflict, parameterCount);
    }

    /** The column list of an INSERT (all writable columns when omitted); {@code name} is required. */
    List<DbColumn> writableColumns(ExpressionList<Column> list, Table table, String statement) {
        List<DbColumn> columns = new ArrayList<>();
        if (list == null) {
            columns.addAll(List.of(DbColumn.NAME, DbColumn.META, DbColumn.DATA));
        } else {
            for (Column column : list) {
                DbColumn target = DbColumn.byName(Names.canonical(column.getColumnName()));
                if (target == null) {
                    throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getColumnName()
                            + " not found; the writable columns are name, meta and data");
                }
                requireWritable(target);
                if (columns.contains(target)) {
                    throw QueryException.syntax("column " + target.columnName() + " listed twice in " + statement);
                }
                columns.add(target);
            }
        }
        if (!columns.contains(DbColumn.NAME)) {
            throw new QueryException(SqlState.NOT_NULL, statement + " must give column name (the entry name)");
        }
        return columns;
    }

    static void requireWritable(DbColumn target) {
        if (!target.writable()) {
            throw QueryException.unsupported("writing column " + target.columnName()
                    + ", which is computed from the entry's files");
        }
    }

    private Plan.Conflict conflict(Insert insert, String table, Scope scope) {
        if (insert.getConflictAction() == null) {
            reject(insert.getConflictTarget() != null, "ON CONFLICT target without an action");
            return new Plan.Fail();
        }
        InsertConflictTarget target = insert.getConflictTarget();
        if (target != null) {
            reject(target.getIndexExpression() != null || target.getWhereExpression() != null
                    || target.getConstraintName() != null, "ON CONFLICT target other than (name)");
            List<String> names = target.getIndexColumnNames();
            if (names == null || names.size() != 1 || !"name".equals(Names.canonical(names.get(0)))) {
                throw QueryException.unsupported("ON CONFLICT " + names + ": the only key is (name)");
            }
        }
        if (insert.getConflictAction().getConflictActionType() == ConflictActionType.DO_NOTHING) {
            return new Plan.DoNothing();
        }
        if (target == null) {
            throw QueryException.syntax("ON CONFLICT DO UPDATE needs the conflict target (name)");
        }
        ExprTranslator exprs = new ExprTranslator(this, scope);
        List<Plan.Assignment> sets = assignments(insert.getConflictAction().getUpdateSets(), exprs, false);
        Expression where = insert.getConflictAction().getWhereExpression();
        return new Plan.DoUpdate(sets, where == null ? null : exprs.translate(where));
    }

    /** SET lists: {@code meta} and {@code data} once each; {@code name} only when renaming is allowed. */
    List<Plan.Assignment> assignments(List<UpdateSet> updateSets, ExprTranslator exprs, boolean nameAllowed) {
        List<Plan.Assignment> sets = new ArrayList<>();
        for (UpdateSet set : updateSets) {
            ExpressionList<?> values = set.getValues();
            if (values.size() != set.getColumns().size()) {
                throw new QueryException(SqlState.VALUE_COUNT_MISMATCH, "SET lists " + set.getColumns().size()
                        + " columns but " + values.size() + " values");
            }
            for (int i = 0; i < values.size(); i++) {
                Expr column = exprs.translate(set.getColumns().get(i));
                if (!(column instanceof Expr.Col c)) {
                    throw QueryException.syntax("SET target " + set.getColumns().get(i) + " is not a column");
                }
                DbColumn target = c.column();
                if (target != DbColumn.NAME || !nameAllowed) {
                    requireWritable(target);
                }
                if (target == DbColumn.NAME && !nameAllowed) {
                    throw QueryException.unsupported("changing the name in an upsert (use UPDATE ... SET name)");
                }
                if (sets.stream().anyMatch(a -> a.column() == target)) {
                    throw QueryException.syntax("column " + target.columnName() + " set twice");
                }
                sets.add(new Plan.Assignment(target, exprs.translate(values.get(i))));
            }
        }
        return sets;
    }

    /**
     * VALUES comes in two shapes: one row is a parenthesised list of values, several rows are a list of
     * parenthesised lists.
     */
    private static List<List<Expression>> rows(ExpressionList<?> list) {
        List<List<Expression>> rows = new ArrayList<>();
        boolean severalRows = !(list instanceof ParenthesedExpressionList<?>)
                && list.stream().allMatch(e -> e instanceof ParenthesedExpressionList<?>);
        if (severalRows) {
            for (Expression row : list) {
                rows.add(new ArrayList<>((ParenthesedExpressionList<?>) row));
            }
        } else {
            rows.add(new ArrayList<>(list));
        }
        return rows;
    }

    private Plan update(Update update) {
        reject(update.getWithItemsList() != null && !update.getWithItemsList().isEmpty(), "WITH in UPDATE");
        reject(update.getJoins() != null && !update.getJoins().isEmpty()
                || update.getStartJoins() != null && !update.getStartJoins().isEmpty(), "UPDATE with JOIN");
        reject(update.getFromItem() != null, "UPDATE ... FROM");
        reject(update.getOrderByElements() != null, "UPDATE ... ORDER BY");
        reject(update.getLimit() != null, "UPDATE ... LIMIT");
        reject(update.getReturningClause() != null, "UPDATE ... RETURNING");
        reject(update.getOutputClause() != null, "UPDATE ... OUTPUT");
        reject(update.isUseSelect(), "UPDATE ... SET (...) = (SELECT ...)");
        reject(update.isModifierIgnore(), "UPDATE IGNORE (it would skip entries whose change fails)");
        String table = Names.table(update.getTable());
        ExprTranslator exprs = new ExprTranslator(this, Scope.of(update.getTable(), table));
        List<Plan.Assignment> sets = assignments(update.getUpdateSets(), exprs, true);
        Expr where = update.getWhere() == null ? null : exprs.translate(update.getWhere());
        Plan.Assignment rename = sets.stream().filter(a -> a.column() == DbColumn.NAME).findFirst().orElse(null);
        if (rename != null) {
            return rename(table, sets, rename, where);
        }
        return new Plan.Update(table, sets, Pushdown.scan(where, false), where, parameterCount);
    }

    /** {@code UPDATE t SET name = v WHERE name = w}: the only shape of a rename. */
    private Plan rename(String table, List<Plan.Assignment> sets, Plan.Assignment rename, Expr where) {
        if (sets.size() != 1) {
            throw QueryException.unsupported("renaming and changing other columns in one UPDATE (rename first)");
        }
        if (!org.dirdb.sql.ir.Exprs.isConstant(rename.value())) {
            throw QueryException.unsupported("SET name = " + rename.value() + " (a rename takes a value or ?)");
        }
        if (where instanceof Expr.Compare c && c.op() == Expr.CompareOp.EQ) {
            Expr from = c.left() instanceof Expr.Col col && col.column() == DbColumn.NAME ? c.right()
                    : c.right() instanceof Expr.Col col && col.column() == DbColumn.NAME ? c.left() : null;
            if (from != null && org.dirdb.sql.ir.Exprs.isConstant(from)) {
                return new Plan.Rename(table, from, rename.value(), parameterCount);
            }
        }
        throw QueryException.unsupported("UPDATE ... SET name without WHERE name = value (a rename moves one"
                + " entry)");
    }

    private Plan delete(Delete delete) {
        reject(delete.getWithItemsList() != null && !delete.getWithItemsList().isEmpty(), "WITH in DELETE");
        reject(delete.getTables() != null && !delete.getTables().isEmpty(), "multi-table DELETE");
        reject(delete.getJoins() != null && !delete.getJoins().isEmpty(), "DELETE with JOIN");
        reject(delete.getUsingList() != null && !delete.getUsingList().isEmpty()
                || delete.getUsingFromItemList() != null && !delete.getUsingFromItemList().isEmpty(),
                "DELETE ... USING");
        reject(delete.getOrderByElements() != null, "DELETE ... ORDER BY");
        reject(delete.getLimit() != null, "DELETE ... LIMIT");
        reject(delete.getReturningClause() != null, "DELETE ... RETURNING");
        reject(delete.getOutputClause() != null, "DELETE ... OUTPUT");
        reject(delete.isModifierIgnore(), "DELETE IGNORE (it would skip entries whose removal fails)");
        String table = Names.table(delete.getTable());
        ExprTranslator exprs = new ExprTranslator(this, Scope.of(delete.getTable(), table));
        Expr where = delete.getWhere() == null ? null : exprs.translate(delete.getWhere());
        return new Plan.Delete(table, Pushdown.scan(where, false), where, parameterCount);
    }

    private Plan createTable(CreateTable create) {
        reject(create.getSelect() != null, "CREATE TABLE ... AS SELECT");
        reject(create.getLikeTable() != null, "CREATE TABLE ... LIKE");
        reject(create.isOrReplace(), "CREATE OR REPLACE TABLE");
        reject(create.getCreateOptionsStrings() != null && create.getCreateOptionsStrings().stream()
                .anyMatch(o -> o.equalsIgnoreCase("TEMPORARY") || o.equalsIgnoreCase("TEMP")),
                "CREATE TEMPORARY TABLE (a table is a subdirectory, which outlives the connection)");
        if (create.getColumnDefinitions() != null) {
            for (var column : create.getColumnDefinitions()) {
                DbColumn c = DbColumn.byName(Names.canonical(column.getColumnName()));
                if (c == null) {
                    throw QueryException.unsupported("column " + column.getColumnName() + " in CREATE TABLE: every"
                            + " table has the columns name, meta, data, size, modified, format");
                }
            }
        }
        return new Plan.CreateTable(Names.table(create.getTable()), create.isIfNotExists(), parameterCount);
    }

    private Plan dropTable(Drop drop) {
        if (!"TABLE".equalsIgnoreCase(drop.getType())) {
            throw QueryException.unsupported("DROP " + drop.getType());
        }
        reject(drop.getParameters() != null && !drop.getParameters().isEmpty(), "DROP TABLE options "
                + drop.getParameters());
        reject(drop.getNames() != null && drop.getNames().size() > 1, "DROP TABLE of several tables (drop each"
                + " in a statement of its own)");
        return new Plan.DropTable(Names.table(drop.getName()), drop.isIfExists(), parameterCount);
    }

    static void reject(boolean present, String construct) {
        if (present) {
            throw QueryException.unsupported(construct);
        }
    }

    /** The node's class and a short excerpt of its SQL, for messages. */
    static String describe(Object node) {
        String text = String.valueOf(node);
        if (text.length() > 60) {
            text = text.substring(0, 60) + "...";
        }
        return node.getClass().getSimpleName() + " (" + text + ")";
    }
}
