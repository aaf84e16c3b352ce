package org.dirdb.sql;

import java.util.HashSet;
import java.util.Set;
import org.dirdb.sql.ir.Expr;
import org.dirdb.sql.ir.Values;

/**
 * One aggregate's running state for one group. Only numbers and the distinct keys of
 * {@code COUNT/SUM/AVG(DISTINCT ...)} are held, never rows. NULLs are ignored (COUNT(*) counts rows).
 * SUM of integers stays exact (22003 past the BIGINT range); SUM/AVG of anything but numbers is 22018.
 */
final class Aggregator {
    private final Expr.Agg agg;
    private final Set<Object> seen;
    private long count;
    private long longSum;
    private double doubleSum;
    private boolean anyDouble;
    private Object extreme;

    Aggregator(Expr.Agg agg) {
        this.agg = agg;
        this.seen = agg.distinct() ? new HashSet<>() : null;
    }

    void add(Object raw) {
        if (agg.arg() == null) {
            count++;
            return;
        }
        Object value = Values.plain(raw);
        if (value == null || seen != null && !seen.add(Values.key(value))) {
            return;
        }
        count++;
        switch (agg.function()) {
            case SUM, AVG -> {
                value = Values.computable(value);
                if (value instanceof Long l && !anyDouble) {
                    try {
                        longSum = Math.addExact(longSum, l);
                    } catch (ArithmeticException e) {
                        throw new QueryException(SqlState.OUT_OF_RANGE, "SUM is out of the BIGINT range");
                    }
                } else if (value instanceof Long || value instanceof Double) {
                    if (!anyDouble) {
                        doubleSum = longSum;
                        anyDouble = true;
                    }
                    doubleSum += ((Number) value).doubleValue();
                } else {
                    throw new QueryException(SqlState.BAD_CONVERSION, agg.function() + " needs numbers, not "
                            + Values.describe(raw));
                }
            }
            case MIN -> {
                if (extreme == null || Values.sortCompare(value, extreme) < 0) {
                    extreme = raw; // the value as the argument gave it: MIN of JSON is JSON
                }
            }
            case MAX -> {
                if (extreme == null || Values.sortCompare(value, extreme) > 0) {
                    extreme = raw;
                }
            }
            default -> {
                // COUNT: counted above
            }
        }
    }

    Object result() {
        return switch (agg.function()) {
            case COUNT -> count;
            case SUM -> count == 0 ? null : anyDouble ? (Object) doubleSum : (Object) longSum;
            case AVG -> count == 0 ? null : (anyDouble ? doubleSum : (double) longSum) / count;
            case MIN, MAX -> extreme;
        };
    }
}
