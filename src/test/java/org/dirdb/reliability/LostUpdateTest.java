package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.dirdb.e2e.Lines;
import org.dirdb.e2e.Python;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.dirdb.store.WriteMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lost updates across threads, JVMs and Python: read-modify-write increments of one entry's
 * metadata counter end at exactly the number performed, while readers never see a torn document.
 */
class LostUpdateTest {
    private static final int PER_WRITER = 500;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, Object> FIGURES = Figures.map();

    @TempDir
    Path dir;

    @AfterAll
    static void record() {
        Figures.record(4, "No lost updates, across languages",
                "Writers in threads, JVMs and Python processes increment one counter in one entry's metadata under "
                        + "the entry lock; readers parse the metadata all along. Every run ends at exactly the number "
                        + "of increments performed, with zero torn or decreasing reads; a killed holder frees the "
                        + "lock at once, and each side waits for the other's lock.",
                FIGURES);
    }

    private Store counterStore() {
        Store store = Store.open(dir, StoreOptions.defaults());
        store.write("c", WriteMode.INSERT, MetaChange.set("{\"counter\": 0}"), PayloadChange.of(new byte[] {1}));
        return store;
    }

    /** Reads the counter continuously until stopped; counts reads and torn or decreasing ones. */
    private static final class Reader implements Runnable {
        final Store store;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong torn = new AtomicLong();

        Reader(Store store) {
            this.store = store;
        }

