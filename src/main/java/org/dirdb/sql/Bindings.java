package org.dirdb.sql;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.sql.ir.Json;
import org.dirdb.sql.ir.Values;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;

/**
 * Bound parameters as evaluator values, and evaluator values as what each column takes: {@code name} takes
 * text, {@code meta} JSON object text (a JSON value from a JSON function, or a string; numbers and booleans
 * are refused by the store as not being objects), {@code data} bytes or a stream. Anything else is 22018
 * naming the column. The store validates names and JSON.
 */
final class Bindings {
    private Bindings() {}

    /**
     * The parameter values for the evaluator: String, Long (integral numbers), Double, BigDecimal (a DECIMAL
     * keeps its digits and scale, as {@link Values} describes), Boolean, byte[], null, or the
     * {@link Param.Stream} itself (only a {@code data} column can take it). 07001 for an unset one.
     */
    static List<Object> values(List<Param> params, int parameterCount) {
        List<Object> values = new ArrayList<>(parameterCount);
        for (int i = 1; i <= parameterCount; i++) {
            if (i > params.size() || params.get(i - 1) == null) {
                throw new QueryException(SqlState.WRONG_PARAMETER_COUNT, "parameter " + i + " of "
                        + parameterCount + " has no value");
            }
            values.add(value(params.get(i - 1)));
        }
        return values;
    }

    private static Object value(Param p) {
        if (p instanceof Param.Text t) {
            return t.value();
        } else if (p instanceof Param.Bytes b) {
            return b.value();
        } else if (p instanceof Param.Bool b) {
            return b.value();
        } else if (p instanceof Param.Numeric n) {
            Number v = n.value();
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return v.longValue();
            } else if (v instanceof java.math.BigDecimal) {
                return v;
            } else if (v instanceof java.math.BigInteger b) {
                return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
            }
            return v.doubleValue();
        } else if (p instanceof Param.Stream s) {
            return s.in() == null ? null : s;
        }
        return null;
    }

    /** The entry name; 23502 when NULL, 22018 for a non-string. */
    static String name(Object value) {
        Object v = Values.plain(value);
        if (v == null) {
            throw new QueryException(SqlState.NOT_NULL, "column name (the entry name) must not be NULL");
        } else if (v instanceof String s) {
            return s;
        }
        throw new QueryException(SqlState.BAD_CONVERSION, "column name takes text, not " + Values.describe(v));
    }

    static MetaChange meta(Object value) {
        if (value == null) {
            return MetaChange.REMOVE;
        } else if (value instanceof Json j) {
            return MetaChange.set(j.text());
        } else if (value instanceof String s) {
            return MetaChange.set(s);
        }
        throw new QueryException(SqlState.BAD_CONVERSION, "column meta takes JSON object text, not "
                + Values.describe(value));
    }

    /** A payload change for bytes; streams go through {@link Payloads}. */
    static PayloadChange data(Object value) {
        if (value == null) {
            return PayloadChange.REMOVE;
        } else if (value instanceof byte[] b) {
            return new PayloadChange.Write(new ByteArrayInputStream(b), b.length);
        } else if (value instanceof Param.Stream s) {
            return PayloadChange.of(s.in(), s.length());
        }
        throw new QueryException(SqlState.BAD_CONVERSION, "column data takes bytes or a binary stream, not "
                + Values.describe(value) + " (use setBytes, setBinaryStream or a hex literal X'...')");
    }
}
