package org.dirdb.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Where an entry's payload lies on disk: a slice of {@code NAME.pickle}, read from the file on demand
 * and never decoded into memory. The identity fields let a later re-open detect that the entry was
 * replaced in the meantime.
 *
 * @param entry    the entry name
 * @param file     the {@code NAME.pickle} file
 * @param format   {@link Format#BYTES} when the pickle holds one bytes object, else {@link Format#PICKLE}
 * @param offset   where the payload starts in the file
 * @param length   payload length in bytes
 * @param fileKey  the file's identity (device and inode) when it was examined
 * @param fileSize the file's size when it was examined
 * @param modified the file's modification time when it was examined
 */
public record Payload(String entry, Path file, Format format, long offset, long length, Object fileKey,
                      long fileSize, Instant modified) {

    /** How the payload relates to the pickle stream. */
    public enum Format {
        /** The pickle holds one {@code bytes}/{@code bytearray}; the payload is those bytes. */
        BYTES("bytes"),
        /** Any other pickle (a numpy array, a dict...); the payload is the whole pickle stream. */
        PICKLE("pickle");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        /** The value of the {@code format} column. */
        public String label() {
            return label;
        }
    }
}
