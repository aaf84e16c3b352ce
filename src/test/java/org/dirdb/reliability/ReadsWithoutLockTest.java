package org.dirdb.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dirdb.e2e.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads without the entry lock (docs/storage.md, "Reads without a lock") against the writer they must survive:
 * Python rewriting payload and metadata in place, truncate then write, under its lock, as fast as it can, with
 * pauses so that files are read settled too. The entries span the cases of the rule: files of one page,
 * of two pages, and of several (a 20 KiB payload and 5 KiB metadata).
 *
 * <p>Every version is self-checking: the metadata carries its generation at both ends and a padding whose
 * length follows from it; the payload starts with its generation, repeats one byte that follows from it, and
 * has a length that follows from it. Driver readers, with and without change notification, must never return
 * anything else. The negative control reads the same files at the same time without the lock and without the
 * checks, and must see cut versions: otherwise this writer would not be exercising the rule at all.
 */
class ReadsWithoutLockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** name, payload size, metadata padding: as given to the Python writer. */
    private static final Object[][] ENTRIES = {{"one", 100, 10}, {"two", 4100, 10}, {"many", 20000, 5000}};

    @TempDir
    Path dir;

    @Test
    void readersNeverSeeAHalfWrittenVersionOfPythonsInPlaceRewrites() throws Exception {
        long seconds = Long.getLong("unlocked.seconds", 8);
        List<String> args = new ArrayList<>(List.of("rewrite-loop", dir.toString(), Long.toString(seconds)));
        for (Object[] e : ENTRIES) {
            args.add(e[0] + ":" + e[1] + ":" + e[2]);
        }
        Process python = Python.start(args.toArray(String[]::new));
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) - TimeUnit.MILLISECONDS.toNanos(300);
        while (!allWritten() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(allWritten(), "the writer did not write its first generation");

        Tally watching = new Tally();
        Tally stat = new Tally();
        Tally control = new Tally();
        List<Throwable> crashed = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = List.of(
                start(crashed, () -> readThroughDriver("jdbc:dirdb:" + dir, deadline, watching)),
                start(crashed, () -> readThroughDriver("jdbc:dirdb:" + dir + "?watch=false", deadline, stat)),
                start(crashed, () -> readRaw(deadline, control)));
        for (Thread t : threads) {
            t.join();
        }
        String generations = out.readLine();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS), "the writer did not stop");
        assertEquals(List.of(), crashed);
        String summary = "writer: " + generations + "; driver, watching: " + watching + "; driver, stat: " + stat
                + "; unlocked unchecked control: " + control;
        System.out.println("Reads without a lock: " + summary);
        assertEquals(0, watching.torn.get() + stat.torn.get(), summary);
        assertTrue(watching.whole.get() > 200 && stat.whole.get() > 200, "too few reads to mean anything: " + summary);
        assertTrue(control.torn.get() > 0, "the writer never exposed a cut file; the test proves nothing: " + summary);
    }

    private boolean allWritten() {
        for (Object[] e : ENTRIES) {
            if (!Files.exists(dir.resolve(e[0] + ".json")) || !Files.exists(dir.resolve(e[0] + ".pickle"))) {
                return false;
            }
        }
        return true;
    }

    private void readThroughDriver(String url, long deadline, Tally tally) throws SQLException {
        try (Connection c = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "lockTimeout=20000");
                Statement s = c.createStatement();
                PreparedStatement data = c.prepareStatement("SELECT data FROM db WHERE name = ?")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT name, meta FROM db")) {
                    while (rs.next()) {
                        tally.count(metaIsWhole(rs.getString(1), rs.getString(2)), rs.getString(1) + ".json");
                    }
                }
                for (Object[] e : ENTRIES) {
                    data.setString(1, (String) e[0]);
                    try (ResultSet rs = data.executeQuery()) {
                        assertTrue(rs.next(), "entry " + e[0] + " missing");
                        tally.count(payloadIsWhole((String) e[0], rs.getBytes(1)), e[0] + ".pickle");
                    } catch (SQLException ex) {
                        if (!"40001".equals(ex.getSQLState())) { // replaced between its row and its bytes: retried
                            throw ex;
                        }
                    }
                }
            }
        }
    }

    /** The control: the files read whole, without lock or checks, as a naive reader would. */
    private void readRaw(long deadline, Tally tally) throws Exception {
        while (System.nanoTime() < deadline) {
            for (Object[] e : ENTRIES) {
                String name = (String) e[0];
                try {
                    byte[] meta = Files.readAllBytes(dir.resolve(name + ".json"));
                    tally.count(metaIsWhole(name, new String(meta, StandardCharsets.UTF_8)), name + ".json");
                    byte[] pickle = Files.readAllBytes(dir.resolve(name + ".pickle"));
                    tally.count(pickle.length > 0 && pickle[pickle.length - 1] == '.', name + ".pickle");
                } catch (NoSuchFileException gone) {
                    tally.count(false, name);
                }
            }
        }
    }

    private static boolean metaIsWhole(String name, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            long gen = node.get("gen").asLong();
            int pad = (int) entry(name)[2];
            return gen == node.get("end").asLong() && node.get("pad").asText().length() == pad + (gen * 13) % 97;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean payloadIsWhole(String name, byte[] data) {
        if (data == null || data.length < 8) {
            return false;
        }
        long gen = ByteBuffer.wrap(data, 0, 8).getLong();
        int size = (int) entry(name)[1];
        if (data.length != size + (gen * 7) % 64) {
            return false;
        }
        for (int i = 8; i < data.length; i++) {
            if ((data[i] & 0xff) != gen % 251) {
                return false;
            }
        }
        return true;
    }

    private static Object[] entry(String name) {
        for (Object[] e : ENTRIES) {
            if (e[0].equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static Thread start(List<Throwable> crashed, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                crashed.add(e);
            }
        });
        t.start();
        return t;
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Reads that were whole, and reads that were not, with the first few files of the latter. */
    private static final class Tally {
        final AtomicLong whole = new AtomicLong();
        final AtomicLong torn = new AtomicLong();
        final List<String> tornFiles = Collections.synchronizedList(new ArrayList<>());

        void count(boolean ok, String file) {
            if (ok) {
                whole.incrementAndGet();
            } else {
                torn.incrementAndGet();
                if (tornFiles.size() < 5) {
                    tornFiles.add(file);
                }
            }
        }

        @Override
        public String toString() {
            return whole + " whole, " + torn + " not" + (tornFiles.isEmpty() ? "" : " " + tornFiles);
        }
    }
}
