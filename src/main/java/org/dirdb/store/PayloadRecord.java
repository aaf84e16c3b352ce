package org.dirdb.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * Where the payload lies in a pickle the store wrote, kept in the file's extended attribute
 * {@code user.dirdb.payload}, so that {@code size} and {@code format} cost a stat and a {@code getxattr}
 * instead of opening the pickle. The value is ASCII: {@code v1 <format> <offset> <length> <file size>
 * <mtime ns>}, e.g. {@code v1 bytes 11 5 17 1732416000123456788}. It is optional: a file without it (every
 * file Python writes), a file system without user attributes, or a value that does not match the file
 * means the pickle header is read, as before.
 *
 * <p><b>Why a stale value is never trusted.</b> The attribute is set on the temp file after its last
 * write and before its fsync (so it is durable with the file, and a rename or a commit replay carries it
 * along). A foreign writer that rewrites the file in place (Python's {@code pickle.dump(obj, open(p, 'wb'))})
 * keeps the inode and so the attribute, but every write sets the modification time to the current time.
 * Before recording, the writer sets the file's modification time one nanosecond back, to a time that has
 * already passed; every later write gets a time at least as late as the original, so no in-place rewrite
 * can leave the recorded time in place, however quickly it follows and whatever size it leaves. A value is
 * used only while the file's size and modification time, from a stat, are exactly the recorded ones. If
 * the file system cannot keep that nanosecond (coarse timestamps), the time is put back and nothing is
 * recorded. What remains: a writer that sets the time explicitly to the recorded nanosecond after changing
 * the content, or a system clock stepped back across a rewrite of the same size.
 */
final class PayloadRecord {
    static final String ATTRIBUTE = "user.dirdb.payload";
    /** No valid value is longer (six fields, four of them at most 19 digits). */
    static final int MAX_BYTES = 128;

    private PayloadRecord() {}

    static byte[] encode(Payload.Format format, long offset, long length, long fileSize, long modifiedNanos) {
        return ("v1 " + format.label() + " " + offset + " " + length + " " + fileSize + " " + modifiedNanos)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The payload's place recorded in {@code value}, when it is a valid record for a file of {@code fileSize}
     * bytes last modified at {@code modifiedNanos}; null otherwise (absent, unknown version, malformed, or
     * describing another state of the file).
     */
    static PickleLayout.Slice decode(byte[] value, long fileSize, long modifiedNanos) {
        if (value == null || value.length > MAX_BYTES) {
            return null;
        }
        String[] fields = new String(value, StandardCharsets.US_ASCII).split(" ", -1);
        if (fields.length != 6 || !fields[0].equals("v1")) {
            return null;
        }
        Payload.Format format = fields[1].equals("bytes") ? Payload.Format.BYTES
                : fields[1].equals("pickle") ? Payload.Format.PICKLE : null;
        long offset = number(fields[2]);
        long length = number(fields[3]);
        long size = number(fields[4]);
        if (format == null || offset < 0 || length < 0 || size < 0 || fields[5].isEmpty()
                || size != fileSize || !fields[5].equals(Long.toString(modifiedNanos))) {
            return null;
        }
        boolean fits = format == Payload.Format.PICKLE ? offset == 0 && length == size
                : offset >= 2 && length <= size - 1 - offset; // PROTO before, STOP after
        return fits ? new PickleLayout.Slice(format, offset, length) : null;
    }

    /** A non-negative decimal without sign or leading zeros, or -1. */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 19 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The payload's place as the file's record gives it for the state {@code attrs} shows, or null. */
    static PickleLayout.Slice read(StorageIO io, Path file, BasicFileAttributes attrs) {
        if (attrs == null || !attrs.isRegularFile()) {
            return null;
        }
        try {
            return decode(io.getXattr(file, ATTRIBUTE, MAX_BYTES), attrs.size(), nanos(attrs));
        } catch (RuntimeException e) {
            return null; // a broken seam or native call only costs the header read
        }
    }

    /** What {@link #stamp} did. */
    enum Stamp {
        RECORDED, NOT_RECORDED, UNSUPPORTED
    }

    /**
     * Records a payload the store has just written into {@code temp} (its whole content: our header,
     * {@code length} bytes, STOP), after the last write and before the fsync. Never throws: without a
     * record the payload is still read correctly, only at the cost of its header.
     */
    static Stamp stamp(StorageIO io, Path temp, long length) {
        try {
            BasicFileAttributes written = io.stat(temp);
            if (written == null) {
                return Stamp.NOT_RECORDED;
            }
            long writtenAt = nanos(written);
            long recordedAt = writtenAt - 1;
            io.setModified(temp, recordedAt);
            BasicFileAttributes shifted = io.stat(temp);
            if (shifted == null || nanos(shifted) != recordedAt || shifted.size() != written.size()) {
                io.setModified(temp, writtenAt); // coarse timestamps: keep the true time, record nothing
                return Stamp.NOT_RECORDED;
            }
            io.setXattr(temp, ATTRIBUTE, encode(Payload.Format.BYTES, PickleLayout.WRITTEN_HEADER, length,
                    shifted.size(), recordedAt));
            return Stamp.RECORDED;
        } catch (UnsupportedOperationException e) {
            return Stamp.UNSUPPORTED;
        } catch (IOException | RuntimeException e) {
            return Stamp.NOT_RECORDED;
        }
    }

    static long nanos(BasicFileAttributes attrs) {
        return attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }
}
