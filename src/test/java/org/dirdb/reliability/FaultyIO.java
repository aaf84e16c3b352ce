package org.dirdb.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dirdb.store.StorageIO;

/**
 * The store's I/O seam with one fault: the n-th mutating call fails the way the disk would fail at that
 * point (ENOSPC for creating and writing, EIO for fsync, rename and unlink), and every mutating call is
 * recorded by kind. Counting starts at {@link #arm()}. With {@code failAt == 0} it fails nothing and
 * only counts, which tells how many write points a path has. In short-write mode every write transfers at
 * most 7 bytes and nothing fails.
 */
public final class FaultyIO implements StorageIO {
    private final int failAt;
    private final boolean failAfter;
    private final boolean shortWrites;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> points = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean armed;
    private volatile String failedPoint;

    private FaultyIO(int failAt, boolean failAfter, boolean shortWrites) {
        this.failAt = failAt;
        this.failAfter = failAfter;
        this.shortWrites = shortWrites;
    }

    /** Fails the {@code n}-th mutating call after {@link #arm()} (1-based); 0 fails none. */
    public static FaultyIO failingAt(int n) {
        return new FaultyIO(n, false, false);
    }

    /**
     * Fails the {@code n}-th mutating call after {@link #arm()} (1-based) and every one after it, as a disk
     * that goes read-only does; {@link #failedPoint()} is the first that failed.
     */
    public static FaultyIO failingFrom(int n) {
        return new FaultyIO(n, true, false);
    }

    /** Writes at most 7 bytes per call and never fails. */
    public static FaultyIO shortWrites() {
        return new FaultyIO(0, false, true);
    }

    /** Starts counting (set-up writes before it are not counted). */
    public FaultyIO arm() {
        calls.set(0);
        points.clear();
        armed = true;
        return this;
    }

    /** The kinds of the mutating calls made since {@link #arm()}, in order. */
    public List<String> points() {
        return List.copyOf(points);
    }

    /** The kind of the call that failed, or null. */
    public String failedPoint() {
        return failedPoint;
    }

    private void point(String kind) throws IOException {
        if (!armed) {
            return;
        }
        int n = calls.incrementAndGet();
        points.add(kind);
        if (n == failAt || failAfter && failAt > 0 && n > failAt) {
            if (n == failAt) {
                failedPoint = kind;
            }
            String errno = kind.startsWith("create") || kind.startsWith("write") ? "No space left on device"
                    : "Input/output error";
            throw new IOException("injected fault at " + kind + " (#" + n + "): " + errno);
        }
    }

    @Override
    public FileChannel createNew(Path file) throws IOException {
        point("create");
        return StorageIO.super.createNew(file);
    }

    @Override
    public int write(FileChannel channel, ByteBuffer source) throws IOException {
        point("write");
        if (!shortWrites) {
            return StorageIO.super.write(channel, source);
        }
        ByteBuffer part = sevenBytesOf(source);
        int n = channel.write(part);
        source.position(source.position() + n);
        return n;
    }

    @Override
    public int write(FileChannel channel, ByteBuffer source, long position) throws IOException {
        point("write-at");
        if (!shortWrites) {
            return StorageIO.super.write(channel, source, position);
        }
        ByteBuffer part = sevenBytesOf(source);
        int n = channel.write(part, position);
        source.position(source.position() + n);
        return n;
    }

    /**
     * A direct write moves whole aligned blocks only, so in short-write mode it writes what it was given and
     * reports at most 7 bytes of it: the caller must go on from there as after any short write.
     */
    @Override
    public int writeDirect(FileChannel channel, ByteBuffer source, long position) throws IOException {
        point("write-direct");
        if (!shortWrites) {
            return StorageIO.super.writeDirect(channel, source, position);
        }
        int start = source.position();
        int n = Math.min(StorageIO.super.writeDirect(channel, source, position), 7);
        source.position(start + n);
        return n;
    }

    private static ByteBuffer sevenBytesOf(ByteBuffer source) {
        ByteBuffer part = source.slice();
        part.limit(Math.min(part.remaining(), 7));
        return part;
    }

    @Override
    public void createSymbolicLink(Path link, String target) throws IOException {
        point("create-marker");
        StorageIO.super.createSymbolicLink(link, target);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        point("create-marker");
        StorageIO.super.createLink(link, existing);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        point("fsync");
        StorageIO.super.force(channel);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        point("rename");
        StorageIO.super.atomicMove(source, target);
    }

    @Override
    public boolean deleteIfExists(Path file) throws IOException {
        point("unlink");
        return StorageIO.super.deleteIfExists(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        point("fsync-dir");
        StorageIO.super.syncDirectory(directory);
    }
}
