package org.dirdb.sql;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import org.dirdb.sql.ir.Expr;

/**
 * Translates JSqlParser expressions into {@link Expr}. Explicit {@code instanceof} dispatch over the
 * supported node types; anything else is 0A000 naming the node (subqueries, window functions, unknown
 * functions...). Column references are resolved against the statement's {@link Scope}.
 */
final class ExprTranslator {
    private static final Map<String, Expr.Function> FUNCTIONS = Map.ofEntries(
            Map.entry("lower", Expr.Function.LOWER), Map.entry("lcase", Expr.Function.LOWER),
            Map.entry("upper", Expr.Function.UPPER), Map.entry("ucase", Expr.Function.UPPER),
            Map.entry("length", Expr.Function.LENGTH), Map.entry("char_length", Expr.Function.LENGTH),
            Map.entry("character_length", Expr.Function.LENGTH),
            Map.entry("substring", Expr.Function.SUBSTRING), Map.entry("substr", Expr.Function.SUBSTRING),
            Map.entry("ltrim", Expr.Function.LTRIM), Map.entry("rtrim", Expr.Function.RTRIM),
            Map.entry("trim", Expr.Function.TRIM),
            Map.entry("replace", Expr.Function.REPLACE), Map.entry("concat", Expr.Function.CONCAT),
            Map.entry("coalesce", Expr.Function.COALESCE), Map.entry("ifnull", Expr.Function.COALESCE),
            Map.entry("nullif", Expr.Function.NULLIF), Map.entry("abs", Expr.Function.ABS),
            Map.entry("round", Expr.Function.ROUND),
            Map.entry("json_mergepatch", Expr.Function.JSON_MERGEPATCH),
            Map.entry("json_merge_patch", Expr.Function.JSON_MERGEPATCH),
            Map.entry("json_set", Expr.Function.JSON_SET));
    private static final Map<String, Expr.AggFunction> AGGREGATES = Map.of(
            "count", Expr.AggFunction.COUNT, "sum", Expr.AggFunction.SUM, "avg", Expr.AggFunction.AVG,
            "min", Expr.AggFunction.MIN, "max", Expr.AggFunction.MAX);

    private final Translator params;
    private final Scope scope;
    private boolean aggregatesAllowed;

    ExprTranslator(Translator params, Scope scope) {
        this.params = params;
        this.scope = scope;
    }

    /** Allows aggregates in the expressions translated after this call (select list, HAVING, ORDER BY). */
    ExprTranslator allowAggregates(boolean allowed) {
        this.aggregatesAllowed = allowed;
        return this;
    }

    /**
     * Deepest expression accepted. Evaluation recurses over the tree as translation does, so a long chain
     * such as {@code 1 + 1 + ... + 1} (left-nested by the parser) would overflow the stack at run time;
     * it is refused here with 54000 instead.
     */
    static final int MAX_DEPTH = 400;
    private int depth;

    Expr translate(Expression e) {
        if (++depth > MAX_DEPTH) {
            throw new QueryException(SqlState.TOO_COMPLEX, "expression nested deeper than " + MAX_DEPTH
                    + " levels (a chain of that many operators or calls); split it up");
        }
        try {
            return translateNode(e);
        } finally {
            depth--;
        }
    }

