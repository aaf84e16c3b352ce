package org.dirdb.sql;

import java.util.List;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;

/**
 * Evaluates plan values against the bound parameters and converts them to what each column takes:
 * {@code name} and {@code meta} take text (numbers and booleans in their decimal/literal form), {@code data}
 * takes bytes or a stream. Anything else is 22018 naming the column. The store validates names and JSON.
 */
final class Bindings {
    private final List<Param> params;

    Bindings(List<Param> params, int parameterCount) {
        this.params = params;
        for (int i = 1; i <= parameterCount; i++) {
            if (i > params.size() || params.get(i - 1) == null) {
                throw new QueryException(SqlState.WRONG_PARAMETER_COUNT, "parameter " + i + " of "
                        + parameterCount + " has no value");
            }
        }
    }

    /** The value as a parameter-like object, literals included. */
    private Param resolve(Value value) {
        if (value instanceof Value.Parameter p) {
            return params.get(p.index() - 1);
        } else if (value instanceof Value.Text t) {
            return new Param.Text(t.value());
        } else if (value instanceof Value.Bytes b) {
            return new Param.Bytes(b.value().clone());
        } else if (value instanceof Value.Number n) {
            return new Param.Numeric(n.value());
        } else {
            return Param.NULL;
        }
    }

    /** Text for a text column, null for NULL; 22018 for bytes and streams. */
    private String text(Value value, String column) {
        Param p = resolve(value);
        if (p instanceof Param.Text t) {
            return t.value();
        } else if (p instanceof Param.Numeric n) {
            return n.value().toString();
        } else if (p instanceof Param.Bool b) {
            return Boolean.toString(b.value());
        } else if (p instanceof Param.Null) {
            return null;
        } else {
            throw new QueryException(SqlState.BAD_CONVERSION, "column " + column + " takes text, not "
                    + kind(p));
        }
    }

    /** The entry name of an INSERT; 23502 when NULL. */
    String name(Value value) {
        String name = text(value, "name");
        if (name == null) {
            throw new QueryException(SqlState.NOT_NULL, "column name (the entry name) must not be NULL");
        }
        return name;
    }

    /** The name a WHERE compares with; null (matches nothing) for NULL. */
    String filterName(Value value) {
        return text(value, "name");
    }

    MetaChange meta(Value value) {
        return MetaChange.set(text(value, "meta"));
    }

    PayloadChange data(Value value) {
        Param p = resolve(value);
        if (p instanceof Param.Bytes b) {
            return PayloadChange.of(b.value());
        } else if (p instanceof Param.Stream s) {
            if (s.in() == null) {
                return PayloadChange.REMOVE;
            }
            return PayloadChange.of(s.in(), s.length());
        } else if (p instanceof Param.Null) {
            return PayloadChange.REMOVE;
        } else {
            throw new QueryException(SqlState.BAD_CONVERSION, "column data takes bytes or a binary stream, not "
                    + kind(p) + " (use setBytes, setBinaryStream or a hex literal X'...')");
        }
    }

    /** A constant of a table-less SELECT: String, Long, byte[] or null. */
    Object constant(Value value) {
        Param p = resolve(value);
        if (p instanceof Param.Text t) {
            return t.value();
        } else if (p instanceof Param.Numeric n) {
            return n.value().longValue();
        } else if (p instanceof Param.Bytes b) {
            return b.value();
        } else {
            return null;
        }
    }

    private static String kind(Param p) {
        if (p instanceof Param.Text) {
            return "text";
        } else if (p instanceof Param.Bytes) {
            return "bytes";
        } else if (p instanceof Param.Stream) {
            return "a stream";
        } else if (p instanceof Param.Numeric) {
            return "a number";
        } else if (p instanceof Param.Bool) {
            return "a boolean";
        }
        return "NULL";
    }
}
