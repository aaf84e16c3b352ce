package org.dirdb.sql.ir;

import com.fasterxml.jackson.databind.JsonNode;
import org.dirdb.sql.DbColumn;

/**
 * What an expression is evaluated against. Implementations read each column lazily, on first use, so an
 * expression that does not mention {@code meta} never opens {@code NAME.json}.
 */
public interface Row {
    /** No entry: constants, LIMIT values, the VALUES of an INSERT. */
    Row NONE = new Row() {};

    /** The column's value (see {@link Eval} for the Java types); 42S22-like misuse is a bug. */
    default Object column(DbColumn column) {
        throw new IllegalStateException("column " + column.columnName() + " used without a row");
    }

    /**
     * The entry's metadata parsed, or null when it has none; 22032 naming the entry when it is not JSON.
     * Implementations parse at most once per row.
     */
    default JsonNode metaJson() {
        Object text = column(DbColumn.META);
        return text == null ? null : Json.parse((String) text, entry());
    }

    /** The entry name, for messages; null without an entry. */
    default String entry() {
        return null;
    }

    /** The value of {@code EXCLUDED.column} (the proposed row of an upsert). */
    default Object excluded(DbColumn column) {
        throw new IllegalStateException("EXCLUDED." + column.columnName() + " used outside an upsert");
    }

    /** The value of the {@code index}-th GROUP BY expression for the current group. */
    default Object groupKey(int index) {
        throw new IllegalStateException("GROUP BY key used outside a grouped query");
    }

    /** The value of an aggregate for the current group. */
    default Object aggregate(Expr.Agg agg) {
        throw new IllegalStateException("aggregate used outside a grouped query");
    }
}
