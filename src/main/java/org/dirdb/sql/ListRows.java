package org.dirdb.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Rows whose values are already computed: metadata results and constant SELECTs. */
final class ListRows implements RowSource {
    private final List<ResultColumn> columns;
    private final List<List<Object>> rows;
    private int position = -1;

    ListRows(List<ResultColumn> columns, List<List<Object>> rows) {
        this.columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row of " + row.size() + " values for " + columns.size()
                        + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row))); // values may be null
        }
        this.rows = copy;
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
    public Object get(int index) {
        return rows.get(position).get(index);
    }

    @Override
    public void close() {
        position = rows.size();
    }
}
