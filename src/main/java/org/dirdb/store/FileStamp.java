package org.dirdb.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A file's identity, size, modification time and inode change time (nanoseconds since the epoch), from one
 * stat. Any change of the file's content or attributes sets its change time to the kernel's current time,
 * and no program can set it back (unlike the modification time, which any tool can restore), so two equal
 * stamps taken after the change time lay in the past show that nothing changed in between.
 */
record FileStamp(long device, long inode, long size, long modifiedNanos, long changedNanos) {

    /**
     * The stamp of {@code file}, not following links; null when it does not exist. Through {@code statx}
     * ({@link NativeFiles}) where JNA is already loaded, else through the JDK's attribute map; both report the
     * device as the JDK's stat does, so stamps of either kind compare.
     */
    static FileStamp of(Path file) throws IOException {
        if (JnaState.loaded()) {
            FileStamp stamp = NativeFiles.stamp(file);
            if (stamp != NativeFiles.UNAVAILABLE_STAMP) {
                return stamp;
            }
        }
        return ofJdk(file);
    }

    /** {@link #of} through the JDK's attribute map. */
    static FileStamp ofJdk(Path file) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        return new FileStamp((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
    }

    // Written out: a record's generated equals runs through a method handle, which costs a statement's
    // first, interpreted runs more than the comparison itself.
    @Override
    public boolean equals(Object o) {
        return o instanceof FileStamp s && device == s.device && inode == s.inode && size == s.size
                && modifiedNanos == s.modifiedNanos && changedNanos == s.changedNanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(inode) * 31 + Long.hashCode(changedNanos);
    }
}
