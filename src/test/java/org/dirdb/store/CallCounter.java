package org.dirdb.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The store's I/O seam, counting what statements ask the file system: {@code "open json"},
 * {@code "stat pickle"}, {@code "stat commit"}, {@code "stamp pickle"} (a stat with the change time),
 * {@code "xattr pickle"} (by the file's last extension), {@code "list"}, {@code "fsync file"} and {@code "fsync directory"}.
 * Lock-file calls go through the lock layer, not the seam, and are not counted.
 */
public final class CallCounter implements StorageIO {
    private final Map<String, Integer> calls = new TreeMap<>();

    private static String kind(Path file) {
        String f = file.getFileName().toString();
        return f.substring(f.lastIndexOf('.') + 1);
    }

    private synchronized void add(String key) {
        calls.merge(key, 1, Integer::sum);
    }

    @Override
    public FileChannel openRead(Path file) throws IOException {
        add("open " + kind(file));
        return StorageIO.super.openRead(file);
    }

    @Override
    public BasicFileAttributes stat(Path file) throws IOException {
        add("stat " + kind(file));
        return StorageIO.super.stat(file);
    }

    /** An existence check is a stat system call too: counted as one. */
    @Override
    public boolean exists(Path file) throws IOException {
        add("stat " + kind(file));
        return StorageIO.super.exists(file);
    }

    @Override
    public FileStamp stamp(Path file) throws IOException {
        add("stamp " + kind(file));
        return StorageIO.super.stamp(file);
    }

    @Override
    public byte[] getXattr(Path file, String name, int max) {
        add("xattr " + kind(file));
        return StorageIO.super.getXattr(file, name, max);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        add("list");
        return StorageIO.super.list(directory);
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        add("fsync file");
        StorageIO.super.force(channel);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        add("fsync directory");
        StorageIO.super.syncDirectory(directory);
    }

    /** The calls counted since the last call of this method, by kind; starts counting again. */
    public synchronized Map<String, Integer> taken() {
        Map<String, Integer> copy = new TreeMap<>(calls);
        calls.clear();
        return copy;
    }

    /** How many calls of one kind ({@code "open json"}) were counted. */
    public synchronized int count(String kind) {
        return calls.getOrDefault(kind, 0);
    }

    /** How many calls of {@code operation} ({@code "open"}, {@code "stat"}, {@code "list"}) were counted, on any file. */
    public synchronized int of(String operation) {
        return calls.entrySet().stream()
                .filter(e -> e.getKey().equals(operation) || e.getKey().startsWith(operation + " "))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** How many calls were counted in all. */
    public synchronized int total() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Starts counting again. */
    public synchronized void reset() {
        calls.clear();
    }
}
