package org.dirdb.sql.ir;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;

/**
 * Scalar functions, arithmetic and casts. NULL in gives NULL out (the {@code ||} operator included), except
 * {@code COALESCE}, {@code CONCAT} (which skips NULLs, as in PostgreSQL and H2) and
 * {@code JSON_MERGEPATCH}/{@code JSON_SET} on NULL metadata (treated as absent). Strings are counted in code
 * points.
 */
final class Functions {
    private Functions() {}

    static Object call(Eval eval, Expr.Call call, Row row) {
        List<Expr> args = call.args();
        switch (call.function()) {
            case COALESCE -> {
                for (Expr arg : args) {
                    Object v = eval.eval(arg, row);
                    if (Values.plain(v) != null) {
                        return v;
                    }
                }
                return null;
            }
            case CONCAT -> {
                StringBuilder b = new StringBuilder();
                for (Expr arg : args) {
                    Object v = eval.eval(arg, row);
                    if (Values.plain(v) != null) {
                        b.append(text(v));
                    }
                }
                return b.toString();
            }
            case NULLIF -> {
                Object a = eval.eval(args.get(0), row);
                Integer c = Values.compare(a, eval.eval(args.get(1), row));
                return c != null && c == 0 ? null : a;
            }
            case JSON_MERGEPATCH -> {
                JsonNode target = eval.doc(args.get(0), row);
                JsonNode patch = eval.doc(args.get(1), row);
                if (patch == null) {
                    throw new QueryException(SqlState.INVALID_VALUE, "the patch of JSON_MERGEPATCH must not be NULL");
                }
                return new Json(JsonOps.mergePatch(target, patch));
            }
            case JSON_SET -> {
                JsonNode target = eval.doc(args.get(0), row);
                Object path = eval.eval(args.get(1), row);
                if (path == null) {
                    throw new QueryException(SqlState.INVALID_VALUE, "the path of JSON_SET must not be NULL");
                }
                return new Json(JsonOps.set(target, Eval.path(path), JsonOps.toNode(eval.eval(args.get(2), row))));
            }
            default -> {
                Object[] values = new Object[args.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Values.plain(eval.eval(args.get(i), row));
                    if (values[i] == null) {
                        return null;
                    }
                }
                return simple(call.function(), values);
            }
        }
    }

    private static Object simple(Expr.Function f, Object[] v) {
        return switch (f) {
            case LOWER -> text(v[0]).toLowerCase(Locale.ROOT);
            case UPPER -> text(v[0]).toUpperCase(Locale.ROOT);
            case LENGTH -> (long) text(v[0]).codePointCount(0, text(v[0]).length());
            case SUBSTRING -> substring(text(v[0]), integer(v[1], "SUBSTRING start"),
                    v.length > 2 ? integer(v[2], "SUBSTRING length") : null);
            case TRIM -> trim(text(v[0]), v.length > 1 ? text(v[1]) : " ", true, true);
            case LTRIM -> trim(text(v[0]), v.length > 1 ? text(v[1]) : " ", true, false);
            case RTRIM -> trim(text(v[0]), v.length > 1 ? text(v[1]) : " ", false, true);
            case REPLACE -> text(v[1]).isEmpty() ? text(v[0]) : text(v[0]).replace(text(v[1]), text(v[2]));
            case CONCAT_OPERATOR -> text(v[0]) + text(v[1]);
            case FIT_RANGE -> fitRange((Long) v[0], (Long) v[1], (Long) v[2], (String) v[3]);
            case FIT_LENGTH -> fitLength(text(v[0]), (int) (long) (Long) v[1], (Boolean) v[2]);
            case FIT_DECIMAL -> fitDecimal((Double) v[0], (int) (long) (Long) v[1], (int) (long) (Long) v[2]);
            case ABS -> abs(number(v[0], "ABS"));
            case ROUND -> round(number(v[0], "ROUND"), v.length > 1 ? integer(v[1], "ROUND digits") : 0);
            default -> throw QueryException.unsupported("function " + f);
        };
    }

