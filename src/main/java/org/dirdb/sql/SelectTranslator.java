package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * SELECT: columns or {@code *} of {@code db}, an optional {@code WHERE name = v}, an optional
 * {@code ORDER BY name [ASC|DESC]}; or a one-row SELECT of literals without a table (or {@code FROM DUAL}),
 * which tools use as a connection probe. Every clause it does not support raises 0A000 naming the clause.
 */
final class SelectTranslator {
    private final Translator values;

    SelectTranslator(Translator values) {
        this.values = values;
    }

    Plan translate(Select select) {
        if (select instanceof SetOperationList) {
            throw QueryException.unsupported("UNION / INTERSECT / EXCEPT");
        } else if (select instanceof ParenthesedSelect) {
            throw QueryException.unsupported("parenthesised query");
        } else if (!(select instanceof PlainSelect plain)) {
            throw QueryException.unsupported(Translator.describe(select) + " query");
        } else {
            return plain(plain);
        }
    }

    private Plan plain(PlainSelect s) {
        Translator.reject(s.getWithItemsList() != null && !s.getWithItemsList().isEmpty(), "WITH");
        Translator.reject(s.getJoins() != null && !s.getJoins().isEmpty(), "JOIN");
        Translator.reject(s.getDistinct() != null, "DISTINCT");
        Translator.reject(s.getGroupBy() != null, "GROUP BY");
        Translator.reject(s.getHaving() != null, "HAVING");
        Translator.reject(s.getLimit() != null || s.getTop() != null || s.getFirst() != null, "LIMIT");
        Translator.reject(s.getOffset() != null || s.getSkip() != null, "OFFSET");
        Translator.reject(s.getFetch() != null, "FETCH");
        Translator.reject(s.getForMode() != null || s.getForUpdate() != null, "FOR UPDATE / FOR SHARE");
        Translator.reject(s.getIntoTables() != null && !s.getIntoTables().isEmpty(), "SELECT ... INTO");
        Translator.reject(s.getQualify() != null, "QUALIFY");
        Translator.reject(s.getWindowDefinitions() != null && !s.getWindowDefinitions().isEmpty(), "WINDOW");
        Translator.reject(s.getLateralViews() != null && !s.getLateralViews().isEmpty(), "LATERAL VIEW");
        FromItem from = s.getFromItem();
        if (from == null || from instanceof Table t && Names.isDual(t)) {
            return constants(s);
        }
        if (from instanceof ParenthesedSelect) {
            throw QueryException.unsupported("subquery in FROM");
        } else if (!(from instanceof Table table)) {
            throw QueryException.unsupported("FROM " + Translator.describe(from));
        } else {
            Names.requireDb(table);
            List<Plan.Projection> columns = projections(s.getSelectItems(), table);
            Optional<Value> name = s.getWhere() == null ? Optional.empty()
                    : Optional.of(values.nameFilter(s.getWhere(), table, "SELECT"));
            return new Plan.Select(columns, name, descending(s.getOrderByElements(), table),
                    values.parameterCount());
        }
    }

    private static List<Plan.Projection> projections(List<SelectItem<?>> items, Table table) {
        List<Plan.Projection> columns = new ArrayList<>();
        for (SelectItem<?> item : items) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns all) {
                Names.column(new Column(all.getTable(), "name"), table); // checks the qualifier
                addAll(columns);
            } else if (e instanceof AllColumns) {
                addAll(columns);
            } else if (e instanceof Column column) {
                DbColumn resolved = Names.column(column, table);
                String label = item.getAlias() == null ? resolved.columnName()
                        : Names.canonical(item.getAlias().getName());
                columns.add(new Plan.Projection(resolved, label));
            } else {
                throw QueryException.unsupported("expression " + Translator.describe(e) + " in the select list");
            }
        }
        return columns;
    }

    private static void addAll(List<Plan.Projection> columns) {
        for (DbColumn column : DbColumn.values()) {
            columns.add(new Plan.Projection(column, column.columnName()));
        }
    }

    private static boolean descending(List<OrderByElement> order, Table table) {
        if (order == null || order.isEmpty()) {
            return false;
        }
        if (order.size() > 1) {
            throw QueryException.unsupported("ORDER BY several keys");
        }
        OrderByElement element = order.get(0);
        if (!(element.getExpression() instanceof Column column)) {
            throw QueryException.unsupported("ORDER BY " + Translator.describe(element.getExpression()));
        }
        DbColumn key = Names.column(column, table);
        if (key != DbColumn.NAME) {
            throw QueryException.unsupported("ORDER BY " + key.columnName() + " (only ORDER BY name)");
        }
        return !element.isAsc();
    }

    private Plan constants(PlainSelect s) {
        Translator.reject(s.getWhere() != null, "WHERE without a table");
        Translator.reject(s.getOrderByElements() != null && !s.getOrderByElements().isEmpty(),
                "ORDER BY without a table");
        List<String> labels = new ArrayList<>();
        List<Value> row = new ArrayList<>();
        for (SelectItem<?> item : s.getSelectItems()) {
            Expression e = item.getExpression();
            boolean literal = e instanceof LongValue || e instanceof StringValue || e instanceof NullValue
                    || e instanceof HexValue;
            if (!literal) {
                throw QueryException.unsupported("expression " + Translator.describe(e) + " in a SELECT"
                        + " without a table");
            }
            row.add(values.value(e));
            labels.add(item.getAlias() == null ? e.toString() : Names.canonical(item.getAlias().getName()));
        }
        return new Plan.Constants(labels, row, values.parameterCount());
    }
}
