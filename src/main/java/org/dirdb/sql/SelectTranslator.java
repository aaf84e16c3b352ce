package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;

/**
 * SELECT over one table (or none, for probes like {@code SELECT 1}): projections, WHERE, GROUP BY/HAVING,
 * ORDER BY (expressions, aliases, ordinals), DISTINCT, LIMIT/OFFSET/FETCH. Every clause it does not support
 * raises 0A000 naming the clause.
 */
final class SelectTranslator {
    private final Translator translator;

    SelectTranslator(Translator translator) {
        this.translator = translator;
    }

    Plan translate(Select select) {
        if (select instanceof SetOperationList) {
            throw QueryException.unsupported("UNION / INTERSECT / EXCEPT");
        } else if (select instanceof ParenthesedSelect) {
            throw QueryException.unsupported("parenthesised query");
        } else if (select instanceof Values) {
            throw QueryException.unsupported("VALUES as a query");
        } else if (!(select instanceof PlainSelect plain)) {
            throw QueryException.unsupported(Translator.describe(select) + " query");
        } else {
            return plain(plain);
        }
    }

    private Plan plain(PlainSelect s) {
        Translator.reject(s.getWithItemsList() != null && !s.getWithItemsList().isEmpty(), "WITH");
        Translator.reject(s.getJoins() != null && !s.getJoins().isEmpty(), "JOIN");
        Translator.reject(s.getTop() != null || s.getFirst() != null || s.getSkip() != null, "TOP / FIRST / SKIP");
        Translator.reject(s.getForMode() != null || s.getForUpdate() != null, "FOR UPDATE / FOR SHARE");
        Translator.reject(s.getIntoTables() != null && !s.getIntoTables().isEmpty(), "SELECT ... INTO");
        Translator.reject(s.getQualify() != null, "QUALIFY");
        Translator.reject(s.getWindowDefinitions() != null && !s.getWindowDefinitions().isEmpty(), "WINDOW");
        Translator.reject(s.getLateralViews() != null && !s.getLateralViews().isEmpty(), "LATERAL VIEW");
        Translator.reject(s.getDistinct() != null && (s.getDistinct().getOnSelectItems() != null
                || s.getDistinct().isUseUnique()), "DISTINCT ON / UNIQUE");
        // Clauses that change which rows come back: ignoring one would give a wrong answer.
        Translator.reject(s.getLimitBy() != null, "LIMIT ... BY");
        Translator.reject(s.getOracleHierarchical() != null, "START WITH / CONNECT BY");
        Translator.reject(s.getPreWhere() != null, "PREWHERE");
        Translator.reject(s.getPreferringClause() != null, "PREFERRING");
        Translator.reject(s.isUsingFinal(), "FROM ... FINAL");
        Translator.reject(s.getKsqlWindow() != null || s.isEmitChanges(), "WINDOW / EMIT CHANGES");
        Translator.reject(s.getBigQuerySelectQualifier() != null, "SELECT AS STRUCT / AS VALUE");
        Translator.reject(s.getForXmlPath() != null, "FOR XML PATH");
        FromItem from = s.getFromItem();
        String table;
        Scope scope;
        if (from == null || from instanceof Table t && Names.isDual(t)) {
            table = null;
            scope = new Scope(null, null, null);
        } else if (from instanceof ParenthesedSelect) {
            throw QueryException.unsupported("subquery in FROM");
        } else if (from instanceof Table t) {
            table = Names.table(t);
            scope = Scope.of(t, table);
        } else {
            throw QueryException.unsupported("FROM " + Translator.describe(from));
        }
        ExprTranslator exprs = new ExprTranslator(translator, scope);

        List<Plan.Output> outputs = new ArrayList<>();
        exprs.allowAggregates(true);
        for (SelectItem<?> item : s.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns || e instanceof AllColumns) {
                if (table == null) {
                    throw QueryException.syntax("SELECT * needs a table");
                }
                if (e instanceof AllTableColumns all) {
                    scope.column(new Column(all.getTable(), "name")); // checks the qualifier
                }
                for (DbColumn c : DbColumn.values()) {
                    outputs.add(new Plan.Output(new Expr.Col(c), c.columnName(), c.type(), c));
                }
                continue;
            }
            Expr expr = exprs.translate(e);
            String label = item.getAlias() != null ? Names.canonical(item.getAlias().getName())
                    : e instanceof Column c ? Names.canonical(c.getColumnName()) : e.toString();
            DbColumn column = expr instanceof Expr.Col c ? c.column() : null;
            outputs.add(new Plan.Output(expr, label, null, column));
        }

