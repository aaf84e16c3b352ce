package org.dirdb.sql.ir;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.dirdb.sql.QueryException;
import org.dirdb.sql.SqlState;
import org.dirdb.store.Payload;

/**
 * The typing rules of SQL values: null, String, Long, Double, BigDecimal (only from a DECIMAL parameter),
 * Boolean, byte[], Instant (timestamps), {@link Json} and {@link Payload} (the {@code data} column).
 *
 * <ul>
 *   <li>Numbers compare as numbers (Long and Double together), strings as strings (by UTF-16 code unit, like
 *       {@code String.compareTo}), booleans as booleans, timestamps as instants; a string compared with a
 *       timestamp is read as a timestamp ({@code 2024-01-31 12:00:00} or ISO-8601).</li>
 *   <li>A {@link Json} scalar compares as its JSON type (JSON {@code null} is SQL NULL); a JSON object or array
 *       compares as its text.</li>
 *   <li>Values of different kinds (a number and a string, ...) are not comparable: the comparison is NULL,
 *       so a row whose JSON field has another type than the query expects is simply not selected.</li>
 *   <li>For sorting and grouping every value has a place: NULL, then booleans, numbers, strings, timestamps,
 *       bytes, in that order of kinds.</li>
 * </ul>
 */
public final class Values {
    private Values() {}

    /** Unwraps JSON scalars to their SQL values (JSON null is SQL NULL); objects and arrays become their text. */
    public static Object plain(Object value) {
        return value instanceof Json j ? Json.scalar(j.node(), true) : value;
    }

    /** Negative, zero or positive; null when the values are not comparable or either is NULL. */
    public static Integer compare(Object a, Object b) {
        Object x = plain(a);
        Object y = plain(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Number m && y instanceof Number n) {
            return compareNumbers(m, n);
        } else if (x instanceof String s && y instanceof String t) {
            return s.compareTo(t);
        } else if (x instanceof Boolean p && y instanceof Boolean q) {
            return Boolean.compare(p, q);
        } else if (x instanceof Instant || y instanceof Instant) {
            Instant i = instantOrNull(x);
            Instant j = instantOrNull(y);
            return i == null || j == null ? null : i.compareTo(j);
        } else if (x instanceof byte[] p && y instanceof byte[] q) {
            return Arrays.compareUnsigned(p, q);
        } else if (x instanceof Payload || y instanceof Payload) {
            throw QueryException.unsupported("comparing column data (use size, or data IS NULL)");
        }
        return null;
    }

    /** The total order used by ORDER BY, GROUP BY and DISTINCT (NULL first; kinds in a fixed order). */
    public static int sortCompare(Object a, Object b) {
        Object x = plain(a);
        Object y = plain(b);
        int kx = kind(x);
        int ky = kind(y);
        if (kx != ky) {
            return Integer.compare(kx, ky);
        }
        if (x == null) {
            return 0;
        }
        Integer c = compare(x, y);
        return c == null ? 0 : c;
    }

    private static int kind(Object v) {
        if (v == null) {
            return 0;
        } else if (v instanceof Boolean) {
            return 1;
        } else if (v instanceof Number) {
            return 2;
        } else if (v instanceof String) {
            return 3;
        } else if (v instanceof Instant) {
            return 4;
        } else if (v instanceof byte[]) {
            return 5;
        }
        throw QueryException.unsupported("sorting or grouping by column data");
    }

    static int compareNumbers(Number m, Number n) {
        if (m instanceof Long a && n instanceof Long b) {
            return Long.compare(a, b);
        } else if (m instanceof BigDecimal a && n instanceof BigDecimal b) {
            return a.compareTo(b);
        }
        double a = m.doubleValue();
        double b = n.doubleValue();
        if (m instanceof Long || n instanceof Long || m instanceof BigDecimal || n instanceof BigDecimal) {
            if (!Double.isNaN(a) && !Double.isInfinite(a) && !Double.isNaN(b) && !Double.isInfinite(b)) {
                return exact(m).compareTo(exact(n)); // a long beyond 2^53 is not rounded to a double
            }
        }
        if (a == b) {
            return 0; // also 0.0 and -0.0
        }
        return Double.compare(a, b); // NaN sorts above every number, as in PostgreSQL
    }

    private static BigDecimal exact(Number n) {
        return n instanceof Long l ? BigDecimal.valueOf(l) : n instanceof BigDecimal d ? d
                : new BigDecimal(n.doubleValue());
    }

    /**
     * A number as arithmetic, functions and aggregates compute with it: a DECIMAL parameter (BigDecimal) is a
     * Long when it is whole and within BIGINT, else the nearest Double, as the dialect's numbers are; any
     * other value as it is.
     */
    public static Object computable(Object value) {
        if (value instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return d.doubleValue();
            }
        }
        return value;
    }

    /** A grouping/DISTINCT key that is equal exactly when {@link #sortCompare} says 0. */
    public static Object key(Object value) {
        Object v = plain(value);
        if (v instanceof Long l) {
            return (long) (double) l == l ? Double.valueOf(l) : v; // 1 and 1.0 group together
        } else if (v instanceof BigDecimal d) {
            // 2.00 groups with 2 and 2.0; a decimal no double holds with the Long it equals, or alone.
            double x = d.doubleValue();
            if (Double.isFinite(x) && new BigDecimal(x).compareTo(d) == 0) {
                return key(x);
            }
            try {
                return d.longValueExact(); // beyond 2^53: the key of the Long it equals
            } catch (ArithmeticException e) {
                return d.stripTrailingZeros();
            }
        } else if (v instanceof Double d) {
            return d == 0.0 ? Double.valueOf(0.0) : d;
        } else if (v instanceof byte[] b) {
            return new Bytes(b);
        }
        kind(v);
        return v;
    }

    private record Bytes(byte[] value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /** SQL truth: TRUE, FALSE or null (unknown); 22018 for anything that is not a boolean. */
    public static Boolean truth(Object value, String where) {
        Object v = plain(value);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new QueryException(SqlState.BAD_CONVERSION, where + " must be a boolean condition, not "
                + describe(value));
    }

    private static Instant instantOrNull(Object v) {
        if (v instanceof Instant i) {
            return i;
        } else if (v instanceof String s) {
            return instant(s);
        }
        return null;
    }

    /** A timestamp from text: {@code yyyy-mm-dd[ hh:mm:ss[.f]]} (local time, as JDBC timestamps are) or ISO-8601 with a zone; 22018 otherwise. */
    public static Instant instant(String s) {
        String t = s.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            try {
                String full = t.length() == 10 ? t + "T00:00:00" : t.replace(' ', 'T');
                return java.time.LocalDateTime.parse(full).atZone(java.time.ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException f) {
                throw new QueryException(SqlState.BAD_CONVERSION, "'" + s + "' is not a timestamp");
            }
        }
    }

    /** A short description of a value's kind for messages. */
    public static String describe(Object v) {
        if (v == null) {
            return "NULL";
        } else if (v instanceof String s) {
            return "the string '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        } else if (v instanceof Number n) {
            return "the number " + n;
        } else if (v instanceof Boolean b) {
            return "the boolean " + b;
        } else if (v instanceof Instant i) {
            return "the timestamp " + i;
        } else if (v instanceof byte[]) {
            return "bytes";
        } else if (v instanceof Payload) {
            return "column data";
        } else if (v instanceof Json j) {
            return "JSON " + j.text();
        }
        return v.getClass().getSimpleName();
    }
}
