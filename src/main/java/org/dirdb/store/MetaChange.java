package org.dirdb.store;

import java.util.function.UnaryOperator;

/** What a write does to an entry's metadata ({@code NAME.json}). */
public sealed interface MetaChange {
    /** Leave the metadata as it is. */
    MetaChange KEEP = new Keep();
    /** Remove {@code NAME.json}. */
    MetaChange REMOVE = new Remove();

    static MetaChange set(String json) {
        return json == null ? REMOVE : new Set(json);
    }

    /** Keep the current metadata. */
    record Keep() implements MetaChange {}

    /** Remove the metadata file. */
    record Remove() implements MetaChange {}

    /** Replace the metadata with this JSON object text (validated before anything is written). */
    record Set(String json) implements MetaChange {}

    /**
     * Read-modify-write under the entry's exclusive lock: the function receives the current JSON text
     * (null when there is none) and returns the new text, or null to remove it. Concurrent transforms of
     * one entry, from any thread or process, are serialised, so none is lost.
     */
    record Transform(UnaryOperator<String> function) implements MetaChange {}
}