        exprs.allowAggregates(false);
        Expr where = s.getWhere() == null ? null : exprs.translate(s.getWhere());
        List<Expr> groupBy = new ArrayList<>();
        GroupByElement group = s.getGroupBy();
        if (group != null) {
            Translator.reject(group.getGroupingSets() != null && !group.getGroupingSets().isEmpty(),
                    "GROUPING SETS / ROLLUP / CUBE");
            for (Object o : group.getGroupByExpressionList()) {
                groupBy.add(outputRef((Expression) o, outputs, exprs, "GROUP BY"));
            }
        }
        exprs.allowAggregates(true);
        Expr having = s.getHaving() == null ? null : exprs.translate(s.getHaving());
        List<Plan.Order> order = new ArrayList<>();
        if (s.getOrderByElements() != null) {
            for (OrderByElement o : s.getOrderByElements()) {
                Translator.reject(o.getWithFill() != null, "ORDER BY ... WITH FILL");
                Expr key = outputRef(o.getExpression(), outputs, exprs, "ORDER BY");
                int index = -1;
                for (int i = 0; i < outputs.size(); i++) {
                    if (outputs.get(i).expr().equals(key)) {
                        index = i;
                        break;
                    }
                }
                boolean descending = !o.isAsc();
                boolean nullsFirst = o.getNullOrdering() == null ? !descending
                        : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
                order.add(new Plan.Order(key, index, descending, nullsFirst));
            }
        }
        List<Expr.Agg> aggregates = new ArrayList<>();
        outputs.forEach(o -> Exprs.aggregates(o.expr(), aggregates));
        if (having != null) {
            Exprs.aggregates(having, aggregates);
        }
        order.forEach(o -> Exprs.aggregates(o.key(), aggregates));
        boolean grouped = !groupBy.isEmpty() || !aggregates.isEmpty();
        Translator.reject(having != null && !grouped, "HAVING without GROUP BY or aggregates");
        if (grouped) {
            outputs.replaceAll(o -> new Plan.Output(grouping(o.expr(), groupBy, "select list"), o.label(), null,
                    o.column()));
            having = having == null ? null : grouping(having, groupBy, "HAVING");
            order.replaceAll(o -> new Plan.Order(grouping(o.key(), groupBy, "ORDER BY"), o.output(),
                    o.descending(), o.nullsFirst()));
        }
        boolean distinct = s.getDistinct() != null;
        if (distinct) {
            for (Plan.Order o : order) {
                if (o.output() < 0) {
                    throw QueryException.syntax("with SELECT DISTINCT, ORDER BY expressions must appear in the"
                            + " select list");
                }
            }
        }
        outputs.replaceAll(o -> new Plan.Output(o.expr(), o.label(), OutputTypes.of(o.expr(), groupBy),
                o.column()));
        Expr[] limits = limits(s, exprs);
        Scan scan = table == null ? new Scan.All(false) : Pushdown.scan(where, nameOrderDescending(order));
        return new Plan.Select(table, outputs, scan, where, grouped, groupBy, having, order, distinct, limits[0],
                limits[1], translator.parameterCount());
    }

    /** True when ORDER BY is exactly {@code name DESC}: the listing is read backwards. */
    private static boolean nameOrderDescending(List<Plan.Order> order) {
        return order.size() == 1 && order.get(0).key() instanceof Expr.Col c && c.column() == DbColumn.NAME
                && order.get(0).descending();
    }

    /**
     * An ORDER BY or GROUP BY item: an ordinal ({@code ORDER BY 2}) or an output alias ({@code ORDER BY loss})
     * stands for that select-list expression; anything else is translated.
     */
    private static Expr outputRef(Expression e, List<Plan.Output> outputs, ExprTranslator exprs, String clause) {
        if (e instanceof LongValue l) {
            long n = l.getValue();
            if (n < 1 || n > outputs.size()) {
                throw QueryException.syntax(clause + " position " + n + " is not in the select list (1.."
                        + outputs.size() + ")");
            }
            return outputs.get((int) n - 1).expr();
        }
        if (e instanceof Column c && c.getTable() == null) {
            String name = Names.canonical(c.getColumnName());
            for (Plan.Output o : outputs) {
                if (o.label().equals(name) && !(o.expr() instanceof Expr.Col col && col.column().columnName()
                        .equals(name))) {
                    return o.expr();
                }
            }
        }
        return exprs.translate(e);
    }

    /** Replaces GROUP BY expressions by keys; a column left outside an aggregate is 42000. */
    private static Expr grouping(Expr e, List<Expr> groupBy, String clause) {
        Expr rewritten = Exprs.rewrite(e, x -> {
            int i = groupBy.indexOf(x);
            return i >= 0 ? new Expr.GroupKey(i) : null;
        });
        Expr.Col loose = looseColumn(rewritten);
        if (loose != null) {
            throw QueryException.syntax("column " + loose.column().columnName() + " in the " + clause + " must"
                    + " appear in GROUP BY or be used in an aggregate function");
        }
        return rewritten;
    }

    private static Expr.Col looseColumn(Expr e) {
        if (e instanceof Expr.Col c) {
            return c;
        } else if (e instanceof Expr.Agg) {
            return null;
        }
        for (Expr child : Exprs.children(e)) {
            Expr.Col c = looseColumn(child);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** LIMIT and OFFSET, from LIMIT n [OFFSET m], LIMIT m, n, OFFSET m ROWS and FETCH FIRST n ROWS ONLY. */
    private Expr[] limits(PlainSelect s, ExprTranslator exprs) {
        Expr limit = null;
        Expr offset = null;
        Limit l = s.getLimit();
        if (l != null) {
            Translator.reject(l.getByExpressions() != null, "LIMIT ... BY");
            if (l.getRowCount() != null && !(l.getRowCount() instanceof NullValue) && !l.isLimitAll()) {
                limit = constant(l.getRowCount(), exprs, "LIMIT");
            }
            if (l.getOffset() != null) {
                offset = constant(l.getOffset(), exprs, "OFFSET");
            }
        }
        if (s.getOffset() != null) {
            Translator.reject(offset != null, "two OFFSET clauses");
            offset = constant(s.getOffset().getOffset(), exprs, "OFFSET");
        }
        if (s.getFetch() != null) {
            Translator.reject(limit != null, "both LIMIT and FETCH");
            Translator.reject(s.getFetch().getFetchParameters() != null && s.getFetch().getFetchParameters().stream()
                    .map(p -> p.toUpperCase(java.util.Locale.ROOT))
                    .anyMatch(p -> p.contains("PERCENT") || p.contains("TIES")),
                    "FETCH ... PERCENT / WITH TIES");
            Expression count = s.getFetch().getExpression();
            limit = count == null ? new Expr.Literal(1L) : constant(count, exprs, "FETCH FIRST");
        }
        return new Expr[] {limit, offset};
    }

    private static Expr constant(Expression e, ExprTranslator exprs, String clause) {
        Expr x = exprs.translate(e);
        if (!(x instanceof Expr.Literal) && !(x instanceof Expr.Param)) {
            throw QueryException.unsupported(clause + " " + e + " (only an integer or ?)");
        }
        return x;
    }
}
