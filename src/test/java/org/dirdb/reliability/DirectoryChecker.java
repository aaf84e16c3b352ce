package org.dirdb.reliability;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dirdb.e2e.Payloads;
import org.dirdb.e2e.PickleBytes;

/**
 * Follows a {@link MixedWriter}'s output and checks a directory against it: after a crash, the directory
 * must be exactly the acknowledged state, or the state the one statement in flight would give (for a batch
 * of metadata updates in flight, the first few of its updates), with every entry whole — read through a
 * fresh connection (which recovers) and straight from the files — and no store file listed as an entry (by
 * the driver or Python-style) or left over once the directory was reopened.
 */
final class DirectoryChecker {
    private final Path dir;
    private Map<String, KillModel.State> acknowledged = new TreeMap<>();
    private long nextGen = 1;
    private int inFlightCommitted;

    DirectoryChecker(Path dir) {
        this.dir = dir;
    }

    long nextGen() {
        return nextGen;
    }

    int inFlightCommitted() {
        return inFlightCommitted;
    }

    int entries() {
        return acknowledged.size();
    }

    /** Records an entry written before the writer started. */
    void seed(String name, long gen) {
        acknowledged.put(name, new KillModel.State(gen, gen));
        nextGen = Math.max(nextGen, gen + 1);
    }

    /** Folds the writer's acknowledged statements into the model; returns the one in flight, or null. */
    String absorb(List<String> lines) {
        String pending = null;
        for (String line : lines) {
            if (line.startsWith("op ")) {
                pending = line.substring(3);
                String[] w = pending.split(" ");
                if (w.length == 3 && !w[0].equals("rename")) {
                    nextGen = Math.max(nextGen, Long.parseLong(w[2]) + 1);
                }
            } else if (line.equals("ack")) {
                acknowledged = KillModel.apply(acknowledged, pending);
                pending = null;
            }
        }
        return pending;
    }

    /** Everything wrong with the directory now; empty when it is sound. Adopts a committed in-flight statement. */
    List<String> check(String inFlight) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, KillModel.State> seen = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir);
                ResultSet rows = c.createStatement().executeQuery("SELECT name, meta, data FROM db")) {
            while (rows.next()) {
                String name = rows.getString(1);
                Object state = KillModel.observe(name, rows.getString(2), rows.getBytes(3));
                if (state instanceof KillModel.State s) {
                    seen.put(name, s);
                } else {
                    problems.add("driver: " + state);
                }
            }
        } catch (SQLException e) {
            problems.add("driver: " + e.getSQLState() + " " + e.getMessage());
        }
        for (var e : seen.entrySet()) {
            String name = e.getKey();
            try {
                Object raw = KillModel.observe(name, Files.readString(dir.resolve(name + ".json")),
                        PickleBytes.read(dir.resolve(name + ".pickle")));
                if (!e.getValue().equals(raw)) {
                    problems.add("files of " + name + " say " + raw + ", the driver said " + e.getValue());
                }
            } catch (NoSuchFileException | RuntimeException ex) {
                problems.add("files of " + name + ": " + ex);
            }
        }
        Map<String, KillModel.State> after = inFlight == null ? null : KillModel.apply(acknowledged, inFlight);
        if (problems.isEmpty()) {
            if (seen.equals(after)) {
                acknowledged = after;
                inFlightCommitted++;
            } else if (inFlight != null && inFlight.startsWith("metas ") && batchPrefix(seen, inFlight)) {
                // A batch in flight commits entry by entry, in order: a crash keeps the first few.
                acknowledged = seen;
            } else if (!seen.equals(acknowledged)) {
                problems.add("directory " + seen + " is neither the acknowledged " + acknowledged
                        + (after == null ? "" : " nor, with " + inFlight + " in flight, " + after));
            }
        }
        if (!Payloads.pythonStyleListing(dir).equals(seen.keySet())) {
            problems.add("Python-style listing " + Payloads.pythonStyleListing(dir) + " vs entries " + seen.keySet());
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> strays = files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".")).toList();
            if (!strays.isEmpty()) {
                problems.add("store files left after reopening: " + strays);
            }
        }
        return problems;
    }

    /**
     * True when {@code seen} is the acknowledged state with the first k updates of the in-flight batch
     * {@code metas NAME,NAME,... GEN} applied, for some k: the directory's operations survive a crash in the
     * order they were made (ext4's and xfs's logs are ordered), so any other subset is a bug.
     */
    private boolean batchPrefix(Map<String, KillModel.State> seen, String batch) {
        String[] w = batch.split(" ");
        String[] names = w[1].split(",");
        for (int k = 1; k < names.length; k++) {
            String prefix = "metas " + String.join(",", java.util.Arrays.copyOf(names, k)) + " " + w[2];
            if (seen.equals(KillModel.apply(acknowledged, prefix))) {
                return true;
            }
        }
        return false;
    }
}
