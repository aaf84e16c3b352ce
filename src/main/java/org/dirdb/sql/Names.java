package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * Identifier rules: unquoted identifiers match case-insensitively (folded to lower case with
 * {@link Locale#ROOT}, never the default locale), quoted ones ({@code "x"}, {@code `x`}, {@code [x]}) match
 * exactly. The only table is {@code db}; a schema or catalog qualifier is not supported yet and names the
 * table as unknown.
 */
final class Names {
    private Names() {}

    /** The identifier as it compares: unquoted and exact when quoted, lower-cased when not. */
    static String canonical(String raw) {
        if (raw == null || raw.isEmpty()) {
            return raw;
        }
        char first = raw.charAt(0);
        if (raw.length() >= 2 && (first == '"' || first == '`' || first == '[')) {
            String inner = raw.substring(1, raw.length() - 1);
            return first == '"' ? inner.replace("\"\"", "\"") : inner;
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    /** Checks that a table reference names {@code db}; 42S02 naming it otherwise. */
    static void requireDb(Table table) {
        if (table == null) {
            throw QueryException.unsupported("statement without a table");
        }
        boolean qualified = table.getSchemaName() != null || table.getDatabase() != null
                && table.getDatabase().getDatabaseName() != null;
        if (qualified || !DbColumn.TABLE.equals(canonical(table.getName()))) {
            throw new QueryException(SqlState.UNKNOWN_TABLE, "table " + table.getFullyQualifiedName()
                    + " not found; the only table is " + DbColumn.TABLE);
        }
    }

    /**
     * The canonical name of a table reference (see {@link Tables} for what names mean). JSqlParser splits a
     * quoted identifier at its dots ({@code "runs.v2"} comes out as schema {@code runs}, table {@code v2}), so
     * the parts are joined back with dots: tables have no schemas, and {@code "runs.v2"} names the
     * subdirectory {@code runs.v2}. A sample, time travel, pivot, partition or column aliases on the reference
     * are refused (0A000): every statement resolves its table here, and none of them applies those. Index and
     * locking hints ({@code USE INDEX}, {@code WITH (NOLOCK)}) change no result and are ignored.
     */
    static String table(Table table) {
        Translator.reject(table.getSampleClause() != null, "TABLESAMPLE");
        Translator.reject(table.getTimeTravel() != null || table.getTimeTravelStrAfterAlias() != null,
                "FOR SYSTEM_TIME / time travel");
        Translator.reject(table.getPivot() != null || table.getUnPivot() != null, "PIVOT / UNPIVOT");
        Alias alias = table.getAlias();
        if (alias != null && alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
            // JSqlParser reads MySQL's PARTITION (p1) as an alias named PARTITION with column names.
            String columns = alias.getAliasColumns().stream().map(c -> c.name).collect(
                    java.util.stream.Collectors.joining(", ", "(", ")"));
            boolean partition = "partition".equals(canonical(alias.getName())) && !alias.getName().startsWith("\"");
            throw QueryException.unsupported(partition ? "PARTITION " + columns + " (a table has no partitions)"
                    : "column names in the table alias " + alias.getName() + " " + columns);
        }
        List<String> parts = asWritten(table);
        if (parts == null) {
            parts = new ArrayList<>(table.getNameParts());
            Collections.reverse(parts);
        }
        List<String> canonical = new ArrayList<>();
        for (String part : parts) {
            canonical.add(canonical(part == null ? "" : part));
        }
        return String.join(".", canonical);
    }

    /**
     * The parts of a table reference as its tokens spell them ({@code a . "b."}), or null when the parser kept
     * no tokens. In some statements the split at dots drops empty parts: {@code INSERT INTO "x."} comes out as
     * table {@code x}, which would name another table than the one written.
     */
    private static List<String> asWritten(Table table) {
        net.sf.jsqlparser.parser.Node node = table.getASTNode();
        if (node == null || node.jjtGetFirstToken() == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        boolean wantName = true;
        for (net.sf.jsqlparser.parser.Token t = node.jjtGetFirstToken(); t != null; t = t.next) {
            if (wantName) {
                parts.add(t.image);
                wantName = false;
            } else if (".".equals(t.image) || ":".equals(t.image)) { // JSqlParser takes both as delimiters
                wantName = true;
            } else {
                break; // an alias, or whatever follows the name
            }
            if (t == node.jjtGetLastToken()) {
                break;
            }
        }
        if (wantName) {
            return null;
        }
        // Only a different reading of empty parts is taken from the tokens: where the two disagree on anything
        // else, the parser's reading stands.
        List<String> parsed = new ArrayList<>(table.getNameParts());
        Collections.reverse(parsed);
        return nonEmptyParts(parts).equals(nonEmptyParts(parsed)) ? parts : null;
    }

    private static List<String> nonEmptyParts(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String part : parts) {
            for (String piece : canonical(part == null ? "" : part).split("\\.")) {
                if (!piece.isEmpty()) {
                    out.add(piece);
                }
            }
        }
        return out;
    }

    /** True for {@code DUAL} (unquoted, any case), the probe table of {@code SELECT 1 FROM DUAL}. */
    static boolean isDual(Table table) {
        return table.getSchemaName() == null && "dual".equals(canonical(table.getName()))
                && !table.getName().startsWith("\"");
    }

    /**
     * Resolves a column reference of table {@code db}, optionally qualified by the table name or its alias;
     * 42S22 naming it when there is no such column.
     */
    static DbColumn column(Column column, Table table) {
        Table qualifier = column.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            String q = canonical(qualifier.getName());
            Alias alias = table == null ? null : table.getAlias();
            boolean matches = DbColumn.TABLE.equals(q) && qualifier.getSchemaName() == null
                    || alias != null && canonical(alias.getName()).equals(q);
            if (!matches) {
                throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getFullyQualifiedName()
                        + " not found: " + qualifier.getFullyQualifiedName() + " is not table " + DbColumn.TABLE);
            }
        }
        DbColumn found = DbColumn.byName(canonical(column.getColumnName()));
        if (found == null) {
            throw new QueryException(SqlState.UNKNOWN_COLUMN, "column " + column.getColumnName()
                    + " not found in table " + DbColumn.TABLE + "; its columns are name, meta, data, size,"
                    + " modified, format");
        }
        return found;
    }
}
