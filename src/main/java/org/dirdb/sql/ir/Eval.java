package org.dirdb.sql.ir;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;

/**
 * Evaluates {@link Expr} trees for one statement execution: it holds the bound parameter values and the
 * statement's start time. Values are those of {@link Values}. Conditions are three-valued (null is unknown).
 *
 * <p>Dispatch is an explicit {@code instanceof} chain; the final {@code else} is 0A000 naming the node.
 */
public final class Eval {
    private final List<Object> params;
    private final Instant now;

    /**
     * @param params the parameter values, index 0 for {@code ?} 1 (String, Long, Double, Boolean, byte[],
     *               null, or whatever the caller binds for its own use, such as a stream)
     */
    public Eval(List<Object> params, Instant now) {
        this.params = params;
        this.now = now;
    }

    /** The value of {@code e} for {@code row}. */
    public Object eval(Expr e, Row row) {
        if (e instanceof Expr.Literal l) {
            return l.value();
        } else if (e instanceof Expr.Param p) {
            return params.get(p.index() - 1);
        } else if (e instanceof Expr.Col c) {
            return row.column(c.column());
        } else if (e instanceof Expr.Excluded x) {
            return row.excluded(x.column());
        } else if (e instanceof Expr.Now) {
            return now;
        } else if (e instanceof Expr.Negate n) {
            return Functions.negate(eval(n.operand(), row));
        } else if (e instanceof Expr.Arith a) {
            return Functions.arith(a.op(), eval(a.left(), row), eval(a.right(), row));
        } else if (e instanceof Expr.Compare c) {
            return compare(c, row);
        } else if (e instanceof Expr.And and) {
            Boolean left = test(and.left(), row);
            if (Boolean.FALSE.equals(left)) {
                return false;
            }
            Boolean right = test(and.right(), row);
            return Boolean.FALSE.equals(right) ? Boolean.FALSE : left == null || right == null ? null : true;
        } else if (e instanceof Expr.Or or) {
            Boolean left = test(or.left(), row);
            if (Boolean.TRUE.equals(left)) {
                return true;
            }
            Boolean right = test(or.right(), row);
            return Boolean.TRUE.equals(right) ? Boolean.TRUE : left == null || right == null ? null : false;
        } else if (e instanceof Expr.Not not) {
            Boolean value = test(not.operand(), row);
            return value == null ? null : !value;
        } else if (e instanceof Expr.Like like) {
            return like(like, row);
        } else if (e instanceof Expr.In in) {
            return in(in, row);
        } else if (e instanceof Expr.Between b) {
            return between(b, row);
        } else if (e instanceof Expr.IsNull n) {
            Object v = Values.plain(eval(n.operand(), row));
            return (v == null) != n.negated();
        } else if (e instanceof Expr.Case c) {
            for (Expr.When when : c.whens()) {
                if (Boolean.TRUE.equals(test(when.condition(), row))) {
                    return eval(when.result(), row);
                }
            }
            return eval(c.otherwise(), row);
        } else if (e instanceof Expr.Cast c) {
            return Functions.cast(eval(c.operand(), row), c.type(), c.typeName());
        } else if (e instanceof Expr.Call call) {
            return Functions.call(this, call, row);
        } else if (e instanceof Expr.JsonValue v) {
            JsonNode node = find(v.doc(), v.path(), row);
            Object scalar = node == null || node.isContainerNode() ? null : Json.scalar(node, false);
            return v.returning() == null ? scalar : Functions.convert(scalar, v.returning(), v.returningName());
        } else if (e instanceof Expr.JsonQuery q) {
            JsonNode node = find(q.doc(), q.path(), row);
            return node == null ? null : new Json(node);
        } else if (e instanceof Expr.JsonExists x) {
            JsonNode doc = doc(x.doc(), row);
            Object path = eval(x.path(), row);
            return doc == null || path == null ? null : path(path).find(doc) != null;
        } else if (e instanceof Expr.JsonArrow a) {
            return arrow(a, row);
        } else if (e instanceof Expr.Agg agg) {
            return row.aggregate(agg);
        } else if (e instanceof Expr.GroupKey k) {
            return row.groupKey(k.index());
        } else {
            throw QueryException.unsupported("expression " + e.getClass().getSimpleName());
        }
    }

    /** A condition's truth: TRUE, FALSE or null (unknown). */
    public Boolean test(Expr e, Row row) {
        return Values.truth(eval(e, row), "a condition");
    }

