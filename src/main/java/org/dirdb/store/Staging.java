package org.dirdb.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Streaming new files into locked temp files of the directory: payloads (the pickle header written last,
 * once the length is known, then the payload's place recorded in an extended attribute) and metadata, each
 * fsynced before it can be committed.
 */
final class Staging {
    private final Durability d;
    private final StorageIO io;
    private final Path directory;
    private static final int COPY_BUFFER = 1 << 20;
    /** Set once the directory's file system refused a user attribute: payloads go unrecorded. */
    private volatile boolean recordsUnsupported;

    Staging(Durability d) {
        this.d = d;
        this.io = d.io;
        this.directory = d.directory;
    }

    TempFile stagePayload(String name, PayloadChange.Write write) {
        TempFile temp = createTemp(name, "pickle");
        writePickle(name, temp, write.source(), write.length());
        return temp;
    }

    /** Streams a payload into a staged temp file; {@code name} only labels errors (null: not known). */
    StagedPayload stage(String name, java.io.InputStream source, long length) {
        d.requireWritable(name);
        TempFile temp;
        try {
            temp = TempFile.createStaged(io, directory);
        } catch (IOException e) {
            throw StoreException.io(name, directory, "cannot create a temp file in", e);
        }
        return new StagedPayload(this, temp, writePickle(name, temp, source, length));
    }

    StagedPayload duplicate(TempFile original, long length) {
        d.requireWritable(null);
        TempFile copy;
        try {
            copy = TempFile.createStaged(io, directory);
        } catch (IOException e) {
            throw StoreException.io(null, directory, "cannot create a temp file in", e);
        }
        try (FileChannel in = io.openRead(original.path)) {
            long size = in.size();
            for (long at = 0; at < size; ) {
                at += in.transferTo(at, size - at, copy.channel());
            }
            record(copy, length);
            d.force(null, copy);
            copy.closeChannel();
            return new StagedPayload(this, copy, length);
        } catch (IOException e) {
            copy.close();
            throw StoreException.io(null, copy.path, "cannot copy staged payload to", e);
        } catch (RuntimeException | Error e) {
            copy.close();
            throw e;
        }
    }

    /**
     * Records where the payload lies in the file's extended attribute ({@link PayloadRecord}), after the last
     * write and before the fsync that makes it durable with the file. Best effort: a file system without
     * user attributes is not asked again by this store.
     */
    private void record(TempFile temp, long length) {
        if (!recordsUnsupported && PayloadRecord.stamp(io, temp.path, length) == PayloadRecord.Stamp.UNSUPPORTED) {
            recordsUnsupported = true;
        }
    }

    /** Header placeholder, payload, STOP, then the real header; fsynced. Returns the payload length. */
    private long writePickle(String name, TempFile temp, java.io.InputStream source, long length) {
        try {
            temp.writeFully(PickleLayout.header(0));
            long written = copy(name, source, length, temp);
            temp.writeFully(PickleLayout.trailer());
            temp.writeFully(PickleLayout.header(written), 0);
            record(temp, written);
            d.force(name, temp);
            temp.closeChannel();
            return written;
        } catch (IOException e) {
            temp.close();
            throw StoreException.io(name, temp.path, "cannot write payload temp file", e);
        } catch (RuntimeException | Error e) {
            temp.close();
            throw e;
        }
    }

    private long copy(String name, InputStream source, long length, TempFile temp) throws IOException {
        byte[] buffer = copyBuffer((int) (length >= 0 ? Math.min(COPY_BUFFER, Math.max(length, 1)) : COPY_BUFFER));
        long total = 0;
        while (length < 0 || total < length) {
            int want = (int) (length < 0 ? buffer.length : Math.min(buffer.length, length - total));
            int n;
            try {
                n = source.read(buffer, 0, want);
            } catch (IOException e) {
                throw new StoreException(StoreException.Reason.INVALID_DATA, name,
                        "reading the payload stream " + forEntry(name) + " failed after " + total + " bytes: " + e, e);
            }
            if (n < 0) {
                if (length >= 0) {
                    throw new StoreException(StoreException.Reason.INVALID_DATA, name,
                            "the payload stream " + forEntry(name) + " ended after " + total + " of the " + length
                                    + " bytes announced");
                }
                break;
            }
            temp.writeFully(ByteBuffer.wrap(buffer, 0, n));
            total += n;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Reason.INTERRUPTED, name,
                        "writing the payload " + forEntry(name) + " was interrupted");
            }
        }
        return total;
    }

    /**
     * The calling thread's copy buffer, at least {@code size} bytes: reused from write to write, so that
     * streaming many payloads does not leave a fresh 1 MiB array behind each (which grew the young generation
     * and the process's peak RSS). Softly held: a collection under memory pressure may take it back.
     */
    private static byte[] copyBuffer(int size) {
        java.lang.ref.SoftReference<byte[]> ref = COPY_BUFFERS.get();
        byte[] buffer = ref == null ? null : ref.get();
        if (buffer == null || buffer.length < size) {
            buffer = new byte[size < 64 << 10 ? size : COPY_BUFFER]; // small payloads keep small buffers
            COPY_BUFFERS.set(new java.lang.ref.SoftReference<>(buffer));
        }
        return buffer;
    }

    private static final ThreadLocal<java.lang.ref.SoftReference<byte[]>> COPY_BUFFERS = new ThreadLocal<>();

    TempFile stageMeta(String name, String json) {
        TempFile temp = createTemp(name, "json");
        try {
            temp.writeFully(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            d.force(name, temp);
            temp.closeChannel();
            return temp;
        } catch (IOException e) {
            temp.close();
            throw StoreException.io(name, temp.path, "cannot write metadata temp file", e);
        } catch (RuntimeException | Error e) {
            temp.close();
            throw e;
        }
    }

    private TempFile createTemp(String name, String kind) {
        try {
            return TempFile.create(io, directory, name, kind);
        } catch (IOException e) {
            throw StoreException.io(name, directory, "cannot create a temp file for entry "
                    + EntryNames.quote(name) + " in", e);
        }
    }


    static String forEntry(String name) {
        return name == null ? "(staged)" : "for entry " + EntryNames.quote(name);
    }
}
