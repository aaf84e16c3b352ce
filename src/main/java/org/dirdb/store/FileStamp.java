package org.dirdb.store;

/**
 * A file's identity, size, modification time and inode change time (nanoseconds since the epoch), from one
 * stat. Any change of the file's content or attributes sets its change time to the kernel's current time,
 * and no program can set it back (unlike the modification time, which any tool can restore), so two equal
 * stamps taken after the change time lay in the past show that nothing changed in between.
 */
record FileStamp(long device, long inode, long size, long modifiedNanos, long changedNanos) {}
