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
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                // The length only: a Blob is file-backed, so this reads no payload bytes.
                Blob blob = resultSet.getBlob(column);
                if (blob == null) {
                    return Cell.NULL;
                }
                try {
                    return new Cell.Bytes(blob.length());
                } finally {
                    blob.free();
                }
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
}
