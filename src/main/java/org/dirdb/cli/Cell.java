package org.dirdb.cli;

/** One printed value of a result row, already converted from JDBC: the raw bytes of a BLOB never get here. */
sealed interface Cell {
    /** SQL NULL. */
    record Null() implements Cell {}

    /** Text: names, metadata JSON, timestamps. */
    record Text(String value) implements Cell {}

    /** A number, kept as its decimal text so that no precision is lost on the way to the output. */
    record Number(String value) implements Cell {}

    /** Binary data, shown only as its length. */
    record Bytes(long length) implements Cell {
        String label() {
            return "<" + length + (length == 1 ? " byte>" : " bytes>");
        }
    }

    Cell NULL = new Null();
}
