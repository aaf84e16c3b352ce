package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM is SIGKILLed at random moments while it rewrites entries; after every kill each entry must
 * be whole, read through a fresh connection and straight from the files: its metadata parses, its data
 * hashes to the hash in its metadata (both from the same statement), and its generation is the last one
 * acknowledged or the one in flight. No file of the store's own shows up as an entry.
 */
class KillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = 30;
    private static final Duration BUDGET = Duration.ofSeconds(36);
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Map<String, Long> lastAcknowledged = new HashMap<>();
    private int checks;
    private int inFlightFound;

    @Test
    void everyEntryIsWholeOldOrNewAfterEachSigkill() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:dirdb:" + dir);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (long gen = 0; gen < KillWriter.ENTRIES; gen++) {
                byte[] data = KillWriter.data(gen);
                insert.setString(1, KillWriter.name(gen));
                insert.setString(2, KillWriter.meta(gen, data));
                insert.setBinaryStream(3, new ByteArrayInputStream(data), data.length);
                assertEquals(1, insert.executeUpdate());
                lastAcknowledged.put(KillWriter.name(gen), gen);
            }
        }

        Random random = new Random(0xD1DDBL);
        long nextGen = KillWriter.ENTRIES;
        long started = System.nanoTime();
        int kills = 0;
        int startupKills = 0;
        long acknowledged = 0;
        while (kills < KILLS && System.nanoTime() - started < BUDGET.toNanos()) {
            Process child = startWriter(nextGen);
            Lines lines = new Lines(child.getInputStream(), "kill writer");
            try {
                switch (kills % 5) {
                    case 0 -> {
                        // JVM boot, driver loading, opening the store.
                        Thread.sleep(random.nextInt(150));
                        startupKills++;
                    }
                    case 1 -> {
                        // The first statement: parser and native lock set-up, the first temp file.
                        lines.expect("ready", CHILD_TIMEOUT);
                        Thread.sleep(random.nextInt(100));
                        startupKills++;
                    }
                    default -> {
                        // The steady write loop.
                        lines.awaitPrefix("ack ", CHILD_TIMEOUT);
                        Thread.sleep(50 + random.nextInt(351));
                    }
                }
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "killed writer did not exit");
            assertEquals(128 + 9, child.exitValue(), "the writer must die of SIGKILL, not of an error of its own");
            lines.awaitEnd(CHILD_TIMEOUT);
            kills++;

            long inFlight = nextGen;
            for (String line : lines.all()) {
                if (line.equals("ready")) {
                    continue;
                }
                String[] ack = line.split(" ");
                long gen = Long.parseLong(ack[2]);
                assertEquals(inFlight, gen, "acknowledgements must come in generation order: " + line);
                assertEquals(KillWriter.name(gen), ack[1], line);
                lastAcknowledged.put(ack[1], gen);
                acknowledged++;
                inFlight = gen + 1;
            }
            checkEveryEntryIsWhole(inFlight);
            nextGen = inFlight + 1;
        }

        // Python's own listing agrees with the driver's at the end, too.
        JsonNode pythonListing = JSON.readTree(Python.run("", "list", dir.toString()));
        TreeSet<String> pythonNames = new TreeSet<>();
        pythonListing.forEach(node -> pythonNames.add(node.asText()));
        assertEquals(new TreeSet<>(lastAcknowledged.keySet()), pythonNames);

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf("KillTest: %d kills (%d during start-up or the first statement) in %d s, %d acknowledged updates, "
                + "%d entry checks, %d in-flight updates found committed%n",
                kills, startupKills, seconds, acknowledged, checks, inFlightFound);
        assertTrue(kills >= 20, "only " + kills + " kills fitted in " + BUDGET);
        assertTrue(acknowledged > kills, "the writer acknowledged only " + acknowledged + " updates: the kills hit nothing");
    }

    private Process startWriter(long firstGen) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), KillWriter.class.getName(),
                dir.toString(), Long.toString(firstGen))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private void checkEveryEntryIsWhole(long inFlight) throws Exception {
        Map<String, Long> seenByDriver = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:dirdb:" + dir);
                ResultSet rows = connection.createStatement().executeQuery("SELECT name, meta, data FROM db ORDER BY name")) {
            while (rows.next()) {
                String name = rows.getString("name");
                long gen = checkWhole(name, rows.getString("meta"), rows.getBytes("data"), inFlight);
                seenByDriver.put(name, gen);
            }
        }
        assertEquals(lastAcknowledged.keySet(), seenByDriver.keySet(), "entries listed by the driver");

        // The same files read without the driver: NAME.json parsed, NAME.pickle decoded as a bytes pickle.
        for (var entry : seenByDriver.entrySet()) {
            String name = entry.getKey();
            String meta = Files.readString(dir.resolve(name + ".json"));
            byte[] data = PickleBytes.read(dir.resolve(name + ".pickle"));
            assertEquals(entry.getValue(), checkWhole(name, meta, data, inFlight), name + " on disk vs driver");
        }
        assertEquals(new TreeSet<>(seenByDriver.keySet()), Payloads.pythonStyleListing(dir),
                "Python-style *.pickle listing vs the driver's entries; files: " + List.of(dir.toFile().list()));
    }

    /** Asserts that one entry is whole and returns its generation; records a committed in-flight update. */
    private long checkWhole(String name, String metaText, byte[] data, long inFlight) throws Exception {
        checks++;
        if (metaText == null || data == null) {
            fail(name + ": lost its " + (metaText == null ? "metadata" : "data"));
        }
        JsonNode meta = JSON.readTree(metaText);
        long gen = meta.get("gen").asLong();
        assertEquals(meta.get("sha256").asText(), Payloads.sha256(data),
                name + ": data and metadata come from different statements (meta gen " + gen + ")");
        long acknowledged = lastAcknowledged.get(name);
        if (gen == inFlight && KillWriter.name(inFlight).equals(name)) {
            if (acknowledged != gen) {
                inFlightFound++;
                lastAcknowledged.put(name, gen);
            }
        } else if (gen != acknowledged) {
            fail(name + ": generation " + gen + " is neither the acknowledged " + acknowledged
                    + " nor the in-flight " + inFlight);
        }
        return gen;
    }
}
