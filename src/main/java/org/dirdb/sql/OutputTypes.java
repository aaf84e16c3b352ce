package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import org.dirdb.sql.ir.Expr;

/**
 * The static SQL type of an expression, for result-set metadata: every non-NULL value the expression gives
 * has that type, and {@link ColumnType#ANY} says that the data decides, row by row.
 *
 * <p>Expressions that choose among several values ({@code CASE}, {@code COALESCE}/{@code IFNULL}) have the
 * common type of their choices; a NULL literal (and a CASE without ELSE) has no type of its own and does not
 * take part. The common type of VARCHAR and JSON is VARCHAR (both are text); any other mix, BIGINT with DOUBLE
 * included, is {@link ColumnType#ANY}, and each value keeps its own type: an integer is never turned into a
 * double on its way to a result or to a file (10 would become 10.0, and integers past 2^53 would change).
 */
final class OutputTypes {
    private OutputTypes() {}

    static ColumnType of(Expr e, List<Expr> groupBy) {
        ColumnType type = type(e, groupBy);
        return type == null ? ColumnType.NULL : type; // only ever NULL: no type but that of NULL itself
    }

    /** The common type of choices (null entries are NULL literals), or null when all are NULL. */
    private static ColumnType common(List<ColumnType> types) {
        ColumnType common = null;
        for (ColumnType t : types) {
            if (t == null || t == common) {
                continue;
            } else if (common == null) {
                common = t;
            } else if (text(common) && text(t)) {
                common = ColumnType.VARCHAR;
            } else {
                return ColumnType.ANY;
            }
        }
        return common;
    }

    private static boolean numeric(ColumnType t) {
        return t == ColumnType.BIGINT || t == ColumnType.DOUBLE;
    }

    private static boolean text(ColumnType t) {
        return t == ColumnType.VARCHAR || t == ColumnType.JSON;
    }

    /** The type of {@code e}; null when it is always NULL (a NULL literal). */
    private static ColumnType type(Expr e, List<Expr> groupBy) {
        if (e instanceof Expr.Col c) {
            return c.column().type();
        } else if (e instanceof Expr.Excluded x) {
            return x.column().type();
        } else if (e instanceof Expr.Literal l) {
            Object v = l.value();
            return v == null ? null : v instanceof Long ? ColumnType.BIGINT : v instanceof Double ? ColumnType.DOUBLE
                    : v instanceof Boolean ? ColumnType.BOOLEAN : v instanceof byte[] ? ColumnType.VARBINARY
                    : v instanceof String ? ColumnType.VARCHAR : ColumnType.ANY;
        } else if (e instanceof Expr.Now) {
            return ColumnType.TIMESTAMP;
        } else if (e instanceof Expr.Negate n) {
            return number(type(n.operand(), groupBy));
        } else if (e instanceof Expr.Arith a) {
            ColumnType l = type(a.left(), groupBy);
            ColumnType r = type(a.right(), groupBy);
            if (l == null || r == null) {
                return number(l == null ? r : l); // NULL on either side: the result is NULL
            }
            return l == ColumnType.BIGINT && r == ColumnType.BIGINT ? ColumnType.BIGINT
                    : numeric(l) && numeric(r) ? ColumnType.DOUBLE : ColumnType.ANY;
        } else if (e instanceof Expr.Compare || e instanceof Expr.And || e instanceof Expr.Or
                || e instanceof Expr.Not || e instanceof Expr.Like || e instanceof Expr.In
                || e instanceof Expr.Between || e instanceof Expr.IsNull || e instanceof Expr.JsonExists) {
            return ColumnType.BOOLEAN;
        } else if (e instanceof Expr.Case c) {
            List<ColumnType> types = new ArrayList<>();
            for (Expr.When w : c.whens()) {
                types.add(type(w.result(), groupBy));
            }
            types.add(type(c.otherwise(), groupBy));
            return common(types);
        } else if (e instanceof Expr.Cast c) {
            return c.type() == ColumnType.INTEGER ? ColumnType.BIGINT : c.type();
        } else if (e instanceof Expr.Call c) {
            return switch (c.function()) {
                case LENGTH -> ColumnType.BIGINT;
                case ABS, ROUND -> number(type(c.args().get(0), groupBy));
                case COALESCE -> common(c.args().stream().map(a -> type(a, groupBy)).toList());
                case NULLIF, FIT_RANGE, FIT_DECIMAL -> type(c.args().get(0), groupBy);
                case JSON_MERGEPATCH, JSON_SET -> ColumnType.JSON;
                default -> ColumnType.VARCHAR;
            };
        } else if (e instanceof Expr.JsonValue v) {
            return v.returning() == null ? ColumnType.ANY : v.returning();
        } else if (e instanceof Expr.JsonQuery) {
            return ColumnType.JSON;
        } else if (e instanceof Expr.JsonArrow a) {
            return a.text() ? ColumnType.ANY : ColumnType.JSON;
        } else if (e instanceof Expr.GroupKey k) {
            return type(groupBy.get(k.index()), groupBy);
        } else if (e instanceof Expr.Agg a) {
            return switch (a.function()) {
                case COUNT -> ColumnType.BIGINT;
                case AVG -> ColumnType.DOUBLE;
                case SUM -> {
                    ColumnType arg = type(a.arg(), groupBy);
                    yield numeric(arg) ? arg : ColumnType.ANY;
                }
                case MIN, MAX -> type(a.arg(), groupBy); // one of the argument's values
            };
        }
        return ColumnType.ANY;
    }

    /**
     * The type of a numeric function of a value of type {@code t} that keeps integers integers (unary minus,
     * ABS, ROUND): BIGINT or DOUBLE as {@code t}, NULL for NULL, and ANY when the data decides (a JSON number
     * may be either; a value of any other type is an error).
     */
    private static ColumnType number(ColumnType t) {
        return t == null || numeric(t) ? t : ColumnType.ANY;
    }
}
