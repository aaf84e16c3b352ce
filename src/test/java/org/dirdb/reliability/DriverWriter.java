package org.dirdb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;

/**
 * Another JVM writing through the driver, for {@link CacheCoherenceTest}: one JSON command per line on
 * standard input, each run as one statement on a connection of its own, then one line on standard output:
 * {@code ack} once the statement has returned and changed exactly one entry, or {@code error <message>}.
 *
 * <p>Commands: {@code {"op": "insert"|"meta"|"data"|"delete"|"rename", "table": T, "name": N, "meta": M,
 * "hex": H, "to": N2}}, with the fields each needs. Argument: the database directory.
 */
public final class DriverWriter {
    private DriverWriter() {}

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + args[0]);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            System.out.flush();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    int count = run(c, json.readTree(line));
                    System.out.println(count == 1 ? "ack" : "error " + count + " rows changed by " + line);
                } catch (Exception e) {
                    System.out.println("error " + e);
                }
                System.out.flush();
            }
        }
    }

    private static int run(Connection c, JsonNode cmd) throws Exception {
        String table = cmd.get("table").asText();
        String name = cmd.get("name").asText();
        switch (cmd.get("op").asText()) {
            case "insert":
                try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (name, meta, data) VALUES (?, ?, ?)")) {
                    s.setString(1, name);
                    s.setString(2, cmd.get("meta").asText());
                    s.setBytes(3, HexFormat.of().parseHex(cmd.get("hex").asText()));
                    return s.executeUpdate();
                }
            case "meta":
                try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET meta = ? WHERE name = ?")) {
                    s.setString(1, cmd.get("meta").asText());
                    s.setString(2, name);
                    return s.executeUpdate();
                }
            case "data":
                try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET data = ? WHERE name = ?")) {
                    s.setBytes(1, HexFormat.of().parseHex(cmd.get("hex").asText()));
                    s.setString(2, name);
                    return s.executeUpdate();
                }
            case "delete":
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                    s.setString(1, name);
                    return s.executeUpdate();
                }
            case "rename":
                try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET name = ? WHERE name = ?")) {
                    s.setString(1, cmd.get("to").asText());
                    s.setString(2, name);
                    return s.executeUpdate();
                }
            default:
                throw new IllegalArgumentException("unknown command " + cmd);
        }
    }
}
