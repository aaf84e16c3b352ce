package org.dirdb.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * The payload side of a {@link Store}'s reads: where a payload lies in its pickle (from the payload record,
 * the cache, or the pickle's head and tail, read without the lock where {@link UnlockedRead} allows and under
 * the shared lock otherwise), and the streams over it. docs/storage.md, "What one row asks the file system",
 * counts what each path costs.
 */
final class PayloadReads {
    private final Store store;
    private final StorageIO io;
    private final ReadCaches caches;
    private final ChangeJournal journal;
    private final SettledCache<Payload> payloadCache;
    private final UnlockedRead unlocked;

    PayloadReads(Store store, ReadCaches caches, UnlockedRead unlocked) {
        this.store = store;
        this.io = store.io();
        this.caches = caches;
        this.journal = caches.journal();
        this.payloadCache = caches.payloads;
        this.unlocked = unlocked;
    }

    /** {@link Store#payload(String)} given a stat of {@code NAME.pickle} taken just now (null: it does not exist). */
    Payload payload(String name, Path pickle, BasicFileAttributes now) {
        if (now == null) {
            payloadCache.forget(name);
            return null;
        }
        Payload cached = payloadCache.get(name, now);
        if (cached != null) {
            return cached;
        }
        Payload recorded = recordedAndCached(name, pickle, now);
        if (recorded != null) {
            return recorded;
        }
        return examineShared(name, pickle, null, null, now, now);
    }

    /**
     * Examines the payload (without the lock where {@link #examineUnlocked} can, else under the shared lock)
     * and caches its location; {@code seen}, when given, receives the stat taken for it (null when the file
     * does not exist). {@code whole}, when given, as {@link #examine} fills it (with the same checks).
     * {@code noRecord}: the file state for which the caller found no usable payload record just now, or null.
     * {@code statedNow}: a stat of the file this statement took, or null (see {@link UnlockedRead}).
     */
    Payload examineShared(String name, Path pickle, BasicFileAttributes[] seen, byte[][] whole,
                          BasicFileAttributes noRecord, BasicFileAttributes statedNow) {
        Payload quick = examineUnlocked(name, pickle, seen, whole, statedNow);
        if (quick != null) {
            return quick == ABSENT ? null : quick;
        }
        return examineUnderLock(name, pickle, seen, whole, noRecord);
    }

    /** {@link #examineShared} under the shared lock, without trying a read without it first. */
    private Payload examineUnderLock(String name, Path pickle, BasicFileAttributes[] seen, byte[][] whole,
                             BasicFileAttributes noRecord) {
        return store.underSharedLock(name, locked -> {
            long since = journal.epoch();
            long readAt = System.currentTimeMillis();
            BasicFileAttributes[] stat = new BasicFileAttributes[1];
            Payload payload = examine(name, pickle, locked, stat, whole, noRecord);
            if (locked && payload != null && payload != EXAMINE_AGAIN) {
                caches.keep(payloadCache, false, name, stat[0], payload, since, readAt);
            }
            if (seen != null) {
                seen[0] = stat[0];
            }
            return payload;
        });
    }

    /** What {@link #examineUnlocked} returns for a missing payload file. */
    private static final Payload ABSENT = new Payload("", Path.of(""), Payload.Format.BYTES, 0, 0, null, 0,
            Instant.EPOCH);

    /**
     * {@link #examineShared} without the lock ({@link UnlockedRead}), for a small pickle of one {@code bytes}
     * object that is read whole anyway: when the caller reads the bytes next ({@code whole} given, up to
     * {@link #READ_WITH_LOCATION_BYTES}), or up to {@link #READ_WHOLE_BYTES}, which {@link #examine} reads in
     * one call. Returns {@link #ABSENT} when the file does not exist, null when the locked read must
     * decide. {@code statedNow}: a stat of the file this statement took, or null (see {@link UnlockedRead}).
     */
    private Payload examineUnlocked(String name, Path pickle, BasicFileAttributes[] seen, byte[][] whole,
                            BasicFileAttributes statedNow) {
        long since = journal.epoch();
        long readAt = System.currentTimeMillis();
        UnlockedRead.Result<Payload> quick = unlocked.read(pickle,
                whole != null ? READ_WITH_LOCATION_BYTES : READ_WHOLE_BYTES, statedNow, read -> {
                    byte[] all = read.bytes();
                    int size = all.length;
                    PickleLayout.Slice slice = PickleLayout.parse(
                            java.util.Arrays.copyOf(all, Math.min(PickleLayout.HEAD_BYTES, size)),
                            java.util.Arrays.copyOfRange(all, size - Math.min(PickleLayout.TAIL_BYTES, size), size),
                            size);
                    if (slice == null || slice.format() != Payload.Format.BYTES) {
                        return null; // cut, foreign, or a pickle whose cut could pass as whole: under the lock
                    }
                    BasicFileAttributes attrs = read.attrs();
                    return new Payload(name, pickle, slice.format(), slice.offset(), slice.length(), attrs.fileKey(),
                            size, attrs.lastModifiedTime().toInstant());
                });
        if (quick == null) {
            return null;
        }
        if (seen != null) {
            seen[0] = quick.attrs();
        }
        if (quick.attrs() == null) {
            return ABSENT;
        }
        caches.keep(payloadCache, false, name, quick.attrs(), quick.value(), since, readAt);
        if (whole != null) {
            whole[0] = quick.bytes();
        }
        return quick.value();
    }