        @Override
        public void run() {
            long last = -1;
            while (!stop.get()) {
                try {
                    long value = Counter.value(store.readMeta("c"));
                    if (value < last) {
                        torn.incrementAndGet();
                    }
                    last = value;
                } catch (RuntimeException e) {
                    torn.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        }
    }

    private static Process jvm(String... args) throws Exception {
        return new ProcessBuilder(Counter.command(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private long runWriters(String label, int jvms, int pythons) throws Exception {
        try (Store store = counterStore()) {
            Reader reader = new Reader(store);
            Thread readerThread = new Thread(reader);
            readerThread.start();
            long t0 = System.nanoTime();
            List<Process> writers = new ArrayList<>();
            for (int i = 0; i < jvms; i++) {
                writers.add(jvm("increment", dir.toString(), "c", String.valueOf(PER_WRITER)));
            }
            for (int i = 0; i < pythons; i++) {
                writers.add(Python.start("increment", dir.toString(), "c", String.valueOf(PER_WRITER)));
            }
            for (Process writer : writers) {
                Lines out = new Lines(writer.getInputStream(), label);
                out.expect("done", CHILD_TIMEOUT);
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, writer.exitValue(), label + " writer failed");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            reader.stop.set(true);
            readerThread.join();
            long total = Counter.value(store.readMeta("c"));
            FIGURES.put(label + ": final counter (expected " + (jvms + pythons) * PER_WRITER + ")", total);
            FIGURES.put(label + ": concurrent reads, torn or decreasing", reader.reads.get() + ", " + reader.torn.get());
            FIGURES.put(label + ": wall time", millis + " ms");
            assertEquals(0, reader.torn.get(), "torn reads");
            return total;
        }
    }

    @Test
    void fourJvmsLoseNoUpdate() throws Exception {
        assertEquals(4 * PER_WRITER, runWriters("4 JVMs", 4, 0));
    }

    @Test
    void twoJvmsAndTwoPythonProcessesLoseNoUpdate() throws Exception {
        assertEquals(4 * PER_WRITER, runWriters("2 JVMs + 2 Python", 2, 2));
    }

    @Test
    void fourThreadsOfOneJvmLoseNoUpdate() throws Exception {
        try (Store store = counterStore()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < PER_WRITER; i++) {
                        store.write("c", WriteMode.UPDATE, new MetaChange.Transform(Counter::plusOne), PayloadChange.KEEP);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            long total = Counter.value(store.readMeta("c"));
            FIGURES.put("4 threads: final counter (expected 2000)", total);
            assertEquals(4 * PER_WRITER, total);
        }
    }

    @Test
    void killingTheHolderFreesTheLockAtOnce() throws Exception {
        try (Store store = counterStore()) {
            Process holder = jvm("hold", dir.toString(), "c");
            new Lines(holder.getInputStream(), "holder").expect("locked", CHILD_TIMEOUT);
            holder.destroyForcibly();
            long killed = System.nanoTime();
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
            store.write("c", WriteMode.UPDATE, new MetaChange.Transform(Counter::plusOne), PayloadChange.KEEP);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            FIGURES.put("lock free after SIGKILL of its holder", waited + " ms");
            assertTrue(waited < 2000, "waited " + waited + " ms after the kill");
            assertEquals(1, Counter.value(store.readMeta("c")));
        }
    }

    @Test
    void theDriverWaitsForPythonsLockAndPythonForTheDrivers() throws Exception {
        try (Store store = counterStore()) {
            Process python = Python.start("hold-lock", dir.toString(), "c", "3");
            Lines out = new Lines(python.getInputStream(), "python holder");
            out.expect("locked", CHILD_TIMEOUT);
            long t0 = System.nanoTime();
            store.write("c", WriteMode.UPDATE, new MetaChange.Transform(Counter::plusOne), PayloadChange.KEEP);
            long javaWaited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(python.waitFor(30, TimeUnit.SECONDS));

            Process waiter;
            long pythonWaited;
            try (var lock = store.lock("c")) {
                waiter = Python.start("wait-lock", dir.toString(), "c");
                Lines waiting = new Lines(waiter.getInputStream(), "python waiter");
                waiting.expect("waiting", CHILD_TIMEOUT);
                Thread.sleep(3000);
                lock.close();
                pythonWaited = Long.parseLong(waiting.awaitPrefix("acquired ", CHILD_TIMEOUT).split(" ")[1]);
            }
            assertTrue(waiter.waitFor(30, TimeUnit.SECONDS));
            FIGURES.put("driver waited for a 3 s Python lock", javaWaited + " ms");
            FIGURES.put("Python waited for a 3 s driver lock", pythonWaited + " ms");
            assertTrue(javaWaited >= 2500, "driver waited " + javaWaited + " ms");
            assertTrue(pythonWaited >= 2500, "python waited " + pythonWaited + " ms");
        }
    }

    @Test
    void aLockFileUnlinkedByItsHolderStillExcludes() throws Exception {
        // filelock 3.20.4 deleted the lock file on release. Whoever waits then competes for a new lock file,
        // and whoever opened the old one before the unlink holds a lock nobody else sees. The driver and a
        // Python process that holds the lock for 2 s between its read and its write both increment: if they
        // ever held "the" lock at once, one increment is lost.
        try (Store store = counterStore()) {
            Process first = Python.start("hold-lock-unlink", dir.toString(), "c", "1");
            Lines firstOut = new Lines(first.getInputStream(), "unlinking holder");
            firstOut.expect("locked", CHILD_TIMEOUT);
            Process slow = Python.start("increment-slowly", dir.toString(), "c", "2");
            Lines slowOut = new Lines(slow.getInputStream(), "slow incrementer");
            slowOut.expect("waiting", CHILD_TIMEOUT);
            ExecutorService single = Executors.newSingleThreadExecutor();
            Future<Long> driver = single.submit(() -> {
                long t0 = System.nanoTime();
                store.write("c", WriteMode.UPDATE, new MetaChange.Transform(Counter::plusOne), PayloadChange.KEEP);
                return System.nanoTime() - t0;
            });
            firstOut.expect("released", CHILD_TIMEOUT);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(driver.get(60, TimeUnit.SECONDS));
            slowOut.expect("done", CHILD_TIMEOUT);
            assertTrue(slow.waitFor(30, TimeUnit.SECONDS));
            single.shutdown();
            long total = Counter.value(store.readMeta("c"));
            FIGURES.put("increments across a lock file unlinked by its holder (expected 2)", total);
            FIGURES.put("driver's wait across the unlinked lock file", tookMillis + " ms");
            assertEquals(2, total, "an increment was lost: two holders at once");
        }
    }
}
