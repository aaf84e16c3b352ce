package org.dirdb.sql;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Turns one parsed statement into a {@link Plan}. Dispatch is explicit: each supported node type has an
 * {@code instanceof} branch, and the final {@code else} raises 0A000 naming the construct, so nothing the
 * translator does not understand is silently ignored. SELECT lives in {@link SelectTranslator}.
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
        } else {
            throw QueryException.unsupported(describe(statement) + " statement");
        }
    }

    int parameterCount() {
        return parameterCount;
    }

    private Plan insert(Insert insert) {
        reject(insert.getWithItemsList() != null && !insert.getWithItemsList().isEmpty(), "WITH in INSERT");
        reject(insert.getConflictAction() != null || insert.getConflictTarget() != null, "INSERT ... ON CONFLICT");
        reject(insert.isUseDuplicate() || insert.getDuplicateUpdateSets() != null, "INSERT ... ON DUPLICATE KEY");
        reject(insert.getReturningClause() != null, "INSERT ... RETURNING");
        reject(insert.isUseSet() || insert.getSetUpdateSets() != null, "INSERT ... SET");
        reject(insert.getOutputClause() != null, "INSERT ... OUTPUT");
        reject(insert.isModifierIgnore() || insert.getModifierPriority() != null, "INSERT modifiers");
        reject(insert.isOracleMultiInsert(), "multi-table INSERT");
        Names.requireDb(insert.getTable());
        if (!(insert.getSelect() instanceof Values values)) {
            throw QueryException.unsupported("INSERT ... SELECT");
        }
        List<DbColumn> columns = new ArrayList<>();
        if (insert.getColumns() == null) {
            columns.addAll(List.of(DbColumn.NAME, DbColumn.META, DbColumn.DATA));
        } else {
            for (Column column : insert.getColumns()) {
                DbColumn target = Names.column(column, insert.getTable());
                if (!target.writable()) {
                    throw QueryException.unsupported("writing column " + target.columnName()
                            + ", which is computed from the entry's files");
                }
                if (columns.contains(target)) {
                    throw QueryException.syntax("column " + target.columnName() + " listed twice in INSERT");
                }
                columns.add(target);
            }
        }
        if (!columns.contains(DbColumn.NAME)) {
            throw new QueryException(SqlState.NOT_NULL, "INSERT must give column name (the entry name)");
        }
        List<List<Value>> rows = new ArrayList<>();
        for (List<Expression> row : rows(values.getExpressions())) {
            if (row.size() != columns.size()) {
                throw new QueryException(SqlState.VALUE_COUNT_MISMATCH, "row " + (rows.size() + 1) + " has "
                        + row.size() + " values for " + columns.size() + " columns");
            }
            List<Value> converted = new ArrayList<>();
            for (Expression e : row) {
                converted.add(value(e));
            }
            rows.add(converted);
        }
        return new Plan.Insert(columns, rows, parameterCount);
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
        Names.requireDb(update.getTable());
        Optional<Value> meta = Optional.empty();
        Optional<Value> data = Optional.empty();
        for (UpdateSet set : update.getUpdateSets()) {
            ExpressionList<?> values = set.getValues();
            if (values.size() != set.getColumns().size()) {
                throw new QueryException(SqlState.VALUE_COUNT_MISMATCH, "SET lists " + set.getColumns().size()
                        + " columns but " + values.size() + " values");
            }
            for (int i = 0; i < values.size(); i++) {
                DbColumn target = Names.column(set.getColumns().get(i), update.getTable());
                Value value = value(values.get(i));
                if (target == DbColumn.META && meta.isEmpty()) {
                    meta = Optional.of(value);
                } else if (target == DbColumn.DATA && data.isEmpty()) {
                    data = Optional.of(value);
                } else if (target == DbColumn.META || target == DbColumn.DATA) {
                    throw QueryException.syntax("column " + target.columnName() + " set twice in UPDATE");
                } else if (target == DbColumn.NAME) {
                    throw QueryException.unsupported("renaming an entry (UPDATE ... SET name)");
                } else {
                    throw QueryException.unsupported("writing column " + target.columnName()
                            + ", which is computed from the entry's files");
                }
            }
        }
        Value name = nameFilter(update.getWhere(), update.getTable(), "UPDATE");
        return new Plan.Update(meta, data, name, parameterCount);
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
        Names.requireDb(delete.getTable());
        return new Plan.Delete(nameFilter(delete.getWhere(), delete.getTable(), "DELETE"), parameterCount);
    }

    /**
     * The value of {@code WHERE name = v} (either side). Anything else in a WHERE is not supported yet: the
     * store answers only lookups by name.
     */
    Value nameFilter(Expression where, Table table, String statement) {
        if (where == null) {
            throw QueryException.unsupported(statement + " without WHERE name = ...");
        }
        Expression condition = where;
        while (condition instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            condition = p.get(0);
        }
        if (condition instanceof EqualsTo equals) {
            if (equals.getLeftExpression() instanceof Column left) {
                return comparedToName(left, equals.getRightExpression(), table);
            } else if (equals.getRightExpression() instanceof Column right) {
                return comparedToName(right, equals.getLeftExpression(), table);
            }
        }
        throw QueryException.unsupported("WHERE condition " + describe(condition) + " (only name = value is"
                + " supported)");
    }

    private Value comparedToName(Column column, Expression other, Table table) {
        DbColumn resolved = Names.column(column, table);
        if (resolved != DbColumn.NAME) {
            throw QueryException.unsupported("WHERE on column " + resolved.columnName()
                    + " (only name = value is supported)");
        }
        return value(other);
    }

    /** A literal or parameter; 0A000 naming any other expression. */
    Value value(Expression e) {
        if (e instanceof StringValue s) {
            return new Value.Text(s.getNotExcapedValue());
        } else if (e instanceof HexValue hex) {
            String digits = hex.getDigits();
            if (digits.length() % 2 != 0) {
                throw QueryException.syntax("hex literal " + hex + " has an odd number of digits");
            }
            return new Value.Bytes(HexFormat.of().parseHex(digits));
        } else if (e instanceof NullValue) {
            return Value.NULL;
        } else if (e instanceof LongValue l) {
            return new Value.Number(l.getValue());
        } else if (e instanceof JdbcParameter p) {
            int index = p.getIndex() == null ? parameterCount + 1 : p.getIndex();
            parameterCount = Math.max(parameterCount, index);
            return new Value.Parameter(index);
        } else if (e instanceof JdbcNamedParameter named) {
            throw QueryException.unsupported("named parameter :" + named.getName() + " (use ?)");
        } else if (e instanceof ParenthesedSelect) {
            throw QueryException.unsupported("subquery " + describe(e));
        } else {
            throw QueryException.unsupported("expression " + describe(e));
        }
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
