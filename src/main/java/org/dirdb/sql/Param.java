package org.dirdb.sql;

import java.io.InputStream;

/**
 * A value bound to a {@code ?} parameter. The set is small on purpose: the executor converts each kind to
 * what the target column needs ({@code name} and {@code meta} take text, {@code data} takes bytes or a
 * stream) and raises 22018 for the rest.
 */
public sealed interface Param {
    /** SQL NULL. */
    Param NULL = new Null();

    record Text(String value) implements Param {}

    /** Bytes; the caller hands over ownership of the array. */
    record Bytes(byte[] value) implements Param {}

    /**
     * A stream read once, at execution, straight into the store (never buffered in heap).
     *
     * @param length the exact number of bytes, or -1 for "until end of stream"
     */
    record Stream(InputStream in, long length) implements Param {}

    /** A number (Long, Integer, Double, BigDecimal...); text columns take its decimal form. */
    record Numeric(java.lang.Number value) implements Param {}

    record Bool(boolean value) implements Param {}

    record Null() implements Param {}
}