    private static long fitRange(long value, long min, long max, String type) {
        if (value < min || value > max) {
            throw new QueryException(SqlState.OUT_OF_RANGE, "value " + value + " is out of range for " + type + " ("
                    + min + " to " + max + ")");
        }
        return value;
    }

    private static String fitLength(String s, int length, boolean pad) {
        int n = s.codePointCount(0, s.length());
        if (n > length) {
            return s.substring(0, s.offsetByCodePoints(0, length));
        }
        return pad ? s + " ".repeat(length - n) : s;
    }

    private static double fitDecimal(double value, int precision, int scale) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new QueryException(SqlState.OUT_OF_RANGE, "value " + value + " does not fit DECIMAL(" + precision
                    + ", " + scale + ")");
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
        if (rounded.precision() - rounded.scale() > precision - scale && rounded.signum() != 0) {
            throw new QueryException(SqlState.OUT_OF_RANGE, "value " + value + " does not fit DECIMAL(" + precision
                    + ", " + scale + "): at most " + (precision - scale) + " digits before the point");
        }
        return rounded.doubleValue();
    }

    /** Text of a value for string functions: numbers and booleans in their SQL spelling. */
    static String text(Object value) {
        Object v = Values.plain(value);
        if (v instanceof String s) {
            return s;
        } else if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15
                    ? BigDecimal.valueOf(d).setScale(1, RoundingMode.UNNECESSARY).toPlainString() : d.toString();
        } else if (v instanceof Long || v instanceof Boolean) {
            return v.toString();
        } else if (v instanceof BigDecimal d) {
            return d.toPlainString(); // a DECIMAL parameter, with its scale: 2.50
        } else if (v instanceof Instant i) {
            return java.time.LocalDateTime.ofInstant(i, java.time.ZoneId.systemDefault()).toString().replace('T', ' ');
        }
        throw new QueryException(SqlState.BAD_CONVERSION, "expected text, got " + Values.describe(v));
    }

    private static Number number(Object value, String what) {
        Object v = Values.computable(value);
        if (v instanceof Long || v instanceof Double) {
            return (Number) v;
        }
        throw new QueryException(SqlState.BAD_CONVERSION, what + " needs a number, not " + Values.describe(v));
    }

    private static long integer(Object v, String what) {
        if (Values.computable(v) instanceof Long l) {
            return l;
        }
        throw new QueryException(SqlState.BAD_CONVERSION, what + " must be an integer, not " + Values.describe(v));
    }

    private static String substring(String s, long start, Long length) {
        if (length != null && length < 0) {
            throw new QueryException(SqlState.SUBSTRING_ERROR, "SUBSTRING length must not be negative: " + length);
        }
        int[] cps = s.codePoints().toArray();
        long from = Math.max(start, 1);
        long to = length == null ? cps.length + 1L : Math.min(start + length, cps.length + 1L); // exclusive
        if (to <= from) {
            return "";
        }
        return new String(cps, (int) from - 1, (int) (to - from));
    }

    private static String trim(String s, String chars, boolean leading, boolean trailing) {
        int start = 0;
        int end = s.length();
        while (leading && start < end && chars.indexOf(s.codePointAt(start)) >= 0) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (trailing && end > start && chars.indexOf(s.codePointBefore(end)) >= 0) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static Object abs(Number n) {
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new QueryException(SqlState.OUT_OF_RANGE, "ABS(" + l + ") is out of the BIGINT range");
            }
            return Math.abs(l);
        }
        return Math.abs(n.doubleValue());
    }

    private static Object round(Number n, long digits) {
        if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d;
        }
        BigDecimal rounded = new BigDecimal(n.toString()).setScale((int) Math.max(-18, Math.min(18, digits)),
                RoundingMode.HALF_UP);
        return n instanceof Long ? (Object) rounded.longValue() : (Object) rounded.doubleValue();
    }

    static Object negate(Object value) {
        Object v = Values.computable(Values.plain(value));
        if (v == null) {
            return null;
        } else if (v instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new QueryException(SqlState.OUT_OF_RANGE, "-(" + l + ") is out of the BIGINT range");
            }
            return -l;
        } else if (v instanceof Double d) {
            return -d;
        }
        throw new QueryException(SqlState.BAD_CONVERSION, "cannot negate " + Values.describe(value));
    }

    static Object arith(Expr.ArithOp op, Object left, Object right) {
        Object a = Values.computable(Values.plain(left));
        Object b = Values.computable(Values.plain(right));
        if (a == null || b == null) {
            return null;
        }
        if (!(a instanceof Long || a instanceof Double) || !(b instanceof Long || b instanceof Double)) {
            throw new QueryException(SqlState.BAD_CONVERSION, "arithmetic needs numbers, not "
                    + Values.describe(left) + " and " + Values.describe(right) + " (use || to join strings)");
        }
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return switch (op) {
                    case ADD -> Math.addExact(x, y);
                    case SUBTRACT -> Math.subtractExact(x, y);
                    case MULTIPLY -> Math.multiplyExact(x, y);
                    case DIVIDE -> y == 0 ? divisionByZero() : x == Long.MIN_VALUE && y == -1
                            ? Math.negateExact(x) : x / y;
                    case MODULO -> y == 0 ? divisionByZero() : x % y;
                };
            } catch (ArithmeticException e) {
                throw new QueryException(SqlState.OUT_OF_RANGE, x + " " + op + " " + y
                        + " is out of the BIGINT range");
            }
        }
        double x = ((Number) a).doubleValue();
        double y = ((Number) b).doubleValue();
        return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> y == 0 ? divisionByZero() : x / y;
            case MODULO -> y == 0 ? divisionByZero() : x % y;
        };
    }

    private static Long divisionByZero() {
        throw new QueryException(SqlState.DIVISION_BY_ZERO, "division by zero");
    }

    /**
     * CAST: 22018 when the value cannot be converted, 22003 when it is a number (or numeric text) beyond the
     * range of the integer type. {@code typeName} is the target as the statement wrote it, for messages.
     */
    static Object cast(Object value, ColumnType type, String typeName) {
        Object v = convert(value, type, typeName);
        Object plain = Values.plain(value);
        if (v == null && plain != null) {
            throw new QueryException(SqlState.BAD_CONVERSION, "cannot cast " + Values.describe(plain) + " to "
                    + typeName);
        }
        return v;
    }

    /**
     * The conversion of CAST and of {@code JSON_VALUE ... RETURNING}: the value converted to the type, or null
     * when it is NULL or cannot be converted; 22003 when it is a number (or numeric text) beyond the range of
     * the integer type, or numeric text beyond the range of a double, which {@code typeName} names.
     */
    static Object convert(Object value, ColumnType type, String typeName) {
        Object v = castOrNull(value, type);
        Object plain = Values.plain(value);
        if (v == null && plain != null && (type == ColumnType.BIGINT || type == ColumnType.DOUBLE)
                && numeric(plain)) {
            throw new QueryException(SqlState.OUT_OF_RANGE, Values.describe(plain) + " is out of range for "
                    + typeName + range(typeName));
        }
        return v;
    }

    /** The range of an integer or double type for messages, such as {@code " (-128 to 127)"}; empty for others. */
    private static String range(String typeName) {
        return switch (typeName) {
            case "BIGINT" -> " (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")";
            case "UNSIGNED" -> " (0 to " + Long.MAX_VALUE + ")";
            case "INTEGER" -> " (" + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")";
            case "SMALLINT" -> " (" + Short.MIN_VALUE + " to " + Short.MAX_VALUE + ")";
            case "TINYINT" -> " (" + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE + ")";
            case "DOUBLE", "DOUBLE PRECISION", "FLOAT", "FLOAT8", "REAL" -> " (" + -Double.MAX_VALUE + " to "
                    + Double.MAX_VALUE + ")";
            default -> "";
        };
    }

    /** True for a number other than NaN (an infinity is beyond every range) and for numeric text ({@code ' 1e20 '}). */
    private static boolean numeric(Object v) {
        if (v instanceof Long || v instanceof BigDecimal) {
            return true;
        } else if (v instanceof Double d) {
            return !d.isNaN();
        } else if (v instanceof String s) {
            try {
                new BigDecimal(s.trim());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** The value converted to the type, or null when it is NULL or cannot be converted. */
    private static Object castOrNull(Object value, ColumnType type) {
        if (type == ColumnType.JSON) {
            if (value instanceof Json || value == null) {
                return value;
            }
            return value instanceof String s ? parseOrNull(s) : new Json(JsonOps.toNode(value));
        }
        Object v = Values.plain(value);
        if (v == null) {
            return null;
        }
        return switch (type) {
            case VARCHAR -> v instanceof byte[] ? null : text(v);
            case BIGINT, INTEGER -> toLong(v);
            case DOUBLE -> toDouble(v);
            case BOOLEAN -> toBoolean(Values.computable(v));
            case TIMESTAMP -> v instanceof Instant ? v : v instanceof String s ? instantOrNull(s) : null;
            default -> throw QueryException.unsupported("CAST to " + type.typeName());
        };
    }

    private static Json parseOrNull(String s) {
        try {
            return new Json(Json.parse(s, null));
        } catch (QueryException e) {
            return null;
        }
    }

    private static Instant instantOrNull(String s) {
        try {
            return Values.instant(s);
        } catch (QueryException e) {
            return null;
        }
    }

    /** Doubles at or beyond 2^63 in magnitude, which no BIGINT holds (-2^63 itself does). */
    private static final double TWO_TO_THE_63 = 0x1p63;

    private static Long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        } else if (v instanceof Double d) {
            // Half away from zero, as for text, DECIMAL(p, 0), ROUND and setObject: -2.5 is -3 (Math.round: -2).
            return d.isNaN() || d >= TWO_TO_THE_63 || d < -TWO_TO_THE_63 ? null
                    : new BigDecimal(d).setScale(0, RoundingMode.HALF_UP).longValue();
        } else if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (v instanceof BigDecimal d) {
            return toLong(d);
        } else if (v instanceof String s) {
            try {
                return toLong(new BigDecimal(s.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An exact number rounded half away from zero, or null beyond BIGINT. */
    private static Long toLong(BigDecimal exact) {
        // Compare before rounding: rounding 1e999999 to scale 0 would build a million-digit number, and
        // rounding 1e-999999999 would build a billion-digit divisor (and fail); below one half is 0.
        if (exact.abs().compareTo(LONG_BOUND) >= 0) {
            return null;
        } else if (exact.abs().compareTo(HALF) < 0) {
            return 0L;
        }
        try {
            return exact.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static final BigDecimal LONG_BOUND = BigDecimal.valueOf(2).pow(64);
    private static final BigDecimal HALF = new BigDecimal("0.5");

    /**
     * A double from a number, or from text in decimal notation as {@link #toLong} reads it: Java's other
     * spellings ({@code NaN}, {@code Infinity}, {@code 0x1p3}, {@code 1d}) are no numbers, and text beyond the
     * range of a double gives null rather than an infinity (which {@link #convert} reports as out of range).
     * A tiny one underflows to 0, as in every other database.
     */
    private static Double toDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        } else if (v instanceof String s) {
            try {
                new BigDecimal(s.trim()); // checks the notation; Double.valueOf gives the nearest double
                Double d = Double.valueOf(s.trim());
                return d.isInfinite() ? null : d;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean toBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof Long l) {
            return l != 0;
        } else if (v instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1", "on" -> true;
                case "false", "f", "no", "n", "0", "off" -> false;
                default -> null;
            };
        }
        return null;
    }
}
