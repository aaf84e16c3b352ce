package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.EntryNames;
import org.dirdb.store.Store;
import org.dirdb.store.StoreException;

/**
 * Tables are sub-databases. The rules, also used by {@code DatabaseMetaData.getTables}:
 * <ul>
 *   <li>{@code db} is the root directory;</li>
 *   <li>every other table name is a path of subdirectories relative to the root, segments separated by
 *       {@code /}: {@code runs} is subdirectory {@code runs}, {@code "runs/2024"} (quoted, since {@code /}
 *       is not an identifier character) is subdirectory {@code 2024} of {@code runs};</li>
 *   <li>a leading {@code db/} names the root explicitly, so a subdirectory literally named {@code db} is
 *       table {@code "db/db"} (and {@code "db/runs"} is the same table as {@code runs});</li>
 *   <li>each segment is validated like an entry name (no empty segment, no leading dot, no backslash or
 *       NUL, at most 200 bytes); symbolic links are never followed, so they are not tables;</li>
 *   <li>unquoted identifiers are folded to lower case before they get here, so a subdirectory {@code Runs}
 *       is written {@code "Runs"}.</li>
 * </ul>
 * A name that breaks these rules, or names no existing directory, is an unknown table (42S02) when read,
 * and an invalid name (22023) when created.
 */
public final class Tables {
    /** The root table. */
    public static final String ROOT = DbColumn.TABLE;
    /** How deep {@link #names} descends. */
    public static final int MAX_DEPTH = 8;

    private Tables() {}

    /**
     * Every table: {@code db} first, then each sub-database depth first in name order, up to
     * {@value #MAX_DEPTH} levels, as the names {@link #resolve} accepts ({@code runs}, {@code runs/2024},
     * {@code db/db} for a top-level subdirectory named {@code db}). Lists directories and stats their
     * children; opens no entry file.
     */
    public static List<String> names(Store root) {
        List<String> names = new ArrayList<>();
        names.add(ROOT);
        collect(root, "", 1, names);
        return names;
    }

    private static void collect(Store store, String prefix, int depth, List<String> names) {
        for (String sub : store.subdirectories()) {
            String name = prefix.isEmpty() && sub.equals(ROOT) ? ROOT + "/" + ROOT : prefix + sub;
            names.add(name);
            if (depth < MAX_DEPTH) {
                Store child;
                try {
                    child = store.sub(sub);
                } catch (StoreException e) {
                    continue; // vanished or replaced since the listing
                }
                collect(child, name + "/", depth + 1, names);
            }
        }
    }

    /** The subdirectory segments of a table name; empty for the root. 42S02 for a malformed name. */
    public static List<String> path(String table) {
        if (table.equals(ROOT)) {
            return List.of();
        }
        String rest = table.startsWith(ROOT + "/") ? table.substring(ROOT.length() + 1) : table;
        List<String> segments = List.of(rest.split("/", -1));
        for (String segment : segments) {
            if (!EntryNames.isSafe(segment)) {
                throw unknown(table, "segment '" + segment + "' is not a valid name");
            }
        }
        return segments;
    }

    /** The store of a table; 42S02 when there is no such table. */
    public static Store resolve(Store root, String table) {
        Store store = root;
        for (String segment : path(table)) {
            try {
                store = store.sub(segment);
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.NOT_FOUND || e.reason() == StoreException.Reason.INVALID_NAME) {
                    throw unknown(table, "no such directory");
                }
                throw e;
            }
        }
        return store;
    }

    /** {@code CREATE TABLE}: creates the last segment in its (existing) parent; 23505-like EXISTS if present. */
    static void create(Store root, String table) {
        List<String> segments = pathForWrite(table);
        parent(root, table, segments).createSub(segments.get(segments.size() - 1));
    }

    /** {@code DROP TABLE}: false when it does not exist. */
    static boolean drop(Store root, String table) {
        List<String> segments = pathForWrite(table);
        Store parent;
        try {
            parent = parent(root, table, segments);
        } catch (QueryException e) {
            return false;
        }
        return parent.dropSub(segments.get(segments.size() - 1));
    }

    private static List<String> pathForWrite(String table) {
        if (table.equals(ROOT)) {
            throw new QueryException(SqlState.DEPENDENT_OBJECTS, "table " + ROOT + " is the database directory"
                    + " itself; it cannot be created or dropped");
        }
        String rest = table.startsWith(ROOT + "/") ? table.substring(ROOT.length() + 1) : table;
        List<String> segments = List.of(rest.split("/", -1));
        for (String segment : segments) {
            EntryNames.requireCreatable(segment); // INVALID_NAME (22023) naming the segment
        }
        return segments;
    }

    private static Store parent(Store root, String table, List<String> segments) {
        Store store = root;
        for (String segment : segments.subList(0, segments.size() - 1)) {
            try {
                store = store.sub(segment);
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.NOT_FOUND) {
                    throw unknown(table, "its parent " + segment + " does not exist");
                }
                throw e;
            }
        }
        return store;
    }

    private static QueryException unknown(String table, String why) {
        return new QueryException(SqlState.UNKNOWN_TABLE, "table " + table + " not found (" + why + "); " + ROOT
                + " is the root directory and other tables are its subdirectories");
    }
}
