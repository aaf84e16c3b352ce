package org.dirdb.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One JSON document per statement, one per line: an array of row objects (keyed by column label) for a
 * result set, {@code {"rowsAffected": N}} otherwise. Metadata stays a JSON string holding the stored text,
 * because that text may contain {@code NaN}, which strict JSON readers refuse; numbers are numbers, binary
 * data is the string {@code <N bytes>}, NULL is {@code null}.
 */
final class JsonFormatter implements ResultFormatter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final PrintStream out;
    private JsonGenerator generator;
    private List<String> columns = List.of();

    JsonFormatter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void begin(List<String> columns) {
        this.columns = List.copyOf(columns);
        io(() -> {
            generator = FACTORY.createGenerator(unclosable(out));
            generator.writeStartArray();
        });
    }

    /** RFC 8259's number: what may be written bare. */
    private static final java.util.regex.Pattern JSON_NUMBER =
            java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @Override
    public void row(List<Cell> cells) {
        io(() -> {
            generator.writeStartObject();
            for (int i = 0; i < cells.size(); i++) {
                generator.writeFieldName(columns.get(i));
                Cell cell = cells.get(i);
                if (cell instanceof Cell.Text text) {
                    generator.writeString(text.value());
                } else if (cell instanceof Cell.Number number && JSON_NUMBER.matcher(number.value()).matches()) {
                    generator.writeNumber(number.value());
                } else if (cell instanceof Cell.Number number) {
                    generator.writeString(number.value()); // NaN and Infinity (as Python writes them) are no JSON
                } else if (cell instanceof Cell.Bytes bytes) {
                    generator.writeString(bytes.label());
                } else {
                    generator.writeNull();
                }
            }
            generator.writeEndObject();
        });
    }

    @Override
    public void end() {
        io(() -> {
            generator.writeEndArray();
            generator.close();
        });
        out.println();
    }

    @Override
    public void updateCount(long count) {
        io(() -> {
            try (JsonGenerator json = FACTORY.createGenerator(unclosable(out))) {
                json.writeStartObject();
                json.writeNumberField("rowsAffected", count);
                json.writeEndObject();
            }
        });
        out.println();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutputStream unclosable(OutputStream stream) {
        return new java.io.FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
