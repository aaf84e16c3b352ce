package org.dirdb.reliability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.dirdb.store.MetaChange;
import org.dirdb.store.PayloadChange;
import org.dirdb.store.StorageIO;
import org.dirdb.store.Store;
import org.dirdb.store.StoreOptions;
import org.dirdb.store.WriteMode;

/**
 * The victim of the kill and power-loss tests, in its own JVM: a seeded random mix of INSERT, UPDATE of
 * metadata, UPDATE of data and metadata together, a batch of metadata UPDATEs of several entries (one
 * {@code executeBatch}, which the driver makes durable with one directory fsync at its end), rename and
 * DELETE over ten entries. It prints {@code op STATEMENT} before each statement and {@code ack} once it
 * returned, sometimes idles a little after an acknowledgement, and runs until it is killed.
 *
 * <p>Arguments: directory, first generation, random seed, and a mode: {@code jdbc} (the driver, durable),
 * {@code jdbc-nosync} (the driver with {@code sync=false}: a control that must lose writes on power loss)
 * or {@code no-dir-fsync} (the store with every fsync but the directory's: the other control).
 */
public final class MixedWriter {
    private MixedWriter() {}

    /** One way of executing the statements. */
    private interface Executor extends AutoCloseable {
        Map<String, KillModel.State> current() throws Exception;

        void run(String statement, long gen, Map<String, KillModel.State> state) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String directory = args[0];
        long gen = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        String mode = args.length > 3 ? args[3] : "jdbc";
        try (Executor executor = mode.equals("no-dir-fsync") ? new StoreExecutor(directory) : new JdbcExecutor(
                "jdbc:dirdb:" + directory + (mode.equals("jdbc-nosync") ? "?sync=false" : "?directWriteMin=65536"))) {
            Map<String, KillModel.State> state = executor.current();
            KillModel.meta(0, 0); // load and warm up the model first: "ready" means statements start now
            System.out.println("ready");
            System.out.flush();
            for (;; gen++) {
                String statement = choose(random, state, gen);
                System.out.println("op " + statement);
                System.out.flush();
                executor.run(statement, gen, state);
                state = KillModel.apply(state, statement);
                System.out.println("ack");
                System.out.flush();
                if (random.nextInt(3) == 0) {
                    // Idle after an acknowledgement, as real writers do: a crash now must lose nothing, and
                    // nothing later (no other fsync) makes the last statement durable by accident.
                    Thread.sleep(random.nextInt(60));
                }
            }
        }
    }

    private static String choose(Random random, Map<String, KillModel.State> state, long gen) {
        List<String> present = new ArrayList<>(state.keySet());
        List<String> absent = new ArrayList<>(KillModel.NAMES);
        absent.removeAll(present);
        int pick = random.nextInt(100);
        if (present.isEmpty() || (pick < 20 && !absent.isEmpty())) {
            return "insert " + absent.get(random.nextInt(absent.size())) + " " + gen;
        } else if (pick < 45) {
            return "meta " + present.get(random.nextInt(present.size())) + " " + gen;
        } else if (pick < 72 || (pick < 80 && present.size() < 2)) {
            return "both " + present.get(random.nextInt(present.size())) + " " + gen;
        } else if (pick < 80) {
            List<String> batch = new ArrayList<>(present);
            java.util.Collections.shuffle(batch, random);
            return "metas " + String.join(",", batch.subList(0, 2 + random.nextInt(batch.size() - 1))) + " " + gen;
        } else if (pick < 90 && !absent.isEmpty()) {
            return "rename " + present.get(random.nextInt(present.size())) + " " + absent.get(random.nextInt(absent.size()));
        }
        return "delete " + present.get(random.nextInt(present.size()));
    }

    private static long dataGenOf(String metaText) {
        int at = metaText.indexOf("\"data\": ") + 8;
        return Long.parseLong(metaText.substring(at, metaText.indexOf(',', at)));
    }

    private static KillModel.State stateOf(String metaText) {
        int at = metaText.indexOf("\"gen\": ") + 7;
        return new KillModel.State(Long.parseLong(metaText.substring(at, metaText.indexOf(',', at))),
                dataGenOf(metaText));
    }

    /** Through the JDBC driver. */
    private static final class JdbcExecutor implements Executor {
        private final Connection c;
        private final PreparedStatement insert;
        private final PreparedStatement meta;
        private final PreparedStatement both;
        private final PreparedStatement delete;
        private final PreparedStatement rename;

