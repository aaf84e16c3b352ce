package org.dirdb.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.dirdb.sql.ColumnType;
import org.dirdb.sql.DbColumn;
import org.dirdb.sql.RowSource;

/**
 * The result-set answers of {@link DirdbDatabaseMetaData}: the tables of the connection, their columns,
 * the primary key and unique index on {@code name}, the type list, and correctly shaped empty results for
 * what dirdb does not have (procedures, functions, foreign keys, privileges, user-defined types).
 *
 * <p>Every table has the same columns. Table arguments follow {@link NamePattern}, also where JDBC calls them
 * plain names ({@code getPrimaryKeys}, {@code getIndexInfo}): tools pass {@code %} there to mean all tables,
 * and every row carries its own {@code TABLE_NAME}.
 */
final class MetaResults {
    private final DirdbConnection connection;

    MetaResults(DirdbConnection connection) {
        this.connection = connection;
    }

    private ResultSet result(MetaShape shape, List<List<Object>> rows) throws SQLException {
        connection.checkOpen();
        return new DirdbResultSet(null, connection, RowSource.of(shape.columns(), rows), 0);
    }

    ResultSet empty(MetaShape shape) throws SQLException {
        return result(shape, List.of());
    }

    private List<String> tables(String catalog, String schemaPattern, String tablePattern) throws SQLException {
        if (!NamePattern.unqualified(catalog, schemaPattern)) {
            return List.of();
        }
        List<String> names = new ArrayList<>(connection.tableNames());
        names.sort(Comparator.naturalOrder());
        return NamePattern.select(tablePattern, names);
    }

    private static List<DbColumn> columns(String columnPattern) {
        List<String> names = Arrays.stream(DbColumn.values()).map(DbColumn::columnName).toList();
        return NamePattern.select(columnPattern, names).stream().map(DbColumn::byName).toList();
    }

    private static Short h(int value) {
        return (short) value;
    }

    private static String remarks(DbColumn column) {
        return switch (column) {
            case NAME -> "entry name: NAME of NAME.pickle and NAME.json";
            case META -> "metadata, the JSON object of NAME.json, or NULL";
            case DATA -> "payload of NAME.pickle, or NULL";
            case SIZE -> "payload length in bytes (computed)";
            case MODIFIED -> "last modification of the entry's files (computed)";
            case FORMAT -> "bytes (a pickled bytes object) or pickle (any other pickle) (computed)";
        };
    }

    ResultSet tables(String catalog, String schemaPattern, String tablePattern, String[] types)
            throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        boolean wanted = types == null || Arrays.stream(types).anyMatch("TABLE"::equalsIgnoreCase);
        if (wanted) {
            for (String table : tables(catalog, schemaPattern, tablePattern)) {
                rows.add(Arrays.asList(null, null, table, "TABLE", "dirdb entries", null, null, null, null, null));
            }
        }
        return result(MetaShape.TABLES, rows);
    }

    ResultSet columns(String catalog, String schemaPattern, String tablePattern, String columnPattern)
            throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        for (String table : tables(catalog, schemaPattern, tablePattern)) {
            for (DbColumn c : columns(columnPattern)) {
                ColumnType type = c.type();
                boolean nullable = c != DbColumn.NAME;
                boolean numeric = JdbcTypes.numeric(type);
                rows.add(Arrays.asList(null, null, table, c.columnName(), JdbcTypes.code(type), type.typeName(),
                        JdbcTypes.precision(type), null, JdbcTypes.scale(type), numeric ? 10 : null,
                        nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, remarks(c),
                        null, null, null, JdbcTypes.text(type) || type == ColumnType.BLOB ? JdbcTypes.UNBOUNDED : null,
                        c.ordinal() + 1, nullable ? "YES" : "NO", null, null, null, null, "NO",
                        c.writable() ? "NO" : "YES"));
            }
        }
        return result(MetaShape.COLUMNS, rows);
    }

    static String keyName(String table) {
        return table + "_pk";
    }

    ResultSet primaryKeys(String catalog, String schema, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        for (String t : tables(catalog, schema, table)) {
            rows.add(Arrays.asList(null, null, t, DbColumn.NAME.columnName(), h(1), keyName(t)));
        }
        return result(MetaShape.PRIMARY_KEYS, rows);
    }

    /** The unique index on {@code name}, which is what tools look for first to identify a row for editing. */
    ResultSet indexInfo(String catalog, String schema, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        for (String t : tables(catalog, schema, table)) {
            rows.add(Arrays.asList(null, null, t, false, null, keyName(t), h(DatabaseMetaData.tableIndexOther),
                    h(1), DbColumn.NAME.columnName(), "A", connection.entryCount(t), 0L, null));
        }
        return result(MetaShape.INDEX_INFO, rows);
    }

    /** {@code name} identifies a row for as long as the entry exists. */
    ResultSet bestRowIdentifier(String catalog, String schema, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        if (!tables(catalog, schema, table).isEmpty()) {
            rows.add(describe(DatabaseMetaData.bestRowSession, DbColumn.NAME, DatabaseMetaData.bestRowNotPseudo));
        }
        return result(MetaShape.BEST_ROW_IDENTIFIER, rows);
    }

    /** {@code modified} changes whenever any value of the row changes. */
    ResultSet versionColumns(String catalog, String schema, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        if (!tables(catalog, schema, table).isEmpty()) {
            rows.add(describe(null, DbColumn.MODIFIED, DatabaseMetaData.versionColumnNotPseudo));
        }
        return result(MetaShape.VERSION_COLUMNS, rows);
    }

    private static List<Object> describe(Integer scope, DbColumn c, int pseudo) {
        Integer scale = JdbcTypes.scale(c.type());
        return Arrays.asList(scope == null ? null : h(scope), c.columnName(), JdbcTypes.code(c.type()),
                c.type().typeName(), JdbcTypes.precision(c.type()), null, scale == null ? null : h(scale), h(pseudo));
    }

    /** One row per type name, the same names and codes as getColumns and ResultSetMetaData, by DATA_TYPE. */
    ResultSet typeInfo() throws SQLException {
        List<ColumnType> types = new ArrayList<>(List.of(ColumnType.values()));
        types.sort(Comparator.comparingInt(JdbcTypes::code));
        List<List<Object>> rows = new ArrayList<>();
        for (ColumnType type : types) {
            Integer scale = JdbcTypes.scale(type);
            boolean numeric = JdbcTypes.numeric(type);
            rows.add(Arrays.asList(type.typeName(), JdbcTypes.code(type), JdbcTypes.precision(type),
                    JdbcTypes.literalPrefix(type), JdbcTypes.literalSuffix(type), null,
                    h(DatabaseMetaData.typeNullable), JdbcTypes.text(type), h(JdbcTypes.searchable(type)),
                    false, false, false, type.typeName(), h(scale == null ? 0 : scale),
                    h(scale == null ? 0 : scale), null, null, numeric ? 10 : null));
        }
        return result(MetaShape.TYPE_INFO, rows);
    }

    ResultSet tableTypes() throws SQLException {
        return result(MetaShape.TABLE_TYPES, List.of(List.of("TABLE")));
    }

    ResultSet clientInfoProperties() throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        for (ClientInfo info : ClientInfo.values()) {
            rows.add(Arrays.asList(info.key(), ClientInfo.MAX_LENGTH, "", info.description()));
        }
        return result(MetaShape.CLIENT_INFO_PROPERTIES, rows);
    }
}
