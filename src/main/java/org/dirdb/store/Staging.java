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
    /**
     * The copy buffer of a direct write, which only passes the stream on to the writer's own chunk buffers:
     * small, so that writing around the page cache adds as little memory as it can.
     */
    private static final int DIRECT_STAGING_BUFFER = 128 << 10;
    /** Set once the directory's file system refused a user attribute: payloads go unrecorded. */
    private volatile boolean recordsUnsupported;
    /** Set once direct writes turned out not to be possible in this directory. */
    private volatile boolean directUnavailable;
    /** The alignment of direct writes here, once known ({@link #directAlignment}); -1 before. */
    private volatile int alignment = -1;

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

    /**
     * Header placeholder, payload, STOP, then the real header; fsynced. Returns the payload length. Big
     * payloads go around the page cache when the store allows it ({@link DirectPickleWriter}).
     */
    private long writePickle(String name, TempFile temp, InputStream source, long length) {
        DirectPickleWriter direct = directWriter(temp, length);
        // the direct writer is closed (its chunk in flight awaited) before a failure deletes the temp file
        try (DirectPickleWriter closing = direct) {
            long written;
            if (direct != null) {
                direct.put(PickleLayout.header(0).array(), 0, PickleLayout.WRITTEN_HEADER);
                written = copy(name, source, length, DIRECT_STAGING_BUFFER, direct::put);
                direct.put(PickleLayout.trailer().array(), 0, PickleLayout.WRITTEN_TRAILER);
                direct.finish(PickleLayout.header(written).array());
            } else {
                temp.writeFully(PickleLayout.header(0));
                written = copy(name, source, length, COPY_BUFFER,
                        (b, off, n) -> temp.writeFully(ByteBuffer.wrap(b, off, n)));
                temp.writeFully(PickleLayout.trailer());
                temp.writeFully(PickleLayout.header(written), 0);
            }
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

    /**
     * A direct writer for a payload of {@code length} bytes (negative: not known), or null to write through
     * the page cache: without fsync (the cache is then the fast path), for a payload known to be below
     * {@link StoreOptions#directWriteMin}, and where the file system is not a local disk or refuses direct
     * I/O (then not asked again).
     */
    private DirectPickleWriter directWriter(TempFile temp, long length) {
        long minimum = d.store.options().directWriteMin();
        if (!d.sync || minimum == 0 || (length >= 0 && length < minimum) || directUnavailable) {
            return null;
        }
        int alignment = this.alignment;
        if (alignment < 0) {
            alignment = directAlignment(); // the file system's mount table is read once, not per write
            this.alignment = alignment;
        }
        if (alignment == 0) {
            return null;
        }
        int chunk = (int) Math.min(StoreOptions.DIRECT_CHUNK, (Math.max(minimum, alignment) + alignment - 1)
                / alignment * alignment);
        DirectPickleWriter writer = DirectPickleWriter.open(io, temp, alignment, chunk);
        if (writer == null) {
            directUnavailable = true;
        }
        return writer;
    }

    /**
     * The alignment of direct writes in this directory: its file system's block size, at least a page; 0
     * where direct writes are not used (not a local disk file system, or an unusual block size).
     */
    private int directAlignment() {
        try {
            java.nio.file.FileStore store = java.nio.file.Files.getFileStore(directory);
            if (!LocalFileSystems.onDisk(store)) {
                return 0;
            }
            long size = Math.max(4096, store.getBlockSize());
            return Long.bitCount(size) == 1 && size <= StoreOptions.DIRECT_CHUNK ? (int) size : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Where {@link #copy} puts what it read. */
    private interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    private long copy(String name, InputStream source, long length, int bufferSize, Sink sink) throws IOException {
        byte[] buffer = copyBuffer((int) (length >= 0 ? Math.min(bufferSize, Math.max(length, 1)) : bufferSize));
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
            sink.write(buffer, 0, n);
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
            // small payloads keep small buffers, and so do direct writes
            buffer = new byte[size < 64 << 10 ? size : size <= DIRECT_STAGING_BUFFER ? DIRECT_STAGING_BUFFER : COPY_BUFFER];
            COPY_BUFFERS.set(new java.lang.ref.SoftReference<>(buffer));
        }
        return buffer;
    }

    private static final ThreadLocal<java.lang.ref.SoftReference<byte[]>> COPY_BUFFERS = new ThreadLocal<>();

    /**
     * Writes and fsyncs new metadata into a temp file. With {@code pickleTemp}, the payload temp file the same
     * commit renames into place, the file also carries that commit's marker text in an attribute, so that the
     * marker can be a hard link to it ({@link CommitRecord}).
     */
    TempFile stageMeta(String name, String json, TempFile pickleTemp) {
        TempFile temp = createTemp(name, "json");
        try {
            temp.writeFully(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            if (pickleTemp != null) {
                carryMarker(temp, CommitRecord.marker(name, pickleTemp.path.getFileName().toString(),
                        temp.path.getFileName().toString()));
            }
            d.force(name, temp); // fsync, not fdatasync: the attribute must be durable before the marker is made
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

    /**
     * Sets the marker text as the metadata temp file's attribute, before its fsync. Where that fails, the
     * commit makes a symbolic link instead; a file system that keeps no user attributes is not asked again.
     */
    private void carryMarker(TempFile temp, String text) {
        if (!d.linkMarkers) {
            return;
        }
        try {
            io.setXattr(temp.path, CommitRecord.MARKER_ATTRIBUTE, text.getBytes(StandardCharsets.US_ASCII));
            temp.commitMarker = text;
        } catch (UnsupportedOperationException e) {
            d.linkMarkers = false;
        } catch (IOException | RuntimeException e) {
            // no attribute (no room for it, an error of the call): this commit's marker is a symbolic link
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
