package org.dirdb.sql;

import java.util.List;

/** Rows whose values are already computed: metadata results and constant SELECTs. */
final class ListRows implements RowSource {
    private final List<ResultColumn> columns;
    private final Object[][] rows;
    private int position = -1;

    ListRows(List<ResultColumn> columns, List<List<Object>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = new Object[rows.size()][];
        int i = 0;
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row of " + row.size() + " values for " + columns.size()
                        + " columns");
            }
            this.rows[i++] = row.toArray(new Object[0]); // a copy: values may be null
        }
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        return nextRow() != null;
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public Object[] nextRow() {
        if (position < rows.length) {
            position++;
        }
        return position < rows.length ? rows[position] : null;
    }

    @Override
    public Object get(int index) {
        return rows[position][index];
    }

    @Override
    public void close() {
        position = rows.length;
    }
}
