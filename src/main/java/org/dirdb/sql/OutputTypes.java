package org.dirdb.sql;

import java.util.List;
import org.dirdb.sql.ir.Expr;

/** The static SQL type of an expression, for result-set metadata; {@link ColumnType#ANY} when data decides. */
final class OutputTypes {
    private OutputTypes() {}

    static ColumnType of(Expr e, List<Expr> groupBy) {
        if (e instanceof Expr.Col c) {
            return c.column().type();
        } else if (e instanceof Expr.Excluded x) {
            return x.column().type();
        } else if (e instanceof Expr.Literal l) {
            Object v = l.value();
            return v instanceof Long ? ColumnType.BIGINT : v instanceof Double ? ColumnType.DOUBLE
                    : v instanceof Boolean ? ColumnType.BOOLEAN : v instanceof byte[] ? ColumnType.VARBINARY
                    : ColumnType.VARCHAR;
        } else if (e instanceof Expr.Now) {
            return ColumnType.TIMESTAMP;
        } else if (e instanceof Expr.Negate n) {
            return of(n.operand(), groupBy);
        } else if (e instanceof Expr.Arith a) {
            ColumnType l = of(a.left(), groupBy);
            ColumnType r = of(a.right(), groupBy);
            return l == ColumnType.BIGINT && r == ColumnType.BIGINT ? ColumnType.BIGINT
                    : l == ColumnType.ANY || r == ColumnType.ANY ? ColumnType.ANY : ColumnType.DOUBLE;
        } else if (e instanceof Expr.Compare || e instanceof Expr.And || e instanceof Expr.Or
                || e instanceof Expr.Not || e instanceof Expr.Like || e instanceof Expr.In
                || e instanceof Expr.Between || e instanceof Expr.IsNull || e instanceof Expr.JsonExists) {
            return ColumnType.BOOLEAN;
        } else if (e instanceof Expr.Case c) {
            return c.whens().isEmpty() ? of(c.otherwise(), groupBy) : of(c.whens().get(0).result(), groupBy);
        } else if (e instanceof Expr.Cast c) {
            return c.type() == ColumnType.INTEGER ? ColumnType.BIGINT : c.type();
        } else if (e instanceof Expr.Call c) {
            return switch (c.function()) {
                case LENGTH -> ColumnType.BIGINT;
                case ABS, ROUND, COALESCE, NULLIF, FIT_RANGE, FIT_DECIMAL -> of(c.args().get(0), groupBy);
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
            return of(groupBy.get(k.index()), groupBy);
        } else if (e instanceof Expr.Agg a) {
            return switch (a.function()) {
                case COUNT -> ColumnType.BIGINT;
                case AVG -> ColumnType.DOUBLE;
                case SUM -> of(a.arg(), groupBy) == ColumnType.BIGINT ? ColumnType.BIGINT
                        : of(a.arg(), groupBy) == ColumnType.DOUBLE ? ColumnType.DOUBLE : ColumnType.ANY;
                case MIN, MAX -> of(a.arg(), groupBy);
            };
        }
        return ColumnType.ANY;
    }
}
