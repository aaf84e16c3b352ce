package org.dirdb.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** What a write does to an entry's payload ({@code NAME.pickle}). */
public sealed interface PayloadChange {
    PayloadChange KEEP = new Keep();
    PayloadChange REMOVE = new Remove();

    static PayloadChange of(byte[] bytes) {
        return bytes == null ? REMOVE : new Write(new ByteArrayInputStream(bytes), bytes.length);
    }

    static PayloadChange of(InputStream in, long length) {
        return in == null ? REMOVE : new Write(in, length);
    }

    /** Keep the current payload. */
    record Keep() implements PayloadChange {}

    /** Remove the payload file (the entry stays if it has metadata). */
    record Remove() implements PayloadChange {}

    /**
     * A payload already streamed to disk with {@link Store#stage}; each staged payload can be used by
     * one write (use {@link StagedPayload#duplicate()} for more).
     */
    record Staged(StagedPayload staged) implements PayloadChange {}

    /**
     * Stream new payload bytes into a temp file ({@link Store#write} does so before taking the entry
     * lock; inside {@link Store#modify} it happens while the lock is held).
     *
     * @param source the bytes; read to its end, or to {@code length} bytes when length is not -1
     * @param length the exact number of bytes, or -1 for "until end of stream"
     */
    record Write(InputStream source, long length) implements PayloadChange {}
}
