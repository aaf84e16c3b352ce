package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Exprs;

/**
 * The standard MERGE, in the one-row form an upsert takes:
 * {@code MERGE INTO t USING (SELECT v AS name, w AS meta) s ON t.name = s.name WHEN MATCHED [AND c] THEN
 * UPDATE SET ... | DELETE WHEN NOT MATCHED [AND c] THEN INSERT (...) VALUES (...)}. The source columns must be
 * named like the table's writable columns; {@code s.col} reads them.
 */
final class MergeTranslator {
    private final Translator translator;

    MergeTranslator(Translator translator) {
        this.translator = translator;
    }

    Plan translate(Merge merge) {
        Translator.reject(merge.getWithItemsList() != null && !merge.getWithItemsList().isEmpty(), "WITH in MERGE");
        Translator.reject(merge.getOutputClause() != null, "MERGE ... OUTPUT");
        Translator.reject(merge.getReturningClause() != null, "MERGE ... RETURNING");
        String table = Names.table(merge.getTable());
        if (!(merge.getFromItem() instanceof ParenthesedSelect source)
                || !(source.getSelect() instanceof PlainSelect select) || select.getFromItem() != null
                || source.getAlias() == null) {
            throw QueryException.unsupported("MERGE ... USING " + Translator.describe(merge.getFromItem())
                    + " (only USING (SELECT value AS name, ...) alias)");
        }
        Translator.reject(select.getWhere() != null || select.getJoins() != null, "MERGE source with WHERE or JOIN");
        String alias = Names.canonical(source.getAlias().getName());
        Scope scope = Scope.of(merge.getTable(), table).withSource(alias);
        ExprTranslator exprs = new ExprTranslator(translator, scope);

        List<DbColumn> sourceColumns = new ArrayList<>();
        List<Expr> sourceValues = new ArrayList<>();
        ExprTranslator constants = new ExprTranslator(translator, new Scope(null, null, null));
        for (SelectItem<?> item : select.getSelectItems()) {
            if (item.getAlias() == null) {
                throw QueryException.syntax("MERGE source column " + item + " needs AS name, AS meta or AS data");
            }
            DbColumn c = DbColumn.byName(Names.canonical(item.getAlias().getName()));
            if (c == null || !c.writable() || sourceColumns.contains(c)) {
                throw QueryException.syntax("MERGE source column " + item.getAlias().getName()
                        + " must be one of name, meta, data, each once");
            }
            sourceColumns.add(c);
            sourceValues.add(constants.translate(item.getExpression()));
        }
        if (!sourceColumns.contains(DbColumn.NAME)) {
            throw QueryException.syntax("the MERGE source must give the entry name (... AS name)");
        }
        requireNameJoin(merge.getOnCondition(), exprs);

        Expr matchedCondition = null;
        List<Plan.Assignment> matchedSets = null;
        boolean matchedDelete = false;
        Expr notMatchedCondition = null;
        List<DbColumn> insertColumns = null;
        List<Expr> insertValues = null;
        for (MergeOperation op : merge.getOperations()) {
            if (op instanceof MergeUpdate update) {
                Translator.reject(matchedSets != null || matchedDelete, "several WHEN MATCHED clauses");
                Translator.reject(update.getWhereCondition() != null || update.getDeleteWhereCondition() != null,
                        "Oracle's MERGE UPDATE ... WHERE / DELETE WHERE (use WHEN MATCHED AND ...)");
                matchedCondition = update.getAndPredicate() == null ? null : exprs.translate(update.getAndPredicate());
                matchedSets = translator.assignments(update.getUpdateSets(), exprs, false);
            } else if (op instanceof MergeDelete delete) {
                Translator.reject(matchedSets != null || matchedDelete, "several WHEN MATCHED clauses");
                matchedCondition = delete.getAndPredicate() == null ? null : exprs.translate(delete.getAndPredicate());
                matchedDelete = true;
            } else if (op instanceof MergeInsert insert) {
                Translator.reject(insertColumns != null, "several WHEN NOT MATCHED clauses");
                Translator.reject(insert.getWhereCondition() != null, "Oracle's MERGE INSERT ... WHERE");
                notMatchedCondition = insert.getAndPredicate() == null ? null
                        : exprs.translate(insert.getAndPredicate());
                insertColumns = translator.writableColumns(insert.getColumns(), merge.getTable(), "MERGE INSERT");
                insertValues = new ArrayList<>();
                for (Expression value : insert.getValues()) {
                    Expr v = exprs.translate(value);
                    if (Exprs.anyMatch(v, x -> x instanceof Expr.Col)) {
                        throw QueryException.syntax("WHEN NOT MATCHED ... VALUES cannot read the target's columns");
                    }
                    insertValues.add(v);
                }
                if (insertValues.size() != insertColumns.size()) {
                    throw new QueryException(SqlState.VALUE_COUNT_MISMATCH, "MERGE INSERT lists "
                            + insertColumns.size() + " columns but " + insertValues.size() + " values");
                }
            } else {
                throw QueryException.unsupported("MERGE clause " + Translator.describe(op));
            }
        }
        return new Plan.Merge(table, sourceColumns, sourceValues, matchedCondition, matchedSets, matchedDelete,
                notMatchedCondition, insertColumns, insertValues, translator.parameterCount());
    }

    /** The ON condition must be {@code t.name = s.name}: the entry name is the key. */
    private static void requireNameJoin(Expression on, ExprTranslator exprs) {
        Expression e = on;
        while (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        if (e instanceof EqualsTo eq) {
            Expr left = exprs.translate(eq.getLeftExpression());
            Expr right = exprs.translate(eq.getRightExpression());
            Expr target = new Expr.Col(DbColumn.NAME);
            Expr source = new Expr.Excluded(DbColumn.NAME);
            if (left.equals(target) && right.equals(source) || left.equals(source) && right.equals(target)) {
                return;
            }
        }
        throw QueryException.unsupported("MERGE ... ON " + on + " (only ON target.name = source.name)");
    }
}