    /** The payload of an entry whose exclusive lock this thread holds (nothing can replace it meanwhile). */
    Payload examineLocked(String name) {
        Payload payload = examine(name, store.file(name, ".pickle"), true, new BasicFileAttributes[1], null, null);
        if (payload == EXAMINE_AGAIN) {
            throw new StoreException(StoreException.Reason.CHANGED, name,
                    "payload file of entry " + EntryNames.quote(name) + " changed under its exclusive lock");
        }
        return payload;
    }

    static final Payload EXAMINE_AGAIN = new Payload("", Path.of(""), Payload.Format.PICKLE, 0, 0, null, 0,
            Instant.EPOCH);

    /** Files up to this size are read whole in one call to find head and tail. */
    private static final int READ_WHOLE_BYTES = 8 << 10;

    /**
     * Payload files up to this size are read whole when the caller reads the bytes next
     * ({@link Store.Lookup#payloadToRead}): the one read that locates the payload replaces a second open and
     * stat, and the lock, to stream it.
     */
    static final int READ_WITH_LOCATION_BYTES = 64 << 10;

    /**
     * Reads the pickle's head and tail to find the payload. {@code locked}: the caller holds the entry's lock,
     * so no writer can replace or rewrite the file meanwhile and one stat describes what is read; without it,
     * a second stat after the read checks that the file stayed the same. {@code stat} receives the first.
     * {@code whole}, when given, receives the whole file if it has at most {@link #READ_WITH_LOCATION_BYTES}
     * (read with the same checks, so it is the version the payload describes), else null. {@code noRecord}: a
     * file state whose payload record the caller found missing or not matching; when the file still shows it,
     * the record is not read again (the header read that follows is right whatever the record says).
     */
    Payload examine(String name, Path pickle, boolean locked, BasicFileAttributes[] stat, byte[][] whole,
                    BasicFileAttributes noRecord) {
        if (whole != null) {
            whole[0] = null;
        }
        BasicFileAttributes before = store.statFile(name, pickle);
        stat[0] = before;
        if (before == null) {
            return null;
        }
        Store.requireRegular(name, pickle, before);
        long size = before.size();
        boolean readAll = whole != null && size <= READ_WITH_LOCATION_BYTES;
        if (!readAll && (noRecord == null || !sameFile(noRecord, before))) {
            // The file is read anyway when it is read whole: its record would save nothing.
            Payload recorded = recorded(name, pickle, before);
            if (recorded != null) {
                return recorded;
            }
        }
        byte[] head;
        byte[] tail;
        byte[] all = null;
        try (FileChannel ch = io.openRead(pickle)) {
            if (readAll || size <= READ_WHOLE_BYTES) { // a small pickle: one read instead of two
                all = new byte[(int) size];
                readAt(ch, all, 0);
                head = java.util.Arrays.copyOf(all, (int) Math.min(PickleLayout.HEAD_BYTES, size));
                tail = java.util.Arrays.copyOfRange(all, (int) (size - Math.min(PickleLayout.TAIL_BYTES, size)),
                        (int) size);
            } else {
                head = new byte[PickleLayout.HEAD_BYTES];
                tail = new byte[PickleLayout.TAIL_BYTES];
                readAt(ch, head, 0);
                readAt(ch, tail, size - tail.length);
            }
        } catch (NoSuchFileException e) {
            return EXAMINE_AGAIN;
        } catch (IOException e) {
            throw StoreException.io(name, pickle, "cannot read payload file", e);
        }
        if (!locked) {
            BasicFileAttributes after = store.statFile(name, pickle);
            if (after == null || !sameFile(before, after)) {
                return EXAMINE_AGAIN; // replaced while we looked: look at the new one
            }
        }
        PickleLayout.Slice slice = PickleLayout.parse(head, tail, size);
        if (slice == null) {
            throw new StoreException(StoreException.Reason.CORRUPT, name, "payload file " + pickle + " of entry "
                    + EntryNames.quote(name) + " is not a complete pickle (" + size + " bytes; truncated or foreign)");
        }
        if (readAll) {
            whole[0] = all;
        }
        return new Payload(name, pickle, slice.format(), slice.offset(), slice.length(), before.fileKey(), size,
                before.lastModifiedTime().toInstant());
    }

