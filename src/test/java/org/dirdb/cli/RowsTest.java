package org.dirdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line prints for each kind of column, read from a real result set. */
class RowsTest {
    @TempDir
    Path dir;

    private List<List<Cell>> print(String sql) throws Exception {
        List<List<Cell>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO db (name, meta, data) VALUES ('a', '{\"n\": 1}', X'CAFE') "
                    + "ON CONFLICT (name) DO NOTHING");
            try (ResultSet rs = s.executeQuery(sql)) {
                Rows.print(rs, new ResultFormatter() {
                    @Override
                    public void begin(List<String> columns) {}

                    @Override
                    public void row(List<Cell> cells) {
                        rows.add(cells);
                    }

                    @Override
                    public void end() {}

                    @Override
                    public void updateCount(long count) {}
                });
            }
        }
        return rows;
    }

    @Test
    void bytesInMemoryAndPayloadsPrintAsTheirLength() throws Exception {
        assertEquals(List.of(List.of(new Cell.Bytes(2), new Cell.Bytes(3), Cell.NULL)),
                print("SELECT data, X'010203', CASE WHEN name = 'b' THEN X'01' END FROM db"));
    }

    @Test
    void aColumnOfTypeNullPrintsNull() throws Exception {
        assertEquals(List.of(List.of(Cell.NULL, new Cell.Text("a"))), print("SELECT NULL, name FROM db"));
    }

    @Test
    void aColumnWhoseRowsDifferInTypePrintsEachValueAsItsOwn() throws Exception {
        assertEquals(List.of(List.of(new Cell.Number("1"))),
                print("SELECT CASE WHEN name = 'a' THEN 1 ELSE 'x' END FROM db"));
        assertEquals(List.of(List.of(new Cell.Text("x"))),
                print("SELECT CASE WHEN name = 'b' THEN 1 ELSE 'x' END FROM db"));
        assertEquals(List.of(List.of(new Cell.Bytes(1))),
                print("SELECT CASE WHEN name = 'a' THEN X'01' ELSE 'x' END FROM db"));
    }
}
