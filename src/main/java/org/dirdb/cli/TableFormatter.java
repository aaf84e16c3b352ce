package org.dirdb.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table, followed by the row count; numbers are right-aligned, NULL is shown as
 * {@code NULL}, binary data as {@code <N bytes>}. Control characters are escaped so a row stays one line.
 * Buffers one result set to measure the columns (cells hold no payload bytes).
 */
final class TableFormatter implements ResultFormatter {
    private final PrintStream out;
    private List<String> columns = List.of();
    private final List<List<String>> rows = new ArrayList<>();
    private boolean[] rightAligned = new boolean[0];

    TableFormatter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void begin(List<String> columns) {
        this.columns = List.copyOf(columns);
        this.rows.clear();
        this.rightAligned = new boolean[columns.size()];
    }

    @Override
    public void row(List<Cell> cells) {
        List<String> texts = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            if (cell instanceof Cell.Number) {
                rightAligned[i] = true;
            }
            texts.add(text(cell));
        }
        rows.add(texts);
    }

    @Override
    public void end() {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(columns.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        line(columns, widths, new boolean[widths.length]);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(rule);
        for (List<String> row : rows) {
            line(row, widths, rightAligned);
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        rows.clear();
    }

    @Override
    public void updateCount(long count) {
        out.println(count + " row(s) affected");
    }

    private void line(List<String> texts, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String text = texts.get(i);
            String padding = " ".repeat(widths[i] - width(text));
            line.append(i == 0 ? "" : " | ");
            line.append(right[i] ? padding + text : i == widths.length - 1 ? text : text + padding);
        }
        out.println(line);
    }

    private static String text(Cell cell) {
        if (cell instanceof Cell.Text text) {
            return escapeControls(text.value());
        }
        if (cell instanceof Cell.Number number) {
            return number.value();
        }
        if (cell instanceof Cell.Bytes bytes) {
            return bytes.label();
        }
        return "NULL";
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    static String escapeControls(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.substring(0, i));
                }
                switch (c) {
                    case '\n' -> escaped.append("\\n");
                    case '\r' -> escaped.append("\\r");
                    case '\t' -> escaped.append("\\t");
                    default -> escaped.append(String.format("\\u%04x", (int) c));
                }
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
