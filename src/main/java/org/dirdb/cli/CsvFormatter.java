package org.dirdb.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * CSV as in RFC 4180: a header line, fields quoted when they hold a comma, quote or line break, CRLF line
 * ends. NULL is an empty unquoted field and the empty string is {@code ""}, so the two stay apart; binary
 * data is shown as {@code <N bytes>}. Update counts go to standard error so that standard output stays CSV.
 */
final class CsvFormatter implements ResultFormatter {
    private final PrintStream out;
    private final PrintStream notes;

    CsvFormatter(PrintStream out, PrintStream notes) {
        this.out = out;
        this.notes = notes;
    }

    @Override
    public void begin(List<String> columns) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            line.append(i == 0 ? "" : ",").append(quote(columns.get(i)));
        }
        out.print(line.append("\r\n"));
    }

    @Override
    public void row(List<Cell> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : ",").append(field(cells.get(i)));
        }
        out.print(line.append("\r\n"));
    }

    @Override
    public void end() {
        out.flush();
    }

    @Override
    public void updateCount(long count) {
        notes.println(count + " row(s) affected");
    }

    private static String field(Cell cell) {
        if (cell instanceof Cell.Text text) {
            return quote(text.value());
        }
        if (cell instanceof Cell.Number number) {
            return number.value();
        }
        if (cell instanceof Cell.Bytes bytes) {
            return bytes.label();
        }
        return "";
    }

    static String quote(String value) {
        boolean plain = !value.isEmpty()
                && value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return plain ? value : '"' + value.replace("\"", "\"\"") + '"';
    }
}
