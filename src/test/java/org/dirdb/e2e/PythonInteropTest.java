package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.dirdb.store.EntryLock;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver and a Python program using dirdb's file operations share one directory: each reads what the
 * other wrote, and each waits for the other's entry lock.
 */
class PythonInteropTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Duration HANDSHAKE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:dirdb:" + dir);
    }

    @Test
    void pythonUnpicklesExactlyTheBytesTheDriverWroteAndListsOnlyTheInsertedNames() throws Exception {
        Map<String, byte[]> inserted = new LinkedHashMap<>();
        inserted.put("empty", new byte[0]);
        inserted.put("greeting", "hello, python".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        inserted.put("short-255", Payloads.deterministic(1, 255));
        inserted.put("big", Payloads.deterministic(2, 5 * 1024 * 1024 + 17));
        try (Connection connection = connect();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            for (var entry : inserted.entrySet()) {
                insert.setString(1, entry.getKey());
                insert.setString(2, "{\"name\": \"" + entry.getKey() + "\", \"length\": " + entry.getValue().length + "}");
                insert.setBinaryStream(3, new ByteArrayInputStream(entry.getValue()), entry.getValue().length);
                assertEquals(1, insert.executeUpdate());
            }
        }

        Map<String, String> expected = new LinkedHashMap<>();
        inserted.forEach((name, bytes) -> expected.put(name, Payloads.sha256(bytes)));
        JsonNode report = JSON.readTree(Python.run(JSON.writeValueAsString(expected), "check-written", dir.toString()));

        // Python's *.pickle listing sees the inserted names and nothing else: no temp or commit files.
        assertEquals(new TreeSet<>(inserted.keySet()), names(report.get("listing")));
        for (var entry : inserted.entrySet()) {
            JsonNode found = report.get("entries").get(entry.getKey());
            assertEquals("bytes", found.get("type").asText(), entry.getKey());
            assertEquals(entry.getValue().length, found.get("length").asLong(), entry.getKey());
            assertEquals(expected.get(entry.getKey()), found.get("sha256").asText(), entry.getKey());
            assertTrue(found.get("equal").asBoolean(), entry.getKey());
            assertEquals(entry.getKey(), found.get("meta").get("name").asText());
            assertEquals(entry.getValue().length, found.get("meta").get("length").asLong());
        }
    }

    @Test
    void driverReadsBytesDictsNanMetadataAndMetadataOnlyEntriesPythonWrote() throws Exception {
        JsonNode written = JSON.readTree(Python.run("", "write-fixtures", dir.toString()));

        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection connection = connect();
                ResultSet all = connection.createStatement()
                        .executeQuery("SELECT name, meta, data, size, format FROM db ORDER BY name")) {
            while (all.next()) {
                byte[] data = all.getBytes("data");
                rows.put(all.getString("name"), new Row(all.getString("meta"), data, all.getLong("size"), all.getString("format")));
            }
        }
        // The driver lists the metadata-only entry too; Python's *.pickle listing cannot see it.
        assertEquals(List.of("buffer", "from-python", "meta-only", "model", "stats"), List.copyOf(rows.keySet()));
        assertEquals(new TreeSet<>(List.of("buffer", "from-python", "model", "stats")), names(written.get("listing")));

        for (String name : List.of("from-python", "stats")) {
            assertServedAsItsBytes(name, rows.get(name), written);
        }
        assertEquals("python", JSON.readTree(rows.get("from-python").meta()).get("source").asText());

        // A pickled dict is not bytes: the payload is the whole pickle stream, byte for byte the file, and
        // Python turns the bytes the driver returned back into the same dict.
        Row model = rows.get("model");
        assertEquals("pickle", model.format());
        assertArrayEquals(Files.readAllBytes(dir.resolve("model.pickle")), model.data());
        assertEquals(written.get("model").get("fileSha256").asText(), Payloads.sha256(model.data()));
        assertEquals(model.data().length, model.size());
        Path returned = dir.resolve("returned-by-driver.bin");
        Files.write(returned, model.data());
        JsonNode loads = JSON.readTree(Python.run("", "loads-fixture-dict", returned.toString()));
        assertEquals("dict", loads.get("type").asText());
        assertTrue(loads.get("equal").asBoolean());

        // Metadata with NaN and infinities, as Python's json.dump writes them, is readable as text.
        String stats = rows.get("stats").meta();
        assertTrue(stats.contains("NaN"), stats);
        JsonNode statsJson = JSON.readTree(stats);
        assertTrue(statsJson.get("mean").isNumber() && Double.isNaN(statsJson.get("mean").asDouble()), stats);
        assertEquals(Double.POSITIVE_INFINITY, statsJson.get("max").asDouble());
        assertEquals(Double.NEGATIVE_INFINITY, statsJson.get("min").asDouble());
        assertEquals(7, statsJson.get("count").asInt());

        // The metadata-only entry has metadata and NULL data.
        Row metaOnly = rows.get("meta-only");
        assertNull(metaOnly.data());
        assertEquals("no payload yet", JSON.readTree(metaOnly.meta()).get("note").asText());
    }

    @Test
    void driverServesABytearrayPickledByPythonAsItsBytes() throws Exception {
        // Python's default protocol (4) pickles a bytearray as a call of builtins.bytearray on a bytes
        // argument; it is still one bytearray object, so the driver serves its bytes, not the stream.
        JsonNode written = JSON.readTree(Python.run("", "write-fixtures", dir.toString()));
        assertEquals("bytearray", written.get("buffer").get("type").asText());
        try (Connection connection = connect();
                ResultSet row = connection.createStatement()
                        .executeQuery("SELECT meta, data, size, format FROM db WHERE name = 'buffer'")) {
            assertTrue(row.next());
            assertServedAsItsBytes("buffer", new Row(row.getString("meta"), row.getBytes("data"), row.getLong("size"),
                    row.getString("format")), written);
            assertNull(row.getString("meta"));
        }
    }

    private static void assertServedAsItsBytes(String name, Row row, JsonNode written) {
        assertEquals("bytes", row.format(), name);
        assertEquals(written.get(name).get("payloadLength").asLong(), row.size(), name);
        assertEquals(row.data().length, row.size(), name);
        assertEquals(written.get(name).get("payloadSha256").asText(), Payloads.sha256(row.data()), name);
    }

    @Test
    void driverUpdateWaitsWhilePythonHoldsTheEntryLockThenSucceeds() throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().executeUpdate(
                    "INSERT INTO db (name, meta, data) VALUES ('shared', '{\"owner\": \"nobody\"}', X'CAFE')");
            Process python = Python.start("hold-lock", dir.toString(), "shared", "2");
            try {
                Lines lines = new Lines(python.getInputStream(), "python hold-lock");
                lines.expect("locked", HANDSHAKE);
                long start = System.nanoTime();
                try (PreparedStatement update = connection.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
                    update.setString(1, "{\"owner\": \"java\"}");
                    update.setString(2, "shared");
                    assertEquals(1, update.executeUpdate());
                }
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(waitedMillis >= 1500, "the UPDATE returned after " + waitedMillis + " ms, inside Python's lock");
                lines.expect("released", HANDSHAKE);
                assertTrue(python.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, python.exitValue());
            } finally {
                python.destroyForcibly();
            }
            try (ResultSet row = connection.createStatement().executeQuery("SELECT meta, data FROM db WHERE name = 'shared'")) {
                assertTrue(row.next());
                assertEquals("java", JSON.readTree(row.getString("meta")).get("owner").asText());
                assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, row.getBytes("data"));
                assertFalse(row.next());
            }
        }
    }

    /**
     * A whole small payload needs no lock to be read (docs/storage.md, "Reads without a lock"): it is served
     * while Python holds the entry lock. With {@code lockReads=true} the same read waits for Python.
     */
    @Test
    void driverReadOfAWholePayloadGoesOnWhilePythonHoldsTheLockUnlessLockReadsIsSet() throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().executeUpdate("INSERT INTO db (name, data) VALUES ('held', X'CAFE')");
        }
        for (boolean lockReads : new boolean[] {false, true}) {
            // Without lockReads, Python holds the lock for longer than any read could take, and is stopped after.
            Process python = Python.start("hold-lock", dir.toString(), "held", lockReads ? "2" : "60");
            try (Connection connection = DriverManager.getConnection("jdbc:dirdb:" + dir + "?lockReads=" + lockReads);
                 PreparedStatement select = connection.prepareStatement("SELECT data FROM db WHERE name = ?")) {
                Lines lines = new Lines(python.getInputStream(), "python hold-lock");
                lines.expect("locked", HANDSHAKE);
                long start = System.nanoTime();
                select.setString(1, "held");
                try (ResultSet row = select.executeQuery()) {
                    assertTrue(row.next());
                    try (java.io.InputStream in = row.getBinaryStream(1)) {
                        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, in.readAllBytes());
                    }
                }
                long waitedMillis = (System.nanoTime() - start) / 1_000_000;
                if (lockReads) {
                    assertTrue(waitedMillis >= 1500, "lockReads=true: read after " + waitedMillis
                            + " ms, inside Python's lock");
                    lines.expect("released", HANDSHAKE);
                    assertTrue(python.waitFor(30, TimeUnit.SECONDS));
                } else {
                    assertNull(lines.poll(), "Python released its lock before the read returned");
                    assertTrue(python.isAlive(), "Python's lock ended before the read returned");
                }
            } finally {
                python.destroyForcibly();
            }
        }
    }

    @Test
    void pythonWaitsWhileJavaHoldsTheEntryLock() throws Exception {
        // The lock is the entry's, whether or not the entry has files yet: both sides lock NAME.lock.
        try (Store store = Store.open(dir, StoreOptions.defaults())) {
            Process python;
            Lines lines;
            try (EntryLock lock = store.lock("shared")) {
                assertEquals("shared", lock.entry());
                python = Python.start("wait-lock", dir.toString(), "shared");
                lines = new Lines(python.getInputStream(), "python wait-lock");
                lines.expect("waiting", HANDSHAKE);
                Thread.sleep(2000);
                // Python must still be waiting: it has printed nothing since "waiting".
                assertNull(lines.poll(), "Python took the lock while Java held it");
            }
            try {
                String acquired = lines.next(HANDSHAKE);
                assertTrue(acquired != null && acquired.startsWith("acquired "), String.valueOf(acquired));
                long waitedMillis = Long.parseLong(acquired.substring("acquired ".length()));
                assertTrue(waitedMillis >= 1500, "Python waited only " + waitedMillis + " ms for the Java lock");
                assertTrue(python.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, python.exitValue());
            } finally {
                python.destroyForcibly();
            }
        }
    }

    private static TreeSet<String> names(JsonNode array) {
        TreeSet<String> names = new TreeSet<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    /** One row as the driver returned it. */
    private record Row(String meta, byte[] data, long size, String format) {}
}
