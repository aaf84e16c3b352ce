package org.dirdb.sql;

/**
 * A value expression in a plan: a literal or a {@code ?} parameter. Issue-by-issue this family grows
 * (functions, JSON paths); the executor evaluates it against the bound parameters.
 */
public sealed interface Value {

    /** A string literal, already unescaped ({@code 'it''s'} is {@code it's}). */
    record Text(String value) implements Value {}

    /** A hex literal ({@code X'CAFE'}). The array is never handed out to callers that may change it. */
    record Bytes(byte[] value) implements Value {}

    /** An integer literal. */
    record Number(long value) implements Value {}

    /** {@code NULL}. */
    record Null() implements Value {}

    /** A {@code ?} placeholder; indexes are 1..n in textual order. */
    record Parameter(int index) implements Value {}

    Value NULL = new Null();
}
