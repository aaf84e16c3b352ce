package org.dirdb.sql.ir;

import java.util.List;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.DbColumn;

/**
 * The expression IR: what the translator makes of a JSqlParser expression, independent of JSqlParser. Nodes
 * are tiny immutable records; {@link Eval} gives them meaning. Records compare by value, so an aggregate that
 * appears in the select list and again in HAVING or ORDER BY is the same aggregate.
 */
public sealed interface Expr {

    /** A constant: null, String, Long, Double, Boolean or byte[]. */
    record Literal(Object value) implements Expr {}

    /** The {@code index}-th {@code ?} (1-based). */
    record Param(int index) implements Expr {}

    /** A column of the current entry. */
    record Col(DbColumn column) implements Expr {}

    /** {@code EXCLUDED.column} in {@code ON CONFLICT DO UPDATE}, or the source row of a MERGE. */
    record Excluded(DbColumn column) implements Expr {}

    /** The statement's start time ({@code CURRENT_TIMESTAMP}, {@code NOW()}); one value per execution. */
    record Now() implements Expr {}

    /** Unary minus. */
    record Negate(Expr operand) implements Expr {}

    /** {@code + - * / %}. */
    record Arith(ArithOp op, Expr left, Expr right) implements Expr {}

    enum ArithOp { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO }

    /** {@code = <> < <= > >=}; NULL when either side is NULL or the two are not comparable. */
    record Compare(CompareOp op, Expr left, Expr right) implements Expr {}

    enum CompareOp { EQ, NE, LT, LE, GT, GE }

    /** Three-valued AND. */
    record And(Expr left, Expr right) implements Expr {}

    /** Three-valued OR. */
    record Or(Expr left, Expr right) implements Expr {}

    /** Three-valued NOT. */
    record Not(Expr operand) implements Expr {}

    /** {@code value [NOT] LIKE pattern [ESCAPE escape]}; {@code ILIKE} ignores case. */
    record Like(Expr value, Expr pattern, Expr escape, boolean negated, boolean ignoreCase) implements Expr {}

    /** {@code value [NOT] IN (list)}. */
    record In(Expr value, List<Expr> list, boolean negated) implements Expr {
        public In {
            list = List.copyOf(list);
        }
    }

    /** {@code value [NOT] BETWEEN low AND high}. */
    record Between(Expr value, Expr low, Expr high, boolean negated) implements Expr {}

    /** {@code operand IS [NOT] NULL}. */
    record IsNull(Expr operand, boolean negated) implements Expr {}

    /** Searched CASE; a simple CASE is translated to one. {@code otherwise} is a NULL literal when absent. */
    record Case(List<When> whens, Expr otherwise) implements Expr {
        public Case {
            whens = List.copyOf(whens);
        }
    }

    record When(Expr condition, Expr result) {}

    /**
     * {@code CAST(operand AS type)}; a failed conversion is 22018, a number beyond the type's range 22003.
     * {@code typeName} is the target as messages name it: the SQL type the statement wrote ({@code INTEGER}
     * for {@code CAST(x AS INT)}, although the value is computed as a {@link ColumnType#BIGINT}).
     */
    record Cast(Expr operand, ColumnType type, String typeName) implements Expr {
        /** A cast whose messages name {@code type} itself. */
        public Cast(Expr operand, ColumnType type) {
            this(operand, type, type.typeName());
        }
    }

    /** A scalar function call. */
    record Call(Function function, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** The scalar functions, with their argument counts. */
    enum Function {
        LOWER(1, 1), UPPER(1, 1), LENGTH(1, 1), SUBSTRING(2, 3), TRIM(1, 2), LTRIM(1, 2), RTRIM(1, 2),
        REPLACE(3, 3), CONCAT(1, Integer.MAX_VALUE), CONCAT_OPERATOR(2, 2), COALESCE(1, Integer.MAX_VALUE),
        NULLIF(2, 2), ABS(1, 1),
        ROUND(1, 2), JSON_MERGEPATCH(2, 2), JSON_SET(3, 3),
        /** What a CAST's type parameters or range add: {@code (value, min, max, type name)}. */
        FIT_RANGE(4, 4),
        /** {@code (text, length, pad)}: at most {@code length} code points; CHAR pads to it with spaces. */
        FIT_LENGTH(3, 3),
        /** {@code (number, precision, scale)}: rounded half up to the scale; 22003 beyond the precision. */
        FIT_DECIMAL(3, 3);

        private final int minArgs;
        private final int maxArgs;

        Function(int minArgs, int maxArgs) {
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }

        public int minArgs() {
            return minArgs;
        }

        public int maxArgs() {
            return maxArgs;
        }
    }

    /**
     * {@code JSON_VALUE(doc, path [RETURNING type])}: the scalar at the path, typed by its JSON type (or
     * converted to {@code returning}, NULL when it cannot be, 22003 for a number beyond the range of an integer
     * type); NULL for a missing path, JSON null, an object or an array. {@code returningName} is the type as
     * messages name it, as {@link Cast#typeName}; both are null without RETURNING.
     */
    record JsonValue(Expr doc, Expr path, ColumnType returning, String returningName) implements Expr {
        /** Without RETURNING: the scalar as its JSON type. */
        public JsonValue(Expr doc, Expr path) {
            this(doc, path, null, null);
        }
    }

    /** {@code JSON_QUERY(doc, path)}: the JSON text of what is at the path, NULL when missing. */
    record JsonQuery(Expr doc, Expr path) implements Expr {}

    /** {@code JSON_EXISTS(doc, path)}: whether the path exists. */
    record JsonExists(Expr doc, Expr path) implements Expr {}

    /**
     * A flattened {@code ->}/{@code ->>} chain: {@code doc->k1->k2->>k3} is {@code doc} with steps
     * {@code [k1, k2, k3]} and {@code text = true}. A text key selects an object member, an integer an array
     * element. With {@code text} the result is the typed scalar (like {@link JsonValue}), else JSON.
     */
    record JsonArrow(Expr doc, List<Expr> steps, boolean text) implements Expr {
        public JsonArrow {
            steps = List.copyOf(steps);
        }
    }

    /** The value of the {@code index}-th GROUP BY expression for the current group. */
    record GroupKey(int index) implements Expr {}

    /**
     * An aggregate; {@code arg} is null for {@code COUNT(*)}. {@code filter} is the condition of
     * {@code FILTER (WHERE filter)}, or null: only the rows for which it is TRUE are aggregated.
     */
    record Agg(AggFunction function, Expr arg, boolean distinct, Expr filter) implements Expr {
        /** An aggregate over every row of its group. */
        public Agg(AggFunction function, Expr arg, boolean distinct) {
            this(function, arg, distinct, null);
        }
    }

    enum AggFunction { COUNT, SUM, AVG, MIN, MAX }
}
