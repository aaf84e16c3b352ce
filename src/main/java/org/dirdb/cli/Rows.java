package org.dirdb.cli;

import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Reads a result set row by row into {@link Cell}s and hands them to a formatter. */
final class Rows {
    private Rows() {}

    static void print(ResultSet resultSet, ResultFormatter formatter) throws SQLException {
        ResultSetMetaData metaData = resultSet.getMetaData();
        int count = metaData.getColumnCount();
        List<String> labels = new ArrayList<>(count);
        int[] types = new int[count];
        for (int i = 1; i <= count; i++) {
            labels.add(metaData.getColumnLabel(i));
            types[i - 1] = metaData.getColumnType(i);
        }
        formatter.begin(labels);
        while (resultSet.next()) {
            List<Cell> cells = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                cells.add(cell(resultSet, i, types[i - 1]));
            }
            formatter.row(cells);
        }
        formatter.end();
    }

    private static Cell cell(ResultSet resultSet, int column, int type) throws SQLException {
        switch (type) {
            case Types.BLOB -> {
                // The length only: a Blob is file-backed, so this reads no payload bytes.
                return blobCell(resultSet.getBlob(column));
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                byte[] bytes = resultSet.getBytes(column); // a value in memory, such as X'CAFE'
                return bytes == null ? Cell.NULL : new Cell.Bytes(bytes.length);
            }
            case Types.JAVA_OBJECT, Types.OTHER -> {
                // An expression whose rows differ in type (CASE ... THEN 1 ELSE 'x' END): each value as its own.
                Object value = resultSet.getObject(column);
                if (value instanceof Blob blob) {
                    return blobCell(blob);
                } else if (value instanceof byte[] bytes) {
                    return new Cell.Bytes(bytes.length);
                } else if (value instanceof java.lang.Number) {
                    return new Cell.Number(resultSet.getString(column));
                }
                return value == null ? Cell.NULL : new Cell.Text(resultSet.getString(column));
            }
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC,
                    Types.DOUBLE, Types.FLOAT, Types.REAL -> {
                String text = resultSet.getString(column);
                return text == null ? Cell.NULL : new Cell.Number(text);
            }
            default -> {
                String text = resultSet.getString(column);
                return text == null ? Cell.NULL : new Cell.Text(text);
            }
        }
    }

    private static Cell blobCell(Blob blob) throws SQLException {
        if (blob == null) {
            return Cell.NULL;
        }
        try {
            return new Cell.Bytes(blob.length());
        } finally {
            blob.free();
        }
    }
}
