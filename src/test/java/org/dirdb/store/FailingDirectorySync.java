package org.dirdb.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** The store's I/O seam with a directory fsync that fails ("injected fault") while {@link #failing} is on. */
public final class FailingDirectorySync implements StorageIO {
    private final AtomicBoolean failing = new AtomicBoolean();

    /** Turns the failure on or off. */
    public void failing(boolean on) {
        failing.set(on);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        if (failing.get()) {
            throw new IOException("injected fault");
        }
        StorageIO.super.syncDirectory(directory);
    }
}
