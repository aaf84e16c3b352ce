package org.dirdb.sql;

import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import org.dirdb.sql.ir.Expr;

/**
 * What column references of one statement may name: the columns of its table (bare, or qualified by the
 * table name or its alias), and for upserts the proposed row ({@code EXCLUDED.col}, or the MERGE source
 * alias). Unknown columns and qualifiers are 42S22.
 */
final class Scope {
    private final String table;
    private final String alias;
    private final String source;

    /**
     * @param table  the canonical table name
     * @param alias  the table's alias, canonical, or null
     * @param source the qualifier of the proposed row ({@code excluded}, or a MERGE source alias), or null
     */
    Scope(String table, String alias, String source) {
        this.table = table;
        this.alias = alias;
        this.source = source;
    }

    /** The scope of a statement on {@code table}, with its alias if any. */
    static Scope of(Table table, String canonicalName) {
        String alias = table.getAlias() == null ? null : Names.canonical(table.getAlias().getName());
        return new Scope(canonicalName, alias, null);
    }

    Scope withSource(String qualifier) {
        return new Scope(table, alias, qualifier);
    }

    String table() {
        return table;
    }

    Expr column(Column column) {
        if (table == null) {
            throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getFullyQualifiedName()
                    + " not found: the statement has no table (add FROM db)");
        }
        DbColumn found = DbColumn.byName(Names.canonical(column.getColumnName()));
        Table qualifier = column.getTable();
        String q = qualifier == null || qualifier.getName() == null ? null : Names.canonical(qualifier.getName());
        if (q != null && qualifier.getSchemaName() != null) {
            throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getFullyQualifiedName()
                    + " not found: schema qualifiers are not supported");
        }
        boolean proposed = q != null && q.equals(source) && !q.equals(alias) ;
        if (q != null && !proposed && !q.equals(alias) && !(alias == null && q.equals(lastSegment(table)))
                && !q.equals(table)) {
            throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getFullyQualifiedName()
                    + " not found: " + qualifier.getFullyQualifiedName() + " is not table " + table
                    + (source == null ? "" : " or " + source));
        }
        if (found == null) {
            throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getColumnName()
                    + " not found in table " + table + "; its columns are name, meta, data, size, modified, format");
        }
        return proposed ? new Expr.Excluded(found) : new Expr.Col(found);
    }

    private static String lastSegment(String table) {
        if (table == null) {
            return null;
        }
        int slash = table.lastIndexOf('/');
        return slash < 0 ? table : table.substring(slash + 1);
    }
}