    private Object compare(Expr.Compare c, Row row) {
        Integer r = Values.compare(eval(c.left(), row), eval(c.right(), row));
        if (r == null) {
            return null;
        }
        return switch (c.op()) {
            case EQ -> r == 0;
            case NE -> r != 0;
            case LT -> r < 0;
            case LE -> r <= 0;
            case GT -> r > 0;
            case GE -> r >= 0;
        };
    }

    private Object like(Expr.Like like, Row row) {
        Object value = Values.plain(eval(like.value(), row));
        Object pattern = Values.plain(eval(like.pattern(), row));
        Object escape = like.escape() == null ? null : Values.plain(eval(like.escape(), row));
        if (value == null || pattern == null || like.escape() != null && escape == null) {
            return null;
        }
        if (!(value instanceof String text) || !(pattern instanceof String p)) {
            throw new QueryException(SqlState.BAD_CONVERSION, "LIKE needs strings, not " + Values.describe(value)
                    + " LIKE " + Values.describe(pattern));
        }
        LikePattern compiled = LikePattern.compile(p, escape == null ? null : escape.toString(), like.ignoreCase());
        return compiled.matches(text) != like.negated();
    }

    private Object in(Expr.In in, Row row) {
        Object value = eval(in.value(), row);
        boolean unknown = false;
        for (Expr item : in.list()) {
            Integer r = Values.compare(value, eval(item, row));
            if (r == null) {
                unknown = true;
            } else if (r == 0) {
                return !in.negated();
            }
        }
        return unknown ? null : in.negated();
    }

    private Object between(Expr.Between b, Row row) {
        Object value = eval(b.value(), row);
        Integer low = Values.compare(value, eval(b.low(), row));
        Integer high = Values.compare(value, eval(b.high(), row));
        Boolean aboveLow = low == null ? null : low >= 0;
        Boolean belowHigh = high == null ? null : high <= 0;
        Boolean result;
        if (Boolean.FALSE.equals(aboveLow) || Boolean.FALSE.equals(belowHigh)) {
            result = false;
        } else if (aboveLow == null || belowHigh == null) {
            result = null;
        } else {
            result = true;
        }
        return result == null ? null : result != b.negated();
    }

    /** The document of a JSON function: the entry's parsed metadata, a JSON value, or JSON text. */
    JsonNode doc(Expr docExpr, Row row) {
        if (docExpr instanceof Expr.Col c && c.column() == DbColumn.META) {
            return row.metaJson();
        }
        Object value = eval(docExpr, row);
        if (value == null) {
            return null;
        } else if (value instanceof Json j) {
            return j.node();
        } else if (value instanceof String s) {
            return Json.parse(s, row.entry());
        }
        throw new QueryException(SqlState.INVALID_JSON, "a JSON function needs JSON text, not "
                + Values.describe(value));
    }

    private JsonNode find(Expr docExpr, Expr pathExpr, Row row) {
        JsonNode doc = doc(docExpr, row);
        Object path = eval(pathExpr, row);
        return doc == null || path == null ? null : path(path).find(doc);
    }

    static JsonPath path(Object path) {
        if (!(path instanceof String text)) {
            throw new QueryException(SqlState.BAD_CONVERSION, "a JSON path must be a string, not "
                    + Values.describe(path));
        }
        JsonPath parsed = PATHS.get(text);
        if (parsed == null) {
            parsed = JsonPath.parse(text);
            if (PATHS.size() >= 1024) {
                PATHS.clear(); // paths are nearly always literals: a handful per application
            }
            PATHS.put(text, parsed);
        }
        return parsed;
    }

    /** Parsed JSON paths by text, so that a path is parsed once, not once per row. */
    private static final java.util.concurrent.ConcurrentHashMap<String, JsonPath> PATHS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Object arrow(Expr.JsonArrow a, Row row) {
        JsonNode node = doc(a.doc(), row);
        for (Expr stepExpr : a.steps()) {
            if (node == null) {
                return null;
            }
            Object step = Values.computable(Values.plain(eval(stepExpr, row)));
            if (step == null) {
                return null;
            } else if (step instanceof Long l) {
                node = l >= 0 && l <= Integer.MAX_VALUE ? JsonPath.step(node, (int) l.longValue()) : null;
            } else if (step instanceof String key) {
                node = JsonPath.step(node, key);
            } else {
                throw new QueryException(SqlState.BAD_CONVERSION, "-> and ->> take a key or an array index, not "
                        + Values.describe(step));
            }
        }
        if (node == null) {
            return null;
        }
        return a.text() ? Json.scalar(node, true) : new Json(node);
    }

    /** Whether a value can be the target of a CAST or RETURNING clause; used by the translator. */
    public static boolean castable(ColumnType type) {
        return type != ColumnType.BLOB;
    }
}
