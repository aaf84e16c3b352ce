package org.dirdb.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A directory opened as a dirdb database. Entry {@code NAME} is {@code NAME.pickle} (payload, a Python
 * pickle), an optional {@code NAME.json} (metadata, a JSON object) and {@code NAME.lock} (its lock file).
 * An entry exists when its {@code .pickle} or its {@code .json} exists.
 *
 * <p><b>Durability.</b> Every replacement is temp file, fsync, rename, fsync of the directory; a write
 * that changes payload and metadata together goes through a per-entry {@link CommitRecord}, so a crash
 * at any instant leaves every entry whole, old or new. Interrupted commits are finished, and temp files
 * of dead writers removed, under the entry lock, before the entry is next used (and for all entries when
 * a store opens). After a failed fsync the store refuses writes until it is reopened: the kernel may
 * have dropped the unwritten pages, so retrying could report success for lost data.
 *
 * <p><b>Locking.</b> {@code flock(2)} on {@code NAME.lock} behind an in-JVM lock table
 * ({@link EntryLocks}), which excludes other threads, other JVMs and Python's {@code filelock}. Writers
 * hold the exclusive lock only to read-modify-write and commit, never while a payload streams into its
 * temp file. Readers hold the shared lock while they open an entry's files (and read metadata), so they
 * wait for a Python writer, which writes in place, but never for a long upload.
 *
 * <p>Thread-safe. No JDBC and no SQL in this package.
 */
public final class Store implements AutoCloseable {
    /** Metadata files larger than this are refused rather than read into memory. */
    static final long MAX_META_BYTES = 64L << 20;

    private final Path directory;
    private final StoreOptions options;
    private final StorageIO io;
    private final long lockTimeoutNanos;
    private final Durability durability;
    private final Staging staging;
    private final Commits commits;
    private final SubDatabases subs;
    private final EntryWriter writer;
    /** What this store remembers of what it read, and the watch that says what is still current. */
    private final ReadCaches caches;
    /** Reads of small files that need no lock. */
    private final UnlockedRead unlocked;
    /** Where payloads lie, and their streams. */
    private final PayloadReads payloads;
    private final ChangeJournal journal;
    private final SettledCache<String> metaCache;
    private final SettledCache<Payload> payloadCache;
    /** Whether this store has listed before: the second listing starts the watch, so repeats come from memory. */
    private volatile boolean listedBefore;
    private volatile boolean closed;

    private Store(Path directory, StoreOptions options) {
        this.directory = directory;
        this.options = options;
        this.io = options.io();
        this.lockTimeoutNanos = options.lockTimeout().toNanos();
        this.durability = new Durability(this);
        this.staging = new Staging(durability);
        this.commits = new Commits(durability);
        this.subs = new SubDatabases(durability);
        this.writer = new EntryWriter(durability, staging, commits);
        this.caches = new ReadCaches(this, directory, io, options.watch());
        this.journal = caches.journal();
        this.unlocked = new UnlockedRead(directory, io, !options.lockReads(), journal::watching);
        this.payloads = new PayloadReads(this, caches, unlocked);
        this.metaCache = caches.meta;
        this.payloadCache = caches.payloads;
    }

    /**
     * What every read of an entry named by a statement does first: checks the store and the name, takes in
     * the changes reported so far, and finishes the entry's interrupted commit.
     */
    private void startRead(String name) {
        checkOpen();
        EntryNames.requireSafe(name);
        journal.refresh();
        recoverIfPending(name);
    }

    /**
     * Finishes the entry's interrupted commit, if it has one, before a statement reads it. While the journal
     * watches, an entry found without a commit record is not checked again until a change of it is reported
     * (a commit record's creation is one).
     */
    private void recoverIfPending(String name) {
        if (options.readOnly()) {
            return;
        }
        boolean watching = journal.start();
        if (watching && caches.knownWithoutCommit(name)) {
            return;
        }
        long since = journal.epoch();
        commits.recoverIfPending(name);
        if (watching) {
            caches.withoutCommit(name, since);
        }
    }

    /** A stat of an entry's file ({@code json}: {@code NAME.json}), kept while the journal watches. */
    private BasicFileAttributes entryStat(String name, boolean json) {
        return caches.stat(name, json, () -> statFile(name, file(name, json ? ".json" : ".pickle")));
    }

