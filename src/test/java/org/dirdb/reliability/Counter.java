package org.dirdb.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dirdb.store.EntryLock;
import org.dirdb.store.MetaChange;
import org.dirdb.store.MetaJson;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.dirdb.store.WriteMode;

/**
 * A JVM of the lost-update tests: increments {@code meta.counter} of one entry N times, each a
 * read-modify-write under the entry lock ({@link MetaChange.Transform}), or holds the entry lock until
 * it is killed.
 *
 * <p>Arguments: {@code increment DIR NAME N} or {@code hold DIR NAME}.
 */
public final class Counter {
    private Counter() {}

    /** The metadata with its counter one higher. */
    static String plusOne(String json) {
        try {
            ObjectNode meta = (ObjectNode) MetaJson.MAPPER.readTree(json);
            meta.put("counter", meta.get("counter").asLong() + 1);
            return MetaJson.MAPPER.writeValueAsString(meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long value(String json) {
        try {
            return MetaJson.MAPPER.readTree(json).get("counter").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line of a child JVM running this class. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Counter.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    public static void main(String[] args) throws Exception {
        try (Store store = Store.open(Path.of(args[1]), StoreOptions.defaults())) {
            String name = args[2];
            if (args[0].equals("hold")) {
                try (EntryLock lock = store.lock(name)) {
                    System.out.println("locked");
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            int times = Integer.parseInt(args[3]);
            for (int i = 0; i < times; i++) {
                store.write(name, WriteMode.UPDATE, new MetaChange.Transform(Counter::plusOne), PayloadChange.KEEP);
            }
            System.out.println("done");
        }
    }
}