    /**
     * The payload as its writer recorded it for exactly the file state {@code attrs} shows (opens nothing),
     * or null when the file carries no such record. No lock is needed: a rewrite in place, finished or not,
     * changes the modification time, so a matching stat shows the recorded version.
     */
    /** {@link #recorded}, remembered for the file state {@code attrs} shows (a null stat gives null). */
    Payload recordedAndCached(String name, Path pickle, BasicFileAttributes attrs) {
        Payload recorded = recorded(name, pickle, attrs);
        if (recorded != null) {
            payloadCache.putProven(name, attrs, recorded);
        }
        return recorded;
    }

    private Payload recorded(String name, Path pickle, BasicFileAttributes attrs) {
        PickleLayout.Slice slice = PayloadRecord.read(io, pickle, attrs);
        return slice == null ? null : new Payload(name, pickle, slice.format(), slice.offset(), slice.length(),
                attrs.fileKey(), attrs.size(), attrs.lastModifiedTime().toInstant());
    }

    private static void readAt(FileChannel ch, byte[] into, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new IOException("file shrank while being read");
            }
            at += n;
        }
    }

    private static boolean sameFile(BasicFileAttributes a, BasicFileAttributes b) {
        return Objects.equals(a.fileKey(), b.fileKey()) && a.size() == b.size()
                && a.lastModifiedTime().equals(b.lastModifiedTime());
    }

    /** A fresh stream over {@code length} payload bytes from {@code position} (0-based). */
    InputStream open(Payload payload, long position, long length) {
        String name = payload.entry();
        if (position < 0 || length < 0 || position + length > payload.length()) {
            throw new IllegalArgumentException("slice " + position + "+" + length + " outside payload of "
                    + payload.length() + " bytes");
        }
        Path lock = store.file(name, ".lock");
        try (EntryLocks.Held held = EntryLocks.shared(store.directory(), name, lock, store.lockTimeoutNanos())) {
            if (held != null) {
                // Under the shared lock no writer (driver or Python) can replace or rewrite the file, so the
                // file the path names after the open is the one opened: one stat proves it is the payload's.
                FileChannel ch = io.openRead(payload.file());
                if (!isPayloadFile(store.statFile(name, payload.file()), payload)) {
                    ch.close();
                    throw changed(name);
                }
                return new PayloadStream(ch, name, payload.offset() + position, length);
            }
            // No lock file: nothing excludes a writer that appears now, so the path must name the same file
            // before and after the open.
            BasicFileAttributes now = store.statFile(name, payload.file());
            if (!isPayloadFile(now, payload)) {
                throw changed(name);
            }
            FileChannel ch = io.openRead(payload.file());
            BasicFileAttributes opened = store.statFile(name, payload.file());
            if (opened == null || !sameFile(now, opened)) {
                ch.close();
                throw changed(name);
            }
            return new PayloadStream(ch, name, payload.offset() + position, length);
        } catch (NoSuchFileException e) {
            throw changed(name);
        } catch (IOException e) {
            throw StoreException.io(name, payload.file(), "cannot open payload file", e);
        }
    }

    private static boolean isPayloadFile(BasicFileAttributes now, Payload payload) {
        return now != null && Objects.equals(now.fileKey(), payload.fileKey()) && now.size() == payload.fileSize()
                && now.lastModifiedTime().toInstant().equals(payload.modified());
    }

    private static StoreException changed(String name) {
        return new StoreException(StoreException.Reason.CHANGED, name, "entry " + EntryNames.quote(name)
                + " was replaced or removed since its payload was read; read it again");
    }
}
