package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python dirdb library's README example, told again in SQL: one process puts a dataset with its
 * metadata, another changes the metadata, reads data and metadata back, and walks over all entries.
 */
class TutorialTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void datasetPutByAWorkerIsAnnotatedReadBackAndListedByTheModelBuilder() throws Exception {
        // A dirdb database is nothing but a directory; the driver opens it by its path.
        String url = "jdbc:dirdb:" + dir;
        byte[] mnist = Payloads.deterministic(7, 70_000);
        byte[] cifar = Payloads.deterministic(8, 3_000);

        // A worker downloads two datasets and stores each with metadata saying where it came from.
        // The data is streamed in with setBinaryStream, as a large download would be.
        try (Connection worker = DriverManager.getConnection(url);
                PreparedStatement put = worker.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)")) {
            put.setString(1, "mnist");
            put.setString(2, "{\"source\": \"yann.lecun.com\", \"epoch\": 0}");
            put.setBinaryStream(3, new ByteArrayInputStream(mnist), mnist.length);
            assertEquals(1, put.executeUpdate());
            put.setString(1, "cifar");
            put.setString(2, "{\"source\": \"cs.toronto.edu\", \"epoch\": 0}");
            put.setBinaryStream(3, new ByteArrayInputStream(cifar), cifar.length);
            assertEquals(1, put.executeUpdate());
        }

        // On disk this is exactly the layout Python's dirdb uses: one pickle and one JSON file per entry.
        assertTrue(Files.isRegularFile(dir.resolve("mnist.pickle")));
        assertTrue(Files.isRegularFile(dir.resolve("mnist.json")));

        // Later, in another connection, the model builder records that it trained one epoch on mnist.
        try (Connection builder = DriverManager.getConnection(url)) {
            try (PreparedStatement annotate = builder.prepareStatement("UPDATE db SET meta = ? WHERE name = ?")) {
                annotate.setString(1, "{\"source\": \"yann.lecun.com\", \"epoch\": 1, \"loss\": 0.25}");
                annotate.setString(2, "mnist");
                assertEquals(1, annotate.executeUpdate());
            }

            // It reads the dataset back: the bytes are the ones the worker stored, and the metadata is the
            // new one. Changing the metadata did not touch the data.
            try (PreparedStatement read = builder.prepareStatement("SELECT data, meta, size, format FROM db WHERE name = ?")) {
                read.setString(1, "mnist");
                try (ResultSet row = read.executeQuery()) {
                    assertTrue(row.next());
                    try (InputStream data = row.getBinaryStream("data")) {
                        assertArrayEquals(mnist, data.readAllBytes());
                    }
                    JsonNode meta = JSON.readTree(row.getString("meta"));
                    assertEquals(1, meta.get("epoch").asInt());
                    assertEquals(0.25, meta.get("loss").asDouble());
                    assertEquals("yann.lecun.com", meta.get("source").asText());
                    assertEquals(mnist.length, row.getLong("size"));
                    assertEquals("bytes", row.getString("format"));
                    assertFalse(row.next());
                }
            }

            // Finally it walks over every entry, in name order, to pick what to train on next.
            List<String> seen = new ArrayList<>();
            try (ResultSet all = builder.createStatement().executeQuery("SELECT name, meta, size FROM db ORDER BY name")) {
                while (all.next()) {
                    int epoch = JSON.readTree(all.getString("meta")).get("epoch").asInt();
                    seen.add(all.getString("name") + " epoch=" + epoch + " size=" + all.getLong("size"));
                }
            }
            assertEquals(List.of("cifar epoch=0 size=3000", "mnist epoch=1 size=70000"), seen);
        }
    }
}