    /**
     * Opens (and, if allowed, creates) a directory; finishes interrupted commits and removes strays. Native
     * locking is loaded at the first lock, so a store that only lists starts fast; on a platform without
     * {@code flock} every locking operation fails with {@code UNSUPPORTED}.
     */
    public static Store open(Path directory, StoreOptions options) {
        return open(directory, options, true);
    }

    private static Store open(Path directory, StoreOptions options, boolean recoverAll) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            if (!Files.exists(absolute)) {
                if (!options.create() || options.readOnly()) {
                    throw new StoreException(StoreException.Reason.NOT_FOUND, null,
                            "no database directory at " + absolute + " (create=false)");
                }
                Files.createDirectories(absolute);
            }
            if (!Files.isDirectory(absolute)) {
                throw new StoreException(StoreException.Reason.NOT_FOUND, null,
                        absolute + " is not a directory");
            }
            Store store = new Store(absolute.toRealPath(), options);
            if (!options.readOnly() && recoverAll) {
                store.openingPass();
            }
            return store;
        } catch (IOException e) {
            throw StoreException.io(null, absolute, "cannot open database directory", e);
        }
    }

    /**
     * The pass of {@link #open}: one listing of the directory, in which {@link Commits#recoverAll} finds what
     * interrupted writers left. When there was nothing to recover and the watch runs (started before the
     * listing, so any change made since is reported and forgets what is kept), the entry names are kept as
     * the listing of this store's first statement, which then does not read the directory again.
     */
    private void openingPass() {
        boolean watching = journal.watching() || journal.start(false);
        long since = journal.epoch();
        List<String> files;
        try {
            files = io.list(directory);
        } catch (IOException e) {
            throw StoreException.io(null, directory, "cannot list", e);
        }
        boolean clean = commits.recoverAll(files);
        if (watching && clean) {
            List<String> unfinished = new ArrayList<>();
            HashSet<String> names = entryNames(files, unfinished);
            // A commit record of an unsafe name is left by recovery; list() keeps no listing beside one.
            if (unfinished.isEmpty()) {
                caches.keepListing(sortedNames(names), since);
            }
        }
    }

    /**
     * A number that stays the same for as long as no change to any entry is reported, after taking in every
     * change reported so far: two calls that return the same number saw the same entries, so whatever was
     * read from them in between can be reused. -1 where changes are not watched (nothing may be reused).
     */
    public long changeVersion() {
        checkOpen();
        journal.start(false);
        journal.refresh();
        return journal.watching() ? journal.epoch() : -1;
    }

    /** The real path of the directory. */
    public Path directory() {
        return directory;
    }

    public StoreOptions options() {
        return options;
    }

    /**
     * Entry names in {@link String} order. Lists the directory and opens no file; only an entry with
     * an interrupted commit is recovered first, so that it is listed as it committed.
     */
    public List<String> list() {
        checkOpen();
        journal.refresh();
        String[] known = caches.listing();
        if (known != null) {
            return java.util.Collections.unmodifiableList(java.util.Arrays.asList(known));
        }
        // The first listing starts the watch only where the native code is loaded already: a store that lists
        // once (a command line query) would pay for loading it and never use it.
        boolean watching = journal.watching() || journal.start(listedBefore);
        listedBefore = true;
        long since = journal.epoch();
        List<String> unfinished = new ArrayList<>();
        HashSet<String> names;
        try {
            names = entryNames(io.list(directory), unfinished);
        } catch (IOException e) {
            throw StoreException.io(null, directory, "cannot list", e);
        }
        for (String name : unfinished) {
            if (EntryNames.isSafe(name) && !options.readOnly()) {
                commits.recoverIfPending(name); // a marker whose renames are done waits for nothing
                if (stat(name) == null) {
                    names.remove(name);
                } else {
                    names.add(name);
                }
            }
        }
        String[] sorted = sortedNames(names);
        if (watching && unfinished.isEmpty()) {
            caches.keepListing(sorted, since);
        }
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(sorted));
    }

    /**
     * The valid entry names among the files of a listing; the entries of pending commit records go to
     * {@code unfinished}. A hash set, sorted once at the end: a tree set's ordered inserts cost twice as much
     * on large listings.
     */
    private static HashSet<String> entryNames(List<String> files, List<String> unfinished) {
        HashSet<String> names = new HashSet<>();
        for (String f : files) {
            if (f.startsWith(".")) {
                String pending = CommitRecord.entryOf(f);
                if (pending != null) {
                    unfinished.add(pending);
                }
                continue;
            }
            String name = stem(f);
            // Checked once per entry, not per file: its other file finds the name in the set.
            if (name != null && names.add(name) && !EntryNames.isSafe(name)) {
                names.remove(name);
            }
        }
        return names;
    }

    private static String[] sortedNames(HashSet<String> names) {
        String[] sorted = names.toArray(new String[0]);
        java.util.Arrays.sort(sorted);
        return sorted;
    }

    private static String stem(String fileName) {
        // The suffix first: a lock file, a third of a listing, is passed over without a scan of its name.
        int suffix = fileName.endsWith(".pickle") ? ".pickle".length()
                : fileName.endsWith(".json") ? ".json".length() : -1;
        if (suffix < 0 || fileName.indexOf('\uFFFD') >= 0) {
            return null; // a name that is not valid in the JVM's file-name encoding cannot be opened again
        }
        return fileName.substring(0, fileName.length() - suffix);
    }

    /**
     * Names of the sub-databases: real subdirectories (symbolic links are not followed) whose names are
     * valid, sorted. Names ending in {@code .pickle}, {@code .json} or {@code .lock} are taken for entry
     * files and not examined, so a listing stats only the few other names.
     */
    public List<String> subdirectories() {
        checkOpen();
        TreeSet<String> names = new TreeSet<>();
        try {
            for (String f : io.list(directory)) {
                if (f.startsWith(".") || f.endsWith(".pickle") || f.endsWith(".json") || f.endsWith(".lock")
                        || f.indexOf('\uFFFD') >= 0 || !EntryNames.isSafe(f)) {
                    continue;
                }
                BasicFileAttributes attrs = statFile(f, directory.resolve(f));
                if (attrs != null && attrs.isDirectory()) {
                    names.add(f);
                }
            }
        } catch (IOException e) {
            throw StoreException.io(null, directory, "cannot list", e);
        }
        return new ArrayList<>(names);
    }

    /** Opens the existing sub-database {@code name} with this store's options. */
    public Store sub(String name) {
        checkOpen();
        EntryNames.requireSafe(name);
        Path sub = directory.resolve(name);
        BasicFileAttributes attrs = statFile(name, sub);
        if (attrs == null || !attrs.isDirectory()) {
            String what = attrs == null ? "does not exist" : attrs.isSymbolicLink()
                    ? "is a symbolic link, which is never followed" : "is a file";
            throw new StoreException(StoreException.Reason.NOT_FOUND, name,
                    "sub-database " + EntryNames.quote(name) + " of " + directory + " " + what);
        }
        // No open-time pass over the whole subdirectory: every entry is still recovered under its lock before
        // it is used, so a statement on one entry of a sub-table does not list the sub-table; strays of dead
        // writers there are removed when the sub-database is opened as a store of its own.
        // Nor a watch: a statement opens a sub-database's store for itself and does not close it, and the
        // statement is over before a watch would pay for itself; its reads are checked with a stat.
        return open(sub, options.withCreate(false).withWatch(false), false);
    }

    /** Creates the sub-database {@code name} (a subdirectory), durably; {@code EXISTS} if it is there. */
    public void createSub(String name) {
        checkOpen();
        subs.createSub(name);
    }

    /**
     * Drops the sub-database {@code name}: deletes its entries and the directory, but only when it holds
     * nothing but dirdb entries ({@code NOT_EMPTY} otherwise, and nothing is deleted). False when missing.
     */
    public boolean dropSub(String name) {
        checkOpen();
        return subs.dropSub(name);
    }

    /** A stat of the entry's files, or null when the entry does not exist. Opens no file. */
    public EntryStat stat(String name) {
        startRead(name);
        return statOf(name, entryStat(name, false), entryStat(name, true));
    }

    EntryStat statOf(String name, BasicFileAttributes pickle, BasicFileAttributes json) {
        if (pickle == null && json == null) {
            return null;
        }
        Instant modified = later(pickle, json);
        return new EntryStat(name, pickle != null, json != null, pickle == null ? -1 : pickle.size(), modified);
    }

    private static Instant later(BasicFileAttributes a, BasicFileAttributes b) {
        if (a == null) {
            return b.lastModifiedTime().toInstant();
        }
        if (b == null) {
            return a.lastModifiedTime().toInstant();
        }
        Instant x = a.lastModifiedTime().toInstant();
        Instant y = b.lastModifiedTime().toInstant();
        return x.isAfter(y) ? x : y;
    }

    /**
     * The metadata JSON text, or null when the entry has none. Reads only {@code NAME.json}; a text read
     * before is returned after a single stat shows the file unchanged ({@link SettledCache}).
     */
    public String readMeta(String name) {
        startRead(name);
        Path json = file(name, ".json");
        return readMeta(name, json, entryStat(name, true));
    }

    /**
     * {@link #readMeta} given a stat of {@code NAME.json} taken just now (null: it does not exist), and its path
     * (null: made here if the file must be read).
     */
    private String readMeta(String name, Path jsonOrNull, BasicFileAttributes now) {
        if (now == null) {
            metaCache.forget(name);
            return null;
        }
        String cached = metaCache.get(name, now);
        if (cached != null) {
            return cached;
        }
        return readMetaShared(name, jsonOrNull != null ? jsonOrNull : file(name, ".json"), now).text();
    }

    /** A metadata text as read, with the stat of the file taken for that read. */
    private record MetaRead(String text, BasicFileAttributes attrs) {}

    /**
     * Reads {@code NAME.json} and caches it: without the lock when the bytes prove one whole version
     * ({@link UnlockedRead}; {@code statedNow}, a stat this statement took, or null), else under the shared lock.
     * Without a lock file the locked read is unlocked and checked afterwards ({@link #underSharedLock} reads
     * again, locked, if a lock file appeared): what it returns is then as final as a locked read. While the
     * journal watches, that is enough to cache it (any later change is reported); a stat could not vouch for
     * it, so otherwise only locked reads (and proven whole ones) are cached.
     */
    private MetaRead readMetaShared(String name, Path json, BasicFileAttributes statedNow) {
        long since = journal.epoch();
        long readAt = System.currentTimeMillis();
        UnlockedRead.Result<String> quick = unlocked.read(json, (int) Math.min(MAX_META_BYTES, Integer.MAX_VALUE),
                statedNow,
                read -> JsonObjects.isObject(read.bytes()) ? new String(read.bytes(), StandardCharsets.UTF_8) : null);
        if (quick != null) {
            // One whole version, as final as a locked read (UnlockedRead): cached the same way.
            caches.keep(metaCache, true, name, quick.attrs(), quick.value(), since, readAt);
            return new MetaRead(quick.value(), quick.attrs());
        }
        boolean[] locked = new boolean[1];
        MetaRead read = underSharedLock(name, held -> {
            locked[0] = held;
            BasicFileAttributes before = statFile(name, json);
            return new MetaRead(readMetaFile(name, json, before), before);
        });
        if (locked[0] || journal.watching()) {
            caches.keep(metaCache, true, name, read.attrs(), read.text(), since, readAt);
        }
        return read;
    }

    /**
     * One entry as one statement looks at it: the pending-commit check is made once (or not at all for a
     * name {@link #list} returned just now, which recovered every entry with a pending commit), each file
     * is stat-ed at most once, and that stat is what validates the cached metadata and payload location.
     * The methods read as {@link #stat}, {@link #readMeta}, {@link #payload} and {@link #readVersion} do,
     * with the same locks; a lookup is not a snapshot, only a way to ask the file system each question once.
     * Not thread-safe; meant to live as long as one row.
     */
    public final class Lookup {
        private final String name;
        private Path pickle;
        private Path json;
        private BasicFileAttributes pickleAttrs;
        private BasicFileAttributes jsonAttrs;
        private boolean pickleStatted;
        private boolean jsonStatted;
        private String meta;
        private boolean metaRead;
        private Payload payload;
        private boolean payloadRead;
        /** A failed eager read, raised when the value is asked for. */
        private StoreException metaFailure;
        private StoreException payloadFailure;
        /** The payload {@link #payloadToRead} or {@link #versionToRead} last handed out, and its file's bytes. */
        private Payload readWith;
        private byte[] readBytes;

        private Lookup(String name) {
            this.name = name;
        }

        /** The paths are made when first needed: a listed row usually needs one of the two. */
        private Path pickle() {
            if (pickle == null) {
                pickle = file(name, ".pickle");
            }
            return pickle;
        }

        private Path json() {
            if (json == null) {
                json = file(name, ".json");
            }
            return json;
        }

        public String name() {
            return name;
        }

        private BasicFileAttributes pickleAttrs() {
            if (!pickleStatted) {
                // With the path this lookup reads the file by, if it does: made once per row.
                pickleAttrs = caches.stat(name, false, () -> statFile(name, pickle()));
                pickleStatted = true;
            }
            return pickleAttrs;
        }

        private BasicFileAttributes jsonAttrs() {
            if (!jsonStatted) {
                jsonAttrs = caches.stat(name, true, () -> statFile(name, json()));
                jsonStatted = true;
            }
            return jsonAttrs;
        }

        /**
         * Whether the entry exists: one stat when the file tried first exists. {@code metaFirst} tries
         * {@code NAME.json} first (for a statement that reads the metadata next, whose cache that stat validates).
         * {@code eager}: the statement reads that file's column of every entry that exists (its WHERE does, say);
         * when nothing is cached for it, it is then read at once, and the stat taken for that read answers this.
         */
        public boolean exists(boolean metaFirst, boolean eager) {
            checkOpen();
            if (!eager) {
                // stat only: the column may never be read (OFFSET, LIMIT, a column the application skips)
            } else if (metaFirst && !jsonStatted && !metaCache.has(name)) {
                // Nothing cached to validate: read the metadata right away, and let the stat taken for that read
                // answer existence too, instead of a stat before it that a locked read could not use.
                // A file that cannot be read fails when its value is asked for, as it would without this.
                try {
                    readMetaNow();
                } catch (StoreException e) {
                    metaFailure = e;
                }
            } else if (!metaFirst && !pickleStatted && !payloadCache.has(name)) {
                try {
                    examinePayloadNow(); // the same for the payload's location
                } catch (StoreException e) {
                    payloadFailure = e;
                }
            }
            return metaFirst ? jsonAttrs() != null || pickleAttrs() != null
                    : pickleAttrs() != null || jsonAttrs() != null;
        }

        private void examinePayloadNow() {
            // A payload the store wrote says where it lies in an attribute that a stat validates: no lock,
            // no open. Anything else is examined (PayloadReads#examineShared).
            BasicFileAttributes now = pickleStatted ? pickleAttrs : caches.stat(name, false, () -> statFile(name, pickle()));
            Payload recorded = payloads.recordedAndCached(name, pickle(), now);
            if (recorded != null) {
                payload = recorded;
                pickleAttrs = now;
                pickleStatted = true;
                payloadRead = true;
                return;
            }
            BasicFileAttributes[] seen = new BasicFileAttributes[1];
            payload = payloads.examineShared(name, pickle(), seen, null, now, now);
            pickleAttrs = seen[0];
            pickleStatted = true;
            payloadRead = true;
        }

        private void readMetaNow() {
            MetaRead read = readMetaShared(name, json(), null);
            meta = read.text();
            jsonAttrs = read.attrs();
            jsonStatted = true;
            metaRead = true;
        }

        /** As {@link Store#stat}. */
        public EntryStat stat() {
            checkOpen();
            return statOf(name, pickleAttrs(), jsonAttrs());
        }

        /** As {@link Store#readMeta}. */
        public String meta() {
            checkOpen();
            if (metaFailure != null) {
                StoreException failure = metaFailure;
                metaFailure = null; // raised once: a second call reads again
                throw failure;
            }
            if (!metaRead && !jsonStatted && !metaCache.has(name)) {
                readMetaNow(); // nothing cached: the read takes its own stat
            }
            if (metaRead) {
                metaRead = false; // handed out once: a second call reads again, as Store#readMeta does
                return meta;
            }
            return Store.this.readMeta(name, json, jsonAttrs()); // the path is made only if the file is read
        }

        /** As {@link Store#payload}. */
        public Payload payload() {
            checkOpen();
            if (payloadFailure != null) {
                StoreException failure = payloadFailure;
                payloadFailure = null;
                throw failure;
            }
            if (!payloadRead && !pickleStatted && !payloadCache.has(name)) {
                examinePayloadNow(); // nothing cached: the examination takes its own stat
            }
            if (payloadRead) {
                payloadRead = false; // handed out once, as meta()
                return payload;
            }
            return payloads.payload(name, pickle(), pickleAttrs());
        }

        /** As {@link Store#readVersion}. */
        public Version version() {
            checkOpen();
            return readVersionRecovered(name);
        }

        /**
         * As {@link #payload()}, for a caller that reads the bytes next. A payload file of at most 64 KiB is read
         * whole by the read that locates the payload (without the lock where {@link UnlockedRead} proves it whole,
         * else under the shared lock), and {@link #takeRead} serves it from memory: no second open and stat to
         * stream it. Otherwise (a larger file whose location is cached, a payload already located, or a cached
         * location when every read must lock) nothing more is read and the bytes are opened as usual with
         * {@link Store#openPayload}.
         */
        public Payload payloadToRead() {
            checkOpen();
            forgetRead();
            if (payloadRead || pickleStatted && pickleAttrs == null) {
                return payload();
            }
            long known = payloadCache.knownSize(name);
            if (known > PayloadReads.READ_WITH_LOCATION_BYTES || known >= 0 && !unlocked.enabled()) {
                // A cached location: streamed from it. A small payload is read again instead where that needs
                // no lock (UnlockedRead): four calls, against the lock, open and stat that streaming costs.
                return payload();
            }
            BasicFileAttributes[] seen = new BasicFileAttributes[1];
            byte[][] whole = new byte[1][];
            Payload located = payloads.examineShared(name, pickle(), seen, whole, null,
                    pickleStatted ? pickleAttrs : null);
            if (!pickleStatted) {
                pickleAttrs = seen[0];
                pickleStatted = true;
            }
            remember(located, whole[0]);
            return located;
        }

        /** As {@link #version()}, for a caller that reads the payload's bytes next (see {@link #payloadToRead}). */
        public Version versionToRead() {
            checkOpen();
            forgetRead();
            byte[][] whole = new byte[1][];
            Version version = readVersionRecovered(name, whole);
            remember(version.payload(), whole[0]);
            return version;
        }

        /**
         * A stream over the bytes of {@code payload}, when it is the payload {@link #payloadToRead} or
         * {@link #versionToRead} just handed out and they read its file: the version that call located, read
         * with it. Once; null otherwise (then open it with {@link Store#openPayload}).
         */
        public InputStream takeRead(Payload payload) {
            if (payload == null || payload != readWith) {
                return null;
            }
            byte[] bytes = readBytes;
            forgetRead();
            return new java.io.ByteArrayInputStream(bytes, (int) payload.offset(), (int) payload.length());
        }

        private void remember(Payload located, byte[] bytes) {
            if (located != null && bytes != null) {
                readWith = located;
                readBytes = bytes;
            }
        }

        private void forgetRead() {
            readWith = null;
            readBytes = null;
        }
    }

    /** A {@link Lookup} of an entry named by a statement: checks for a pending commit first, as every read does. */
    public Lookup lookup(String name) {
        startRead(name);
        return new Lookup(name);
    }

    /**
     * A {@link Lookup} of a name that {@link #list} returned during the current statement. The listing has
     * already finished every commit pending then (it sees their markers), so no per-entry check is made; a
     * commit interrupted after the listing is found by the next statement, just as one interrupted right
     * after a per-entry check would be.
     */
    public Lookup lookupListed(String name) {
        checkOpen();
        return new Lookup(name);
    }

    /** An entry's metadata and payload location as one version of it. */
    public record Version(String meta, Payload payload) {}

    /**
     * Metadata and payload location read under one shared lock, so that they belong to the same version of
     * the entry (a writer commits both under the exclusive lock). For rows that show both.
     */
    public Version readVersion(String name) {
        startRead(name);
        return readVersionRecovered(name);
    }

    private Version readVersionRecovered(String name) {
        return readVersionRecovered(name, null);
    }

    /** {@link #readVersionRecovered}; {@code whole}, when given, as {@link PayloadReads#examine} fills it (under the same lock). */
    private Version readVersionRecovered(String name, byte[][] whole) {
        Path json = file(name, ".json");
        Path pickle = file(name, ".pickle");
        return underSharedLock(name, locked -> {
            Payload payload = payloads.examine(name, pickle, locked, new BasicFileAttributes[1], whole, null);
            return payload == PayloadReads.EXAMINE_AGAIN ? AGAIN : new Version(readMetaFile(name, json), payload);
        });
    }

    /** Returned by a read under {@link #underSharedLock} that saw a file being replaced: read again. */
    private static final Object AGAIN = new Object();

    /**
     * Runs {@code read} under the entry's shared lock (its argument says whether a lock file existed to
     * lock) and returns its value. No lock file means no Python writer had ever locked the entry; if one
     * appeared meanwhile, a writer may have been rewriting files in place, so the read runs again, locked.
     * It also runs again while it returns {@link #AGAIN} or {@code EXAMINE_AGAIN}.
     */
    @SuppressWarnings("unchecked")
    <T> T underSharedLock(String name, java.util.function.Function<Boolean, Object> read) {
        Path lock = file(name, ".lock");
        for (int attempt = 0; ; attempt++) {
            try (EntryLocks.Held held = EntryLocks.shared(directory, name, lock, lockTimeoutNanos)) {
                Object value = read.apply(held != null);
                boolean replaced = value == AGAIN || value == PayloadReads.EXAMINE_AGAIN;
                if (!replaced && !(held == null && attempt == 0 && statFile(name, lock) != null)) {
                    return (T) value;
                }
                if (attempt > 100) {
                    throw new StoreException(StoreException.Reason.CHANGED, name,
                            "the files of entry " + EntryNames.quote(name) + " keep changing");
                }
            }
        }
    }

    /** Reads a metadata file; the caller holds a lock or knows there is no in-place writer. */
    String readMetaFile(String name, Path json) {
        return readMetaFile(name, json, statFile(name, json));
    }

    /** {@link #readMetaFile(String, Path)} given a stat of it taken under the same lock. */
    private String readMetaFile(String name, Path json, BasicFileAttributes attrs) {
        if (attrs == null) {
            return null;
        }
        requireRegular(name, json, attrs);
        if (attrs.size() > MAX_META_BYTES) {
            throw new StoreException(StoreException.Reason.CORRUPT, name, "metadata file " + json + " is "
                    + attrs.size() + " bytes; the limit is " + MAX_META_BYTES);
        }
        try (FileChannel ch = io.openRead(json)) {
            // The size from the stat the caller took under the same lock (no writer can change the file
            // meanwhile; without a lock file the caller reads again if a writer appeared): no fstat needed.
            ByteBuffer buffer = ByteBuffer.allocate((int) attrs.size());
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read until full or end of file
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw StoreException.io(name, json, "cannot read metadata file", e);
        }
    }

    /**
     * Where the payload lies, or null when the entry has no payload. A payload the store wrote costs a stat
     * and a {@code getxattr} ({@link PayloadRecord}); any other reads the pickle header once. A location
     * known before is returned after a single stat shows the file unchanged ({@link SettledCache}).
     */
    public Payload payload(String name) {
        startRead(name);
        return payloads.payload(name, file(name, ".pickle"), entryStat(name, false));
    }

    /** The payload of an entry whose exclusive lock this thread holds (nothing can replace it meanwhile). */
    Payload examineLocked(String name) {
        return payloads.examineLocked(name);
    }

    /** A fresh stream over the whole payload; {@link StoreException.Reason#CHANGED} if it was replaced. */
    public InputStream openPayload(Payload payload) {
        return openPayload(payload, 0, payload.length());
    }

    /** A fresh stream over {@code length} payload bytes from {@code position} (0-based). */
    public InputStream openPayload(Payload payload, long position, long length) {
        checkOpen();
        return payloads.open(payload, position, length);
    }

    /**
     * Writes one entry atomically and durably.
     *
     * @return true when the entry was written; false only for {@link WriteMode#UPDATE} of a missing entry
     */
    public boolean write(String name, WriteMode mode, MetaChange meta, PayloadChange payload) {
        checkOpen();
        return writer.write(name, mode, meta, payload);
    }

    /** Deletes an entry (payload and metadata, atomically); false when it did not exist. */
    public boolean delete(String name) {
        return delete(name, current -> true);
    }

    /**
     * Deletes an entry when {@code condition}, evaluated under the entry's exclusive lock, holds; false
     * when it did not exist or the condition did not hold.
     */
    public boolean delete(String name, Predicate<Current> condition) {
        checkOpen();
        return writer.delete(name, condition);
    }

    /** An entry's state as a {@link #modify} decision sees it, under the entry's exclusive lock. */
    public interface Current {
        String name();

        /** True when {@code NAME.pickle} or {@code NAME.json} exists. */
        boolean exists();

        /** The metadata text (read on first call), or null. */
        String meta();

        /** The payload (header read on first call), or null. */
        Payload payload();

        /** A stat of the entry's files, or null when it does not exist. */
        EntryStat stat();
    }

    /** What a {@link #modify} decision asks for. */
    public record Change(MetaChange meta, PayloadChange payload) {
        public Change {
            Objects.requireNonNull(meta, "meta");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** What {@link #modify} did. */
    public enum Outcome {
        CREATED, UPDATED, UNCHANGED
    }

    /**
     * Read-modify-write of one entry: under its exclusive lock, {@code decide} sees the entry's current
     * state and returns the change to apply, or null for none. This is how conditional updates (any
     * WHERE), upserts and merges stay correct when other threads, processes or Python write the same
     * entry. {@code decide} must have no side effects: when the entry does not exist it is first asked
     * without the lock (so that a statement that creates nothing leaves no lock file behind), then again
     * under it. A {@link PayloadChange.Write} it returns streams while the lock is held; stage large
     * payloads first ({@link #stage}).
     */
    public Outcome modify(String name, Function<Current, Change> decide) {
        checkOpen();
        return writer.modify(name, decide);
    }

    /**
     * Checks, without writing or locking, that {@code change} could apply to the entry as it is now: its new
     * metadata is a JSON object, and it leaves the entry with a payload or metadata. Multi-entry statements
     * check every entry first, so that a change refused for one entry has written none.
     */
    public void check(String name, Change change) {
        checkOpen();
        EntryNames.requireSafe(name);
        EntryStat stat = stat(name);
        if (stat == null) {
            EntryNames.requireCreatable(name);
        }
        EntryWriter.check(name, change, stat != null && stat.hasPayload(), stat != null && stat.hasMeta());
    }

    /**
     * Streams a payload into a temp file of this directory now, without any entry lock, for a later
     * {@link #modify} or {@link #write} through {@link PayloadChange.Staged}.
     *
     * @param length the exact number of bytes, or -1 for "until end of stream"
     */
    public StagedPayload stage(InputStream source, long length) {
        checkOpen();
        return staging.stage(null, source, length);
    }

    /**
     * Renames an entry: all its files, atomically as far as a crash is concerned.
     *
     * @return false when {@code from} does not exist
     * @throws StoreException {@code EXISTS} when {@code to} exists, {@code INVALID_NAME} for a bad name
     */
    public boolean rename(String from, String to) {
        checkOpen();
        return writer.rename(from, to);
    }

    /**
     * Takes the entry's exclusive lock (the one Python's {@code with entry:} takes) and holds it until the
     * returned handle is closed. Waits at most the lock timeout. For tools and tests that must keep other
     * writers out across several operations; the read and write methods lock by themselves, and a thread
     * holding this lock may go on using them on the entry.
     */
    public EntryLock lock(String name) {
        checkOpen();
        EntryNames.requireSafe(name);
        EntryLocks.Held held = EntryLocks.exclusive(directory, name, file(name, ".lock"), lockTimeoutNanos);
        try {
            commits.recoverLocked(name);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
        return held;
    }

    /** Closes the store; later calls fail with {@link StoreException.Reason#CLOSED}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        journal.close();
        durability.finished.close();
    }

    // ---- shared with EntryWriter ----

    StorageIO io() {
        return io;
    }

    long lockTimeoutNanos() {
        return lockTimeoutNanos;
    }

    Path file(String name, String suffix) {
        return directory.resolve(name.concat(suffix)); // not +, whose first, interpreted runs cost more
    }

    BasicFileAttributes statFile(String name, Path file) {
        try {
            return io.stat(file);
        } catch (IOException e) {
            throw StoreException.io(name, file, "cannot stat", e);
        }
    }

    /** Whether {@code file} of entry {@code name} exists (not following links); see {@link StorageIO#exists}. */
    boolean fileExists(String name, Path file) {
        try {
            return io.exists(file);
        } catch (IOException e) {
            throw StoreException.io(name, file, "cannot stat", e);
        }
    }

    static void requireRegular(String name, Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
            String what = attrs.isSymbolicLink() ? "a symbolic link (never followed)"
                    : attrs.isDirectory() ? "a directory" : "not a regular file";
            throw new StoreException(StoreException.Reason.CORRUPT, name,
                    "file " + file + " of entry " + EntryNames.quote(name) + " is " + what);
        }
    }

    void checkOpen() {
        if (closed) {
            throw new StoreException(StoreException.Reason.CLOSED, null, "the store " + directory + " is closed");
        }
    }
}
