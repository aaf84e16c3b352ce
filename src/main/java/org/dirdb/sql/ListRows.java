package org.dirdb.sql;

import java.util.ArrayList;
import java.util.List;

/** Rows whose values are already computed: metadata results and constant SELECTs. */
final class ListRows implements RowSource {
    private final List<ResultColumn> columns;
    private final List<Object[]> rows;
    private int position = -1;

    ListRows(List<ResultColumn> columns, List<List<Object>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row of " + row.size() + " values for " + columns.size()
                        + " columns");
            }
            this.rows.add(row.toArray(new Object[0])); // a copy: values may be null
        }
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (position < rows.size()) {
            position++;
        }
        return position < rows.size();
    }

    @Override
    public Object[] row() {
        return position >= 0 && position < rows.size() ? rows.get(position) : null;
    }

    @Override
    public Object get(int index) {
        return rows.get(position)[index];
    }

    @Override
    public void close() {
        position = rows.size();
    }
}