        JdbcExecutor(String url) throws Exception {
            c = DriverManager.getConnection(url);
            insert = c.prepareStatement("INSERT INTO db (name, meta, data) VALUES (?, ?, ?)");
            meta = c.prepareStatement("UPDATE db SET meta = ? WHERE name = ?");
            both = c.prepareStatement("UPDATE db SET meta = ?, data = ? WHERE name = ?");
            delete = c.prepareStatement("DELETE FROM db WHERE name = ?");
            rename = c.prepareStatement("UPDATE db SET name = ? WHERE name = ?");
        }

        @Override
        public Map<String, KillModel.State> current() throws Exception {
            Map<String, KillModel.State> state = new TreeMap<>();
            try (ResultSet rows = c.createStatement().executeQuery("SELECT name, meta FROM db")) {
                while (rows.next()) {
                    state.put(rows.getString(1), stateOf(rows.getString(2)));
                }
            }
            return state;
        }

        @Override
        public void run(String statement, long gen, Map<String, KillModel.State> state) throws Exception {
            String[] w = statement.split(" ");
            if (w[0].equals("metas")) {
                for (String name : w[1].split(",")) {
                    meta.setString(1, KillModel.meta(gen, state.get(name).dataGen()));
                    meta.setString(2, name);
                    meta.addBatch();
                }
                for (int count : meta.executeBatch()) {
                    if (count != 1) {
                        throw new IllegalStateException(statement + " changed " + count + " rows in one of its statements");
                    }
                }
                return;
            }
            PreparedStatement p;
            switch (w[0]) {
                case "insert" -> {
                    p = insert;
                    byte[] data = KillModel.data(gen);
                    p.setString(1, w[1]);
                    p.setString(2, KillModel.meta(gen, gen));
                    p.setBinaryStream(3, new ByteArrayInputStream(data), data.length);
                }
                case "meta" -> {
                    p = meta;
                    p.setString(1, KillModel.meta(gen, state.get(w[1]).dataGen()));
                    p.setString(2, w[1]);
                }
                case "both" -> {
                    p = both;
                    byte[] data = KillModel.data(gen);
                    p.setString(1, KillModel.meta(gen, gen));
                    p.setBinaryStream(2, new ByteArrayInputStream(data), data.length);
                    p.setString(3, w[1]);
                }
                case "rename" -> {
                    p = rename;
                    p.setString(1, w[2]);
                    p.setString(2, w[1]);
                }
                default -> {
                    p = delete;
                    p.setString(1, w[1]);
                }
            }
            int count = p.executeUpdate();
            if (count != 1) {
                throw new IllegalStateException(statement + " changed " + count + " rows");
            }
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }

    /** Through the store, with every fsync except the directory's: renames may not survive power loss. */
    private static final class StoreExecutor implements Executor {
        private final Store store;

        StoreExecutor(String directory) {
            StorageIO noDirectorySync = new StorageIO() {
                @Override
                public void syncDirectory(Path dir) {
                    // the control's missing step
                }
            };
            store = Store.open(Path.of(directory), StoreOptions.defaults().withIo(noDirectorySync));
        }

        @Override
        public Map<String, KillModel.State> current() throws IOException {
            Map<String, KillModel.State> state = new TreeMap<>();
            for (String name : store.list()) {
                state.put(name, stateOf(store.readMeta(name)));
            }
            return state;
        }

        @Override
        public void run(String statement, long gen, Map<String, KillModel.State> state) {
            String[] w = statement.split(" ");
            switch (w[0]) {
                case "insert" -> store.write(w[1], WriteMode.INSERT, MetaChange.set(KillModel.meta(gen, gen)),
                        PayloadChange.of(KillModel.data(gen)));
                case "meta" -> store.write(w[1], WriteMode.UPDATE,
                        MetaChange.set(KillModel.meta(gen, state.get(w[1]).dataGen())), PayloadChange.KEEP);
                case "both" -> store.write(w[1], WriteMode.UPDATE, MetaChange.set(KillModel.meta(gen, gen)),
                        PayloadChange.of(KillModel.data(gen)));
                case "metas" -> {
                    for (String name : w[1].split(",")) {
                        store.write(name, WriteMode.UPDATE, MetaChange.set(KillModel.meta(gen, state.get(name).dataGen())),
                                PayloadChange.KEEP);
                    }
                }
                case "rename" -> store.rename(w[1], w[2]);
                default -> store.delete(w[1]);
            }
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
