package org.dirdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three output formats, fed the same cells, without a database. */
class FormattersTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    private final PrintStream notesStream = new PrintStream(notes, true, StandardCharsets.UTF_8);

    private static final List<String> COLUMNS = List.of("name", "meta", "data", "size", "format");
    private static final List<Cell> HELLO = List.of(new Cell.Text("hello"), new Cell.Text("{\"epoch\": 1}"),
            new Cell.Bytes(2), new Cell.Number("2"), new Cell.Text("bytes"));
    private static final List<Cell> TRICKY = List.of(new Cell.Text("a,b"), Cell.NULL, Cell.NULL,
            new Cell.Number("12345"), new Cell.Text(""));

    private void feed(ResultFormatter formatter) {
        formatter.begin(COLUMNS);
        formatter.row(HELLO);
        formatter.row(TRICKY);
        formatter.end();
        formatter.updateCount(3);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tableAlignsColumnsRightAlignsNumbersAndShowsNullAndByteCounts() {
        feed(new TableFormatter(outStream));
        assertEquals(String.join("\n",
                "name  | meta         | data      | size  | format",
                "------+--------------+-----------+-------+-------",
                "hello | {\"epoch\": 1} | <2 bytes> |     2 | bytes",
                "a,b   | NULL         | NULL      | 12345 | ",
                "(2 rows)",
                "3 row(s) affected",
                ""), printed().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void tableEscapesLineBreaksSoEachRowStaysOneLine() {
        TableFormatter table = new TableFormatter(outStream);
        table.begin(List.of("meta"));
        table.row(List.of(new Cell.Text("{\"a\":\n\t\"b\"}")));
        table.end();
        assertEquals(List.of("meta", "-------------", "{\"a\":\\n\\t\"b\"}", "(1 row)"), printed().lines().toList());
    }

    @Test
    void csvQuotesWhenNeededKeepsNullApartFromEmptyAndSendsCountsToNotes() {
        feed(new CsvFormatter(outStream, notesStream));
        assertEquals("name,meta,data,size,format\r\n"
                + "hello,\"{\"\"epoch\"\": 1}\",<2 bytes>,2,bytes\r\n"
                + "\"a,b\",,,12345,\"\"\r\n", printed());
        assertEquals("3 row(s) affected", notes.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void jsonWritesOneDocumentPerStatementWithNumbersAsNumbers() {
        feed(new JsonFormatter(outStream));
        assertEquals("[{\"name\":\"hello\",\"meta\":\"{\\\"epoch\\\": 1}\",\"data\":\"<2 bytes>\",\"size\":2,\"format\":\"bytes\"},"
                + "{\"name\":\"a,b\",\"meta\":null,\"data\":null,\"size\":12345,\"format\":\"\"}]\n"
                + "{\"rowsAffected\":3}\n", printed().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void jsonWritesNumbersThatJsonCannotHoldAsStrings() {
        JsonFormatter json = new JsonFormatter(outStream);
        json.begin(List.of("x"));
        for (String n : List.of("NaN", "Infinity", "-Infinity", "1.5E300", "-0.25", "12")) {
            json.row(List.of(new Cell.Number(n)));
        }
        json.end();
        assertEquals("[{\"x\":\"NaN\"},{\"x\":\"Infinity\"},{\"x\":\"-Infinity\"},{\"x\":1.5E300},{\"x\":-0.25},"
                + "{\"x\":12}]\n", printed().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void oneByteIsSingular() {
        assertEquals("<1 byte>", new Cell.Bytes(1).label());
        assertEquals("<0 bytes>", new Cell.Bytes(0).label());
    }
}
