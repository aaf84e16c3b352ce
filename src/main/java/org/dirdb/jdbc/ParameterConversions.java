package org.dirdb.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.JDBCType;
import java.sql.SQLException;
import org.dirdb.sql.SqlState;

/**
 * Converts the value of {@code setObject(index, x, targetSqlType)} to the target type before it is bound,
 * as JDBC requires: {@code setObject(1, "1", Types.INTEGER)} binds the number 1, {@code setObject(1, 5,
 * Types.VARCHAR)} the text "5". Numbers come from any {@link Number}, from text in decimal notation and
 * from booleans (1 and 0); integer targets round half up, as {@code CAST} does. A value that cannot be
 * converted raises 22018 naming the parameter and the value's type; a number outside the target's range
 * raises 22003.
 */
final class ParameterConversions {
    private ParameterConversions() {}

    /** The name of a {@link java.sql.Types} code for messages: {@code INTEGER}, or the code itself. */
    static String typeName(int targetSqlType) {
        try {
            return JDBCType.valueOf(targetSqlType).getName();
        } catch (IllegalArgumentException e) {
            return "type " + targetSqlType;
        }
    }

    static SQLException cannot(int index, Object value, String target) {
        return Errors.of(SqlState.BAD_CONVERSION, "cannot convert parameter " + index + " (" + describe(value)
                + ") to " + target);
    }

    private static SQLException outOfRange(int index, Object value, String target) {
        String shown = String.valueOf(value);
        shown = shown.length() <= 40 ? shown : shown.substring(0, 40) + "...";
        return Errors.of(SqlState.OUT_OF_RANGE, "value " + shown + " of parameter " + index + " is out of the"
                + " range of " + target);
    }

    private static String describe(Object value) {
        if (value instanceof Blob) {
            return "a Blob";
        } else if (value instanceof Clob) {
            return "a Clob";
        } else if (value instanceof InputStream) {
            return "an InputStream";
        } else if (value instanceof Reader) {
            return "a Reader";
        }
        String name = value.getClass().getSimpleName().isEmpty() ? value.getClass().getName()
                : value.getClass().getSimpleName();
        return "a " + name;
    }

    /** The exact number a value stands for: a Number, decimal text or a Boolean; 22018 for anything else. */
    private static BigDecimal exact(int index, Object value, String target) throws SQLException {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            return d;
        } else if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        } else if ((value instanceof Double || value instanceof Float)
                && !Double.isFinite(((Number) value).doubleValue())) {
            throw cannot(index, value, target);
        } else if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        } else if (value instanceof Number || value instanceof String) {
            try {
                return new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw cannot(index, value, target);
            }
        }
        throw cannot(index, value, target);
    }

    /** An integer target (TINYINT to BIGINT) between {@code min} and {@code max}, rounded half up. */
    static long integer(int index, Object value, long min, long max, String target) throws SQLException {
        BigDecimal exact = exact(index, value, target);
        // Compare before rounding: rounding 1e999999 to scale 0 would build a million-digit number.
        if (exact.compareTo(BigDecimal.valueOf(min).subtract(BigDecimal.ONE)) <= 0
                || exact.compareTo(BigDecimal.valueOf(max).add(BigDecimal.ONE)) >= 0) {
            throw outOfRange(index, value, target);
        }
        long result = rounded(exact, 0).longValueExact();
        if (result < min || result > max) {
            throw outOfRange(index, value, target);
        }
        return result;
    }

    /** DECIMAL or NUMERIC, rounded half up to {@code scale} digits after the point when one is given. */
    static BigDecimal decimal(int index, Object value, Integer scale, String target) throws SQLException {
        BigDecimal exact = exact(index, value, target);
        if (scale == null || scale >= exact.scale()) {
            return exact;
        } else if (scale < 0) {
            throw Errors.of(SqlState.INVALID_VALUE, "the scale of parameter " + index + " must not be negative: "
                    + scale);
        }
        return rounded(exact, scale);
    }

    /**
     * {@code exact} rounded half up to {@code scale} digits after the point. A value below half a unit of the
     * last digit is zero at once: {@code setScale} would divide 1e-999999999 by a billion-digit power of ten,
     * which fails. Any other value has at least as many digits as rounding drops, so it costs no more than
     * reading it.
     */
    private static BigDecimal rounded(BigDecimal exact, int scale) {
        if (exact.scale() > scale && exact.abs().compareTo(BigDecimal.valueOf(5, scale + 1)) < 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        return exact.setScale(scale, RoundingMode.HALF_UP);
    }

    /** DOUBLE or FLOAT; a Double or Float keeps NaN and the infinities, as setDouble does. */
    static double doubleValue(int index, Object value, String target) throws SQLException {
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        double result = exact(index, value, target).doubleValue();
        if (Double.isInfinite(result)) {
            throw outOfRange(index, value, target);
        }
        return result;
    }

    /** REAL, single precision; a Double or Float keeps NaN and the infinities, as setFloat does. */
    static float floatValue(int index, Object value, String target) throws SQLException {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float) {
            return ((Number) value).floatValue();
        }
        float result = value instanceof Double d ? d.floatValue() : exact(index, value, target).floatValue();
        if (Float.isInfinite(result)) {
            throw outOfRange(index, value, target);
        }
        return result;
    }

    /** BOOLEAN or BIT: a Boolean, a number (zero is false), or "true"/"false"/"1"/"0" in any case. */
    static boolean bool(int index, Object value, String target) throws SQLException {
        if (value instanceof Boolean b) {
            return b;
        } else if (value instanceof String s) {
            Boolean b = Conversions.booleanText(s);
            if (b == null) {
                throw cannot(index, value, target);
            }
            return b;
        } else if (value instanceof Number) {
            return exact(index, value, target).signum() != 0;
        }
        throw cannot(index, value, target);
    }

    /** A text target: a String as it is, a number or a boolean in its Java spelling. */
    static String text(int index, Object value, String target) throws SQLException {
        if (value instanceof String s) {
            return s;
        } else if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw cannot(index, value, target);
    }
}
