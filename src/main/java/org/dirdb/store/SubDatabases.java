package org.dirdb.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Sub-databases: subdirectories created durably and dropped only when they hold nothing but entries. */
final class SubDatabases {
    private final Durability d;
    private final Store store;
    private final StorageIO io;
    private final Path directory;

    SubDatabases(Durability d) {
        this.d = d;
        this.store = d.store;
        this.io = d.io;
        this.directory = d.directory;
    }

    void createSub(String name) {
        d.requireWritable(name);
        EntryNames.requireCreatableSub(name);
        Path sub = directory.resolve(name);
        if (store.statFile(name, sub) != null) {
            throw new StoreException(StoreException.Reason.EXISTS, name,
                    "sub-database " + EntryNames.quote(name) + " already exists in " + directory);
        }
        try {
            java.nio.file.Files.createDirectory(sub);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new StoreException(StoreException.Reason.EXISTS, name,
                    "sub-database " + EntryNames.quote(name) + " already exists in " + directory);
        } catch (IOException e) {
            throw StoreException.io(name, sub, "cannot create sub-database", e);
        }
        d.syncDirectory(name);
    }

    /**
     * Removes a sub-database that holds nothing but dirdb entries: each entry is deleted under its lock
     * (so no Python or JDBC writer is cut off mid-commit), then the lock files and the directory.
     */
    boolean dropSub(String name) {
        d.requireWritable(name);
        EntryNames.requireSafe(name);
        Path sub = directory.resolve(name);
        java.nio.file.attribute.BasicFileAttributes attrs = store.statFile(name, sub);
        if (attrs == null) {
            return false;
        }
        if (!attrs.isDirectory()) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, name, EntryNames.quote(name)
                    + " in " + directory + " is not a sub-database (" + (attrs.isSymbolicLink() ? "a symbolic link"
                    : "a file") + ")");
        }
        try (Store child = Store.open(sub, store.options().withCreate(false))) {
            List<Path> files = new ArrayList<>();
            for (String f : io.list(sub)) {
                Path file = sub.resolve(f);
                java.nio.file.attribute.BasicFileAttributes a = io.stat(file);
                if (a != null && a.isDirectory()) {
                    throw new StoreException(StoreException.Reason.NOT_EMPTY, name, "sub-database "
                            + EntryNames.quote(name) + " holds the sub-database " + EntryNames.quote(f)
                            + "; drop that first");
                }
                boolean ours = f.startsWith(".") || f.endsWith(".pickle") || f.endsWith(".json")
                        || f.endsWith(".lock");
                if (!ours) {
                    throw new StoreException(StoreException.Reason.NOT_EMPTY, name, "sub-database "
                            + EntryNames.quote(name) + " holds " + EntryNames.quote(f)
                            + ", which is not a dirdb file; nothing was deleted");
                }
                files.add(file);
            }
            for (String entry : child.list()) {
                child.delete(entry);
            }
            for (Path file : files) {
                io.deleteIfExists(file); // lock files, and strays of writers cut off by the drop
            }
        } catch (IOException e) {
            throw StoreException.io(name, sub, "cannot drop sub-database", e);
        }
        try {
            java.nio.file.Files.delete(sub);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            throw new StoreException(StoreException.Reason.NOT_EMPTY, name, "sub-database "
                    + EntryNames.quote(name) + " gained files while it was dropped; its entries are deleted");
        } catch (IOException e) {
            throw StoreException.io(name, sub, "cannot remove sub-database directory", e);
        }
        d.syncDirectory(name);
        return true;
    }

}