    private Expr translateNode(Expression e) {
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            return translate(p.get(0));
        } else if (e instanceof NullValue) {
            return new Expr.Literal(null);
        } else if (e instanceof StringValue s) {
            return new Expr.Literal(s.getNotExcapedValue());
        } else if (e instanceof LongValue l) {
            return new Expr.Literal(integer(l.getStringValue(), false));
        } else if (e instanceof DoubleValue d) {
            return new Expr.Literal(d.getValue());
        } else if (e instanceof BooleanValue b) {
            return new Expr.Literal(b.getValue());
        } else if (e instanceof HexValue hex) {
            return new Expr.Literal(hex(hex));
        } else if (e instanceof JdbcParameter || e instanceof JdbcNamedParameter) {
            return new Expr.Param(params.parameter(e));
        } else if (e instanceof Column c) {
            if (c.getTable() == null && "localtimestamp".equalsIgnoreCase(c.getColumnName())) {
                return new Expr.Now(); // parsed as a column; no table has one of that name
            }
            return scope.column(c);
        } else if (e instanceof TimeKeyExpression t) {
            return timeKey(t);
        } else if (e instanceof SignedExpression s) {
            if (s.getSign() == '-' && s.getExpression() instanceof LongValue l) {
                return new Expr.Literal(integer(l.getStringValue(), true));
            }
            Expr operand = translate(s.getExpression());
            return s.getSign() == '-' ? negate(operand) : operand;
        } else if (e instanceof Addition a) {
            return new Expr.Arith(Expr.ArithOp.ADD, translate(a.getLeftExpression()), translate(a.getRightExpression()));
        } else if (e instanceof Subtraction a) {
            return new Expr.Arith(Expr.ArithOp.SUBTRACT, translate(a.getLeftExpression()),
                    translate(a.getRightExpression()));
        } else if (e instanceof Multiplication a) {
            return new Expr.Arith(Expr.ArithOp.MULTIPLY, translate(a.getLeftExpression()),
                    translate(a.getRightExpression()));
        } else if (e instanceof Division a) {
            return new Expr.Arith(Expr.ArithOp.DIVIDE, translate(a.getLeftExpression()),
                    translate(a.getRightExpression()));
        } else if (e instanceof Modulo a) {
            return new Expr.Arith(Expr.ArithOp.MODULO, translate(a.getLeftExpression()),
                    translate(a.getRightExpression()));
        } else if (e instanceof Concat c) {
            return new Expr.Call(Expr.Function.CONCAT_OPERATOR, List.of(translate(c.getLeftExpression()),
                    translate(c.getRightExpression())));
        } else if (e instanceof AndExpression a) {
            return new Expr.And(translate(a.getLeftExpression()), translate(a.getRightExpression()));
        } else if (e instanceof OrExpression o) {
            return new Expr.Or(translate(o.getLeftExpression()), translate(o.getRightExpression()));
        } else if (e instanceof NotExpression n) {
            return new Expr.Not(translate(n.getExpression()));
        } else if (e instanceof EqualsTo c) {
            return compare(Expr.CompareOp.EQ, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof NotEqualsTo c) {
            return compare(Expr.CompareOp.NE, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof MinorThan c) {
            return compare(Expr.CompareOp.LT, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof MinorThanEquals c) {
            return compare(Expr.CompareOp.LE, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof GreaterThan c) {
            return compare(Expr.CompareOp.GT, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof GreaterThanEquals c) {
            return compare(Expr.CompareOp.GE, c.getLeftExpression(), c.getRightExpression());
        } else if (e instanceof LikeExpression like) {
            return like(like);
        } else if (e instanceof InExpression in) {
            return in(in);
        } else if (e instanceof Between b) {
            Translator.reject(b.isUsingSymmetric(), "BETWEEN SYMMETRIC");
            return new Expr.Between(translate(b.getLeftExpression()), translate(b.getBetweenExpressionStart()),
                    translate(b.getBetweenExpressionEnd()), b.isNot());
        } else if (e instanceof IsNullExpression n) {
            return new Expr.IsNull(translate(n.getLeftExpression()), n.isNot());
        } else if (e instanceof CaseExpression c) {
            return caseExpr(c);
        } else if (e instanceof CastExpression c) {
            Translator.reject(c.getFormat() != null, "CAST ... FORMAT");
            ColDataType target = c.getColDataType();
            return fitted(new Expr.Cast(translate(c.getLeftExpression()), type(target, "CAST"), sqlName(target)),
                    sqlName(target), target, "CAST");
        } else if (e instanceof TrimFunction t) {
            return trim(t);
        } else if (e instanceof JsonFunction j) {
            return new JsonTranslator(this).function(j);
        } else if (e instanceof JsonExpression j) {
            return new JsonTranslator(this).arrow(j);
        } else if (e instanceof AnalyticExpression a) {
            if (a.getType() == AnalyticType.FILTER_ONLY) {
                return filteredAggregate(a);
            }
            throw QueryException.unsupported(a.getType() == AnalyticType.OVER
                    ? "window function " + a.getName() + (a.getFilterExpression() == null ? "" : " ... FILTER")
                            + " ... OVER"
                    : a.getName() + " ... WITHIN GROUP"
                            + (a.getType() == AnalyticType.WITHIN_GROUP ? "" : " ... OVER"));
        } else if (e instanceof Function f) {
            return function(f);
        } else if (e instanceof ParenthesedSelect) {
            throw QueryException.unsupported("subquery " + Translator.describe(e));
        } else {
            throw QueryException.unsupported("expression " + Translator.describe(e));
        }
    }

    /**
     * The bytes of {@code X'CAFE'} (or {@code 0xCAFE}). JSqlParser 5.4 keeps the whitespace that follows the
     * literal in its token ({@code X'02' } before a WHERE), so {@code getDigits()} can end in a quote: the
     * digits are taken from the trimmed text instead.
     */
    private static byte[] hex(HexValue hex) {
        String text = hex.getValue().strip();
        String digits;
        if (text.length() >= 3 && (text.charAt(0) == 'X' || text.charAt(0) == 'x') && text.charAt(1) == '\''
                && text.endsWith("'")) {
            digits = text.substring(2, text.length() - 1);
        } else if (text.startsWith("0x") || text.startsWith("0X")) {
            digits = text.substring(2);
        } else {
            throw QueryException.syntax("hex literal " + text + " is not X'...' or 0x...");
        }
        if (digits.length() % 2 != 0) {
            throw QueryException.syntax("hex literal " + text + " has an odd number of digits");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw QueryException.syntax("hex literal " + text + " holds a character that is not a hex digit");
        }
    }

    /** An integer literal (its digits, negated or not) as a BIGINT; 22003 naming it when out of range. */
    private static long integer(String digits, boolean negative) {
        try {
            return Long.parseLong(negative ? "-" + digits : digits);
        } catch (NumberFormatException e) {
            throw new QueryException(SqlState.OUT_OF_RANGE, "integer literal " + (negative ? "-" : "") + digits
                    + " is out of the BIGINT range (-9223372036854775808 to 9223372036854775807); write it as "
                    + (negative ? "-" : "") + digits + ".0 for a DOUBLE");
        }
    }

    private static Expr negate(Expr operand) {
        if (operand instanceof Expr.Literal l && l.value() instanceof Long v && v != Long.MIN_VALUE) {
            return new Expr.Literal(-v);
        } else if (operand instanceof Expr.Literal l && l.value() instanceof Double v) {
            return new Expr.Literal(-v);
        }
        return new Expr.Negate(operand);
    }

    private static Expr timeKey(TimeKeyExpression t) {
        String key = t.getStringValue().toUpperCase(Locale.ROOT).replace("()", "").strip();
        if (key.equals("CURRENT_TIMESTAMP") || key.equals("LOCALTIMESTAMP")) {
            return new Expr.Now();
        }
        throw noDateOrTime(t.getStringValue());
    }

    /** CURRENT_DATE, CURTIME() and the like: 0A000, since no value is a DATE or a TIME. */
    private static QueryException noDateOrTime(String what) {
        return QueryException.unsupported(what + ": dirdb has no DATE or TIME type (CURRENT_TIMESTAMP and NOW()"
                + " give the statement's start time as a TIMESTAMP)");
    }

    private Expr compare(Expr.CompareOp op, Expression left, Expression right) {
        if (right instanceof ParenthesedSelect || left instanceof ParenthesedSelect) {
            throw QueryException.unsupported("subquery in a comparison");
        }
        return new Expr.Compare(op, translate(left), translate(right));
    }

    private Expr like(LikeExpression like) {
        String keyword = like.getLikeKeyWord().name();
        if (!keyword.equals("LIKE") && !keyword.equals("ILIKE")) {
            throw QueryException.unsupported(keyword + " (only LIKE and ILIKE)");
        }
        Translator.reject(like.isUseBinary(), "LIKE BINARY");
        Expr escape = like.getEscape() == null ? null : translate(like.getEscape());
        return new Expr.Like(translate(like.getLeftExpression()), translate(like.getRightExpression()), escape,
                like.isNot(), keyword.equals("ILIKE"));
    }

    private Expr in(InExpression in) {
        Translator.reject(in.isGlobal(), "GLOBAL IN");
        Expression right = in.getRightExpression();
        if (!(right instanceof ExpressionList<?> list)) {
            throw QueryException.unsupported("IN " + Translator.describe(right) + " (only a list of values)");
        }
        List<Expr> items = new ArrayList<>();
        for (Expression item : list) {
            items.add(translate(item));
        }
        return new Expr.In(translate(in.getLeftExpression()), items, in.isNot());
    }

    private Expr caseExpr(CaseExpression c) {
        Expr subject = c.getSwitchExpression() == null ? null : translate(c.getSwitchExpression());
        List<Expr.When> whens = new ArrayList<>();
        for (WhenClause w : c.getWhenClauses()) {
            Expr when = translate(w.getWhenExpression());
            Expr condition = subject == null ? when : new Expr.Compare(Expr.CompareOp.EQ, subject, when);
            whens.add(new Expr.When(condition, translate(w.getThenExpression())));
        }
        Expr otherwise = c.getElseExpression() == null ? new Expr.Literal(null) : translate(c.getElseExpression());
        return new Expr.Case(whens, otherwise);
    }

    private Expr trim(TrimFunction t) {
        Expr.Function function = Expr.Function.TRIM;
        if (t.getTrimSpecification() != null) {
            function = switch (t.getTrimSpecification().name()) {
                case "LEADING" -> Expr.Function.LTRIM;
                case "TRAILING" -> Expr.Function.RTRIM;
                default -> Expr.Function.TRIM;
            };
        }
        List<Expr> args = new ArrayList<>();
        if (t.getExpression() == null) { // TRIM([spec] FROM x): spaces
            args.add(translate(t.getFromExpression()));
        } else if (t.getFromExpression() != null) {
            args.add(translate(t.getFromExpression()));
            args.add(translate(t.getExpression()));
        } else {
            args.add(translate(t.getExpression()));
        }
        return new Expr.Call(function, args);
    }

    /**
     * A conversion to {@code type} (a CAST, or a {@code JSON_VALUE ... RETURNING}, as {@code where} says) with
     * what the type adds to the plain conversion: the range of the narrower integer types, the length of
     * {@code VARCHAR(n)} (cut) and {@code CHAR(n)} (cut or padded), the precision and scale of
     * {@code DECIMAL(p[, s])} (rounded half up; 22003 when too large). {@code typeName} is the type as
     * {@link #sqlName} names it. A parameter that would be ignored is refused (0A000), never silently dropped.
     */
    static Expr fitted(Expr conversion, String typeName, ColDataType type, String where) {
        String written = written(type);
        String name = baseName(written);
        List<String> args = written.contains("(")
                ? List.of(written.substring(written.indexOf('(') + 1, written.lastIndexOf(')')).split(","))
                : type.getArgumentsStringList() == null ? List.of() : type.getArgumentsStringList();
        List<Long> numbers = new ArrayList<>();
        for (String arg : args) {
            try {
                numbers.add(Long.parseLong(arg.strip()));
            } catch (NumberFormatException e) {
                throw QueryException.unsupported(where + " to " + type + " (type parameter " + arg.strip() + ")");
            }
        }
        Expr.Literal[] range = switch (typeName) { // INT and INT4 are named INTEGER there
            case "UNSIGNED" -> limits(0, Long.MAX_VALUE, typeName);
            case "INTEGER" -> limits(Integer.MIN_VALUE, Integer.MAX_VALUE, typeName);
            case "SMALLINT" -> limits(Short.MIN_VALUE, Short.MAX_VALUE, typeName);
            case "TINYINT" -> limits(Byte.MIN_VALUE, Byte.MAX_VALUE, typeName);
            default -> null;
        };
        if (range != null) {
            // INT(11) and the like: a display width, which changes no value.
            return new Expr.Call(Expr.Function.FIT_RANGE, List.of(conversion, range[0], range[1], range[2]));
        }
        if (numbers.isEmpty()) {
            return conversion;
        }
        switch (name) {
            case "VARCHAR", "CHARACTER VARYING", "NVARCHAR", "VARCHAR2", "CHAR", "CHARACTER" -> {
                if (numbers.size() == 1 && numbers.get(0) >= 0 && numbers.get(0) <= Integer.MAX_VALUE) {
                    boolean pad = name.equals("CHAR") || name.equals("CHARACTER");
                    return new Expr.Call(Expr.Function.FIT_LENGTH, List.of(conversion, new Expr.Literal(numbers.get(0)),
                            new Expr.Literal(pad)));
                }
            }
            case "DECIMAL", "NUMERIC", "NUMBER" -> {
                long precision = numbers.get(0);
                long scale = numbers.size() > 1 ? numbers.get(1) : 0;
                if (numbers.size() <= 2 && precision >= 1 && precision <= 1000 && scale >= 0 && scale <= precision) {
                    return new Expr.Call(Expr.Function.FIT_DECIMAL, List.of(conversion, new Expr.Literal(precision),
                            new Expr.Literal(scale)));
                }
            }
            case "FLOAT", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL" -> {
                if (numbers.size() == 1 && numbers.get(0) >= 1 && numbers.get(0) <= 53) {
                    return conversion; // binary precision in bits, which a DOUBLE always has
                }
            }
            default -> { }
        }
        throw QueryException.unsupported(where + " to " + type + " (its parameters)");
    }

    private static Expr.Literal[] limits(long min, long max, String name) {
        return new Expr.Literal[] {new Expr.Literal(min), new Expr.Literal(max), new Expr.Literal(name)};
    }

    /** The type as written, in upper case with single spaces ({@code DOUBLE PRECISION}, {@code VARCHAR(2)}). */
    private static String written(ColDataType type) {
        return type.getDataType().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /** A type as {@link #written}, without its parenthesised parameters. */
    private static String baseName(String written) {
        return written.contains("(") ? written.substring(0, written.indexOf('(')).strip() : written;
    }

    /**
     * The target of a CAST as messages name it: the standard name of an integer type ({@code INTEGER} for
     * {@code INT} and {@code INT4}; {@code BIGINT} for {@code INT8}, {@code LONG} and {@code SIGNED [INT[EGER]]},
     * which is MySQL's 64-bit integer; {@code UNSIGNED} for {@code UNSIGNED [INT[EGER]]}), any other type as
     * written without its parameters ({@code DECIMAL}, {@code VARCHAR}).
     *
     * <p>MySQL's {@code UNSIGNED} is a 64-bit unsigned integer (0 to 2^64 - 1). Integers here are BIGINT, which
     * holds no value above 2^63 - 1, and MySQL's own CAST wraps a negative number around (-1 becomes
     * 18446744073709551615), which would be a wrong answer rather than an error. So {@code UNSIGNED} is
     * BIGINT limited to 0 to 2^63 - 1: every value MySQL gives for it that BIGINT can hold, and 22003 naming
     * the value for the rest (negatives included).
     */
    static String sqlName(ColDataType type) {
        String name = baseName(written(type));
        return switch (name) {
            case "INT", "INTEGER", "INT4" -> "INTEGER";
            case "BIGINT", "INT8", "LONG", "SIGNED", "SIGNED INT", "SIGNED INTEGER" -> "BIGINT";
            case "UNSIGNED", "UNSIGNED INT", "UNSIGNED INTEGER" -> "UNSIGNED";
            default -> name;
        };
    }

    /**
     * A SQL type name of CAST or RETURNING. The parser keeps what follows a type's name apart from it
     * ({@code INT UNSIGNED}, {@code BIGINT ZEROFILL}, {@code INT[]}): refused, not read as the bare type.
     */
    static ColumnType type(ColDataType type, String where) {
        Translator.reject(type.getTypeModifiers() != null && !type.getTypeModifiers().isEmpty()
                || type.getArrayData() != null && !type.getArrayData().isEmpty(), where + " to type " + type);
        return switch (baseName(written(type))) {
            case "VARCHAR", "CHAR", "CHARACTER", "CHARACTER VARYING", "TEXT", "STRING", "CLOB", "NVARCHAR",
                    "VARCHAR2" -> ColumnType.VARCHAR;
            case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "INT8", "INT4", "LONG", "SIGNED", "SIGNED INT",
                    "SIGNED INTEGER", "UNSIGNED", "UNSIGNED INT", "UNSIGNED INTEGER" -> ColumnType.BIGINT;
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT", "REAL", "DECIMAL", "NUMERIC", "NUMBER", "FLOAT8" ->
                    ColumnType.DOUBLE;
            case "BOOLEAN", "BOOL" -> ColumnType.BOOLEAN;
            case "TIMESTAMP", "DATETIME" -> ColumnType.TIMESTAMP;
            case "JSON", "JSONB" -> ColumnType.JSON;
            default -> throw QueryException.unsupported(where + " to type " + type.getDataType());
        };
    }

    private Expr function(Function f) {
        String name = f.getName() == null ? "" : f.getName().toLowerCase(Locale.ROOT);
        Translator.reject(f.getMultipartName() != null && f.getMultipartName().size() > 1,
                "qualified function name " + f.getName());
        Translator.reject(f.getNamedParameters() != null && !name.equals("substring"),
                "named function arguments in " + f.getName());
        Translator.reject(f.getKeep() != null || f.getHavingClause() != null || f.getLimit() != null
                || f.getAttribute() != null || f.getChainedParameters() != null || f.isIgnoreNulls()
                || f.getNullHandling() != null || f.getKeywordArguments() != null
                && !f.getKeywordArguments().isEmpty(), "function modifiers in " + Translator.describe(f));
        if (name.equals("curdate") || name.equals("curtime") || name.equals("current_date")
                || name.equals("current_time")) {
            throw noDateOrTime(f.getName() + "()");
        }
        boolean now = name.equals("now") || name.equals("current_timestamp") || name.equals("localtimestamp");
        if (!now && !AGGREGATES.containsKey(name) && !FUNCTIONS.containsKey(name)) {
            // Before the arguments: TIMESTAMPADD(SQL_TSI_DAY, ...) is refused for its name, not its first argument.
            throw QueryException.unsupported("function " + f.getName());
        }
        List<Expr> args = new ArrayList<>();
        boolean star = f.isAllColumns();
        if (f.getNamedParameters() != null) {
            // SUBSTRING(s FROM start [FOR length]): the keywords name the positions.
            List<String> keys = f.getNamedParameters().getNames();
            List<String> expected = List.of("", "FROM", "FOR");
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i) == null ? "" : keys.get(i).toUpperCase(Locale.ROOT);
                if (i >= expected.size() || !expected.get(i).equals(key)) {
                    throw QueryException.unsupported("SUBSTRING form " + f);
                }
                args.add(translate((Expression) f.getNamedParameters().get(i)));
            }
        }
        if (f.getParameters() != null) {
            for (Expression p : f.getParameters()) {
                if (p instanceof net.sf.jsqlparser.statement.select.AllColumns) {
                    star = true;
                } else {
                    args.add(translate(p));
                }
            }
        }
        Expr.AggFunction agg = AGGREGATES.get(name);
        if (agg != null) {
            return aggregate(f, agg, args, star);
        }
        Translator.reject(f.isDistinct() || star, "DISTINCT or * in " + f.getName());
        if (now) {
            // NOW(3), CURRENT_TIMESTAMP(3), LOCALTIMESTAMP(3): one argument is a fractional-seconds precision.
            Translator.reject(args.size() == 1, f.getName() + "(precision): the start time keeps the precision"
                    + " of the system clock");
            requireArgs(f, args, 0, 0);
            return new Expr.Now();
        }
        Expr.Function function = FUNCTIONS.get(name);
        requireArgs(f, args, function.minArgs(), function.maxArgs());
        return new Expr.Call(function, args);
    }

    private Expr aggregate(Function f, Expr.AggFunction agg, List<Expr> args, boolean star) {
        if (!aggregatesAllowed) {
            throw new QueryException(SqlState.SYNTAX_ERROR, "aggregate " + f + " is not allowed here (only in the"
                    + " select list, HAVING and ORDER BY of a query)");
        }
        Translator.reject(f.isUnique(), "UNIQUE in " + f.getName());
        if (star || agg == Expr.AggFunction.COUNT && args.isEmpty()) {
            if (agg != Expr.AggFunction.COUNT || f.isDistinct()) {
                throw QueryException.syntax(f + ": only COUNT takes *");
            }
            return new Expr.Agg(agg, null, false);
        }
        requireArgs(f, args, 1, 1);
        // The argument was translated before we knew it was an aggregate argument: check nesting here.
        if (containsAggregate(args.get(0))) {
            throw new QueryException(SqlState.SYNTAX_ERROR, "aggregates cannot be nested: " + f);
        }
        return new Expr.Agg(agg, args.get(0), f.isDistinct());
    }

    /**
     * {@code AGG(...) FILTER (WHERE condition)}: the aggregate over the rows for which the condition is TRUE.
     * JSqlParser makes it an analytic expression; the call is rebuilt as a function so that it is checked as
     * every aggregate is.
     */
    private Expr filteredAggregate(AnalyticExpression a) {
        if (!AGGREGATES.containsKey(a.getName().toLowerCase(Locale.ROOT))) {
            throw QueryException.syntax("FILTER (WHERE ...) applies to aggregate functions, and " + a.getName()
                    + " is not one");
        }
        Translator.reject(a.getOffset() != null || a.getDefaultValue() != null || a.getKeep() != null
                || a.isIgnoreNulls() || a.isIgnoreNullsOutside() || a.getFuncOrderBy() != null
                || a.getHavingClause() != null || a.getNullHandling() != null || a.getLimit() != null
                || a.getOnOverflowTruncate() != null || a.isUnique()
                || a.getKeywordArguments() != null && !a.getKeywordArguments().isEmpty(),
                "function modifiers in " + Translator.describe(a));
        Function call = new Function();
        call.setName(a.getName());
        call.setDistinct(a.isDistinct());
        if (a.isAllColumns() || a.getExpression() == null) {
            call.setAllColumns(true);
        } else {
            call.setParameters(new ExpressionList<>(a.getExpression()));
        }
        Expr.Agg agg = (Expr.Agg) function(call);
        Expr filter = translate(a.getFilterExpression());
        if (containsAggregate(filter)) {
            throw new QueryException(SqlState.SYNTAX_ERROR, "aggregates cannot be nested in FILTER: " + a);
        }
        return new Expr.Agg(agg.function(), agg.arg(), agg.distinct(), filter);
    }

    private static boolean containsAggregate(Expr e) {
        return org.dirdb.sql.ir.Exprs.anyMatch(e, x -> x instanceof Expr.Agg);
    }

    private static void requireArgs(Function f, List<Expr> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max;
            throw QueryException.syntax("function " + f.getName() + " takes " + expected + " arguments, not "
                    + args.size());
        }
    }
}
