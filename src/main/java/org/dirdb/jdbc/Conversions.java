package org.dirdb.jdbc;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.dirdb.sql.SqlState;
import org.dirdb.store.Payload;

/**
 * Converts the values rows hand out (String, Long/Integer, Instant, Payload, byte[], null) to what a getter
 * asks for. A conversion that makes no sense raises {@link java.sql.SQLDataException} 22018 naming the column
 * and the value's type; a number out of the target's range raises 22003.
 */
final class Conversions {
    private Conversions() {}

    static SQLException cannot(Object value, String target, String column) {
        return Errors.of(SqlState.BAD_CONVERSION, "cannot read column " + column + " (" + describe(value)
                + ") as " + target + hint(value));
    }

    private static String hint(Object value) {
        return value instanceof Payload ? "; use getBytes, getBinaryStream or getBlob" : "";
    }

    private static String describe(Object value) {
        if (value instanceof Payload) {
            return "BLOB";
        } else if (value instanceof Instant) {
            return "TIMESTAMP";
        } else if (value instanceof byte[]) {
            return "bytes";
        }
        return value.getClass().getSimpleName();
    }

    static String string(Object value, String column) throws SQLException {
        if (value instanceof String s) {
            return s;
        } else if (value instanceof BigDecimal d) {
            return d.toPlainString();
        } else if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        } else if (value instanceof Instant i) {
            return Timestamp.from(i).toString();
        }
        throw cannot(value, "a string", column);
    }

    static long integer(Object value, String column, long min, long max, String target) throws SQLException {
        long result;
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            result = ((Number) value).longValue();
        } else if (value instanceof Double d && !d.isNaN() && Math.abs(d) < 9.2e18) {
            result = d.longValue(); // JDBC getInt/getLong of a DOUBLE truncates
        } else if (value instanceof BigDecimal d && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            result = d.longValue(); // and of a DECIMAL parameter too
        } else if (value instanceof Boolean b) {
            result = b ? 1 : 0;
        } else if (value instanceof String s) {
            try {
                result = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(value, target, column);
            }
        } else {
            throw cannot(value, target, column);
        }
        if (result < min || result > max) {
            throw Errors.of(SqlState.OUT_OF_RANGE, "value " + result + " of column " + column + " is out of the"
                    + " range of " + target);
        }
        return result;
    }

    static double decimal(Object value, String column) throws SQLException {
        if (value instanceof Number n) {
            return n.doubleValue();
        } else if (value instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(value, "a double", column);
            }
        }
        throw cannot(value, "a double", column);
    }

    static BigDecimal bigDecimal(Object value, String column) throws SQLException {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        } else if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw cannot(value, "a decimal", column);
            }
        }
        throw cannot(value, "a decimal", column);
    }

    static boolean bool(Object value, String column) throws SQLException {
        if (value instanceof Boolean b) {
            return b;
        } else if (value instanceof Number n) {
            return n.longValue() != 0;
        } else if (value instanceof String s && booleanText(s) != null) {
            return booleanText(s);
        }
        throw cannot(value, "a boolean", column);
    }

    /** "true"/"false"/"1"/"0" in any case and around spaces, or null for any other text. */
    static Boolean booleanText(String s) {
        String t = s.trim();
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return true;
        } else if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return false;
        }
        return null;
    }

    static Timestamp timestamp(Object value, String column) throws SQLException {
        if (value instanceof Instant i) {
            return Timestamp.from(i);
        } else if (value instanceof String s) {
            try {
                return Timestamp.valueOf(s.trim());
            } catch (IllegalArgumentException e) {
                throw cannot(value, "a timestamp", column);
            }
        }
        throw cannot(value, "a timestamp", column);
    }
}
