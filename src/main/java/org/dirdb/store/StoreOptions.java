package org.dirdb.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Store} is opened.
 *
 * @param create     create the directory (and parents) when it is missing
 * @param sync       fsync files and the directory on every write; {@code false} gives up the D of ACID
 *                   (a crash may lose or revert acknowledged writes) but never atomicity
 * @param readOnly   refuse every write
 * @param lockTimeout how long an operation waits for an entry lock before failing
 * @param io         the I/O seam every file operation goes through (tests inject faults here)
 * @param watch      trust cached values (stats, metadata, payload locations, the listing) until the file
 *                   system reports a change ({@link DirectoryWatch}), where it can report every change;
 *                   {@code false} checks each cached value with a stat of its file every time
 * @param lockReads  take the entry's shared lock for every read; {@code false} (the default) reads a small
 *                   file without it when the read proves it saw one whole version ({@link UnlockedRead})
 * @param directWriteMin with {@code sync}, a payload of at least this many bytes is written around the page
 *                   cache ({@code O_DIRECT}) in aligned chunks of up to {@value #DIRECT_CHUNK} bytes, on a local
 *                   file system that allows it ({@link DirectPickleWriter}); {@code 0} never does
 */
public record StoreOptions(boolean create, boolean sync, boolean readOnly, Duration lockTimeout, StorageIO io,
        boolean watch, boolean lockReads, long directWriteMin) {
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@link #directWriteMin}: 4 MiB. */
    public static final long DEFAULT_DIRECT_WRITE_MIN = 4L << 20;
    /** The largest chunk a direct write moves in one call. */
    public static final int DIRECT_CHUNK = 2 << 20;

    public StoreOptions {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(io, "io");
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must not be negative: " + lockTimeout);
        }
        if (directWriteMin < 0) {
            throw new IllegalArgumentException("directWriteMin must not be negative: " + directWriteMin);
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(true, true, false, DEFAULT_LOCK_TIMEOUT, StorageIO.DEFAULT, true, false,
                DEFAULT_DIRECT_WRITE_MIN);
    }

    public StoreOptions withCreate(boolean value) {
        return new StoreOptions(value, sync, readOnly, lockTimeout, io, watch, lockReads, directWriteMin);
    }

    public StoreOptions withSync(boolean value) {
        return new StoreOptions(create, value, readOnly, lockTimeout, io, watch, lockReads, directWriteMin);
    }

    public StoreOptions withReadOnly(boolean value) {
        return new StoreOptions(create, sync, value, lockTimeout, io, watch, lockReads, directWriteMin);
    }

    public StoreOptions withLockTimeout(Duration value) {
        return new StoreOptions(create, sync, readOnly, value, io, watch, lockReads, directWriteMin);
    }

    public StoreOptions withIo(StorageIO value) {
        return new StoreOptions(create, sync, readOnly, lockTimeout, value, watch, lockReads, directWriteMin);
    }

    public StoreOptions withWatch(boolean value) {
        return new StoreOptions(create, sync, readOnly, lockTimeout, io, value, lockReads, directWriteMin);
    }

    public StoreOptions withLockReads(boolean value) {
        return new StoreOptions(create, sync, readOnly, lockTimeout, io, watch, value, directWriteMin);
    }

    public StoreOptions withDirectWriteMin(long value) {
        return new StoreOptions(create, sync, readOnly, lockTimeout, io, watch, lockReads, value);
    }
}
