package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.JsonFunctionType;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.JsonPath;

/**
 * The JSON forms of {@link ExprTranslator}: {@code JSON_VALUE}/{@code JSON_QUERY}/{@code JSON_EXISTS}
 * (a {@link JsonFunction} in JSqlParser 5.4) and {@code ->}/{@code ->>} chains, which JSqlParser nests to the
 * right and this class flattens.
 */
final class JsonTranslator {
    private final ExprTranslator exprs;

    JsonTranslator(ExprTranslator exprs) {
        this.exprs = exprs;
    }

    Expr function(JsonFunction j) {
        JsonFunctionType kind = j.getType();
        if (kind != JsonFunctionType.VALUE && kind != JsonFunctionType.QUERY && kind != JsonFunctionType.EXISTS) {
            throw QueryException.unsupported("JSON function " + kind);
        }
        Translator.reject(j.getPassingExpressions() != null && !j.getPassingExpressions().isEmpty(),
                "JSON path PASSING");
        Translator.reject(j.getOnErrorBehavior() != null || j.getOnEmptyBehavior() != null,
                "ON EMPTY / ON ERROR clauses (a missing path or a mismatch gives NULL)");
        Translator.reject(j.getWrapperType() != null, "JSON_QUERY WITH/WITHOUT WRAPPER");
        Translator.reject(j.getQuotesType() != null, "JSON_QUERY KEEP/OMIT QUOTES");
        Translator.reject(j.isStrict(), "strict JSON path mode");
        Translator.reject(j.getInputExpression() == null || j.getJsonPathExpression() == null,
                "JSON function without a document and a path");
        Expr doc = exprs.translate(j.getInputExpression().getExpression());
        Expr path = exprs.translate(j.getJsonPathExpression());
        if (path instanceof Expr.Literal l && l.value() instanceof String text) {
            JsonPath.parse(text); // a bad literal path fails when the statement is prepared
        }
        if (kind == JsonFunctionType.VALUE) {
            ColDataType returning = j.getReturningType();
            if (returning == null) {
                return new Expr.JsonValue(doc, path);
            }
            // What the type adds to the conversion (the range of INTEGER, the length of VARCHAR(n)...) is what
            // it adds to a CAST.
            String name = ExprTranslator.sqlName(returning);
            return ExprTranslator.fitted(new Expr.JsonValue(doc, path, ExprTranslator.type(returning, "RETURNING"),
                    name), name, returning, "RETURNING");
        }
        Translator.reject(j.getReturningType() != null, kind + " ... RETURNING");
        return kind == JsonFunctionType.QUERY ? new Expr.JsonQuery(doc, path) : new Expr.JsonExists(doc, path);
    }

    /**
     * {@code a->'k1'->>'k2'} parses right-nested: the key of the first step is itself a JsonExpression whose
     * base is {@code 'k1'}. Flatten it into one step list; only the last operator may be {@code ->>}.
     */
    Expr arrow(JsonExpression j) {
        List<Expression> keys = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        for (Map.Entry<Expression, String> ident : j.getIdentList()) {
            flatten(ident.getKey(), ident.getValue(), keys, operators);
        }
        List<Expr> steps = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String op = operators.get(i);
            if (!op.equals("->") && !op.equals("->>")) {
                throw QueryException.unsupported("JSON operator " + op + " (only -> and ->>)");
            }
            if (op.equals("->>") && i < keys.size() - 1) {
                throw QueryException.unsupported("->> followed by another -> step: ->> gives a scalar; use -> for"
                        + " all but the last step");
            }
            steps.add(exprs.translate(keys.get(i)));
        }
        Expr doc = exprs.translate(j.getExpression());
        boolean text = operators.get(operators.size() - 1).equals("->>");
        if (doc instanceof Expr.JsonArrow inner && !inner.text()) {
            List<Expr> all = new ArrayList<>(inner.steps());
            all.addAll(steps);
            return new Expr.JsonArrow(inner.doc(), all, text);
        }
        return new Expr.JsonArrow(doc, steps, text);
    }

    private static void flatten(Expression key, String op, List<Expression> keys, List<String> operators) {
        if (key instanceof JsonExpression nested) {
            keys.add(nested.getExpression());
            operators.add(op);
            for (Map.Entry<Expression, String> ident : nested.getIdentList()) {
                flatten(ident.getKey(), ident.getValue(), keys, operators);
            }
        } else {
            keys.add(key);
            operators.add(op);
        }
    }
}
