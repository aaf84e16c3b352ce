package org.dirdb.sql;

import java.util.List;
import org.dirdb.sql.ir.Expr;

/**
 * What the store can answer for a WHERE without opening files: the candidate entries. The full WHERE is
 * still evaluated on each candidate, so a scan only has to be a superset of the answer.
 */
public sealed interface Scan {
    /** Every entry, from the listing (in name order, or reversed). */
    record All(boolean descending) implements Scan {}

    /** Only these names ({@code name = v}, {@code name IN (...)}): no listing at all. */
    record Names(List<Expr> values, boolean descending) implements Scan {
        public Names {
            values = List.copyOf(values);
        }
    }

    /** Names starting with this text ({@code name LIKE 'prefix%'}), filtered on the listing. */
    record Prefix(String prefix, boolean descending) implements Scan {}

    boolean descending();
}
