package org.dirdb.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Group commit for the writes of one thread: while a group is open, the directory fsync that only makes a
 * finished commit durable (the one after a single rename or unlink, which orders nothing after it) is
 * put off until the group closes, and then made once per directory. A batch of N metadata updates makes
 * N + 1 fsyncs instead of 2N.
 *
 * <p>Nothing that orders the commit protocol is put off: a temp file is still fsynced before its rename,
 * and a commit marker is still durable before the first rename it covers. So a crash at any instant
 * still leaves every entry whole, old or new; what a crash before the group's fsync may lose is changes
 * the group has not yet reported done. Other readers may see such a change before it is durable, as they
 * may between any rename and its directory fsync.
 *
 * <p>Groups nest: an inner one joins the outer, and only the outermost close syncs. A group belongs to the
 * thread that opened it and must be closed by it.
 */
public final class SyncGroup implements AutoCloseable {
    private static final ThreadLocal<SyncGroup> CURRENT = new ThreadLocal<>();

    /** A put-off fsync: the store that put it off first, and the entry whose commit it was (for messages). */
    private record Pending(Durability d, String entry) {}

    /**
     * The directories with a put-off fsync. Keyed by directory, not by store: a statement on a sub-table opens
     * a store of its own, and a batch of them must still sync that directory once.
     */
    private final Map<Path, Pending> pending;
    private final boolean outermost;
    private boolean closed;

    private SyncGroup(Map<Path, Pending> pending, boolean outermost) {
        this.pending = pending;
        this.outermost = outermost;
    }

    /** Opens a group on this thread, or joins the one already open. */
    public static SyncGroup open() {
        SyncGroup current = CURRENT.get();
        if (current != null) {
            return new SyncGroup(current.pending, false);
        }
        SyncGroup group = new SyncGroup(new LinkedHashMap<>(), true);
        CURRENT.set(group);
        return group;
    }

    /** Puts off the fsync of {@code d}'s directory when a group is open on this thread; false when none is. */
    static boolean defer(Durability d, String entry) {
        SyncGroup current = CURRENT.get();
        if (current == null) {
            return false;
        }
        current.pending.putIfAbsent(d.directory, new Pending(d, entry));
        return true;
    }

    /**
     * Makes every put-off change durable: one fsync per directory. A directory removed meanwhile (a dropped
     * sub-table: its fsync finds it gone) has nothing left to make durable; its removal was synced in its
     * parent. A failed fsync poisons its store (as any failed fsync does) and is thrown once the other
     * directories have been synced.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!outermost) {
            return;
        }
        CURRENT.remove();
        StoreException failure = null;
        for (Map.Entry<Path, Pending> e : pending.entrySet()) {
            try {
                e.getValue().d().syncDirectory(e.getValue().entry(), true);
            } catch (StoreException x) {
                if (failure == null) {
                    failure = x;
                } else {
                    failure.addSuppressed(x);
                }
            }
        }
        pending.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
