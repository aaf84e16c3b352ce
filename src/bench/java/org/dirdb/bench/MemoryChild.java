package org.dirdb.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory workload's child JVM: writes payloads with one contender, reads them back, then prints its
 * throughput and its peak resident set size (VmHWM from /proc/self/status).
 * Arguments: {@code raw|dirdb|h2 DIR SIZE_BYTES [SIZE_BYTES ...]}.
 */
public final class MemoryChild {
    private MemoryChild() {}

    public static void main(String[] args) throws Exception {
        String system = args[0];
        Path dir = Files.createDirectories(Path.of(args[1]));
        List<Long> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sizes.add(Long.parseLong(args[i]));
        }
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        double write;
        double read;
        if (system.equals("raw")) {
            RawFiles files = new RawFiles(dir, RawFiles.Mode.DURABLE);
            Timer t = Timer.start();
            for (int i = 0; i < sizes.size(); i++) {
                files.put("p" + i, BigPayloads.meta("p" + i), new RandomStream(sizes.get(i), i));
            }
            write = BigPayloads.mib(total) / t.seconds();
            byte[] buf = new byte[RawFiles.BUFFER]; // the same consumer as the SQL readers: a heap array
            t = Timer.start();
            long got = 0;
            for (int i = 0; i < sizes.size(); i++) {
                RawFiles.read(dir.resolve("p" + i + ".pickle"), buf);
                got += sizes.get(i);
            }
            read = BigPayloads.mib(got) / t.seconds();
        } else {
            String url = system.equals("dirdb") ? Sql.dirdbUrl(dir, true) : Sql.h2Url(dir);
            try (Connection c = Sql.open(url);
                    PreparedStatement ins = c.prepareStatement(Sql.INSERT);
                    PreparedStatement sel = c.prepareStatement(Sql.SELECT_DATA)) {
                Timer t = Timer.start();
                for (int i = 0; i < sizes.size(); i++) {
                    Sql.insert(ins, "p" + i, BigPayloads.meta("p" + i), new RandomStream(sizes.get(i), i), sizes.get(i));
                }
                write = BigPayloads.mib(total) / t.seconds();
                byte[] buf = new byte[RawFiles.BUFFER];
                t = Timer.start();
                long got = 0;
                for (int i = 0; i < sizes.size(); i++) {
                    long n = Sql.readData(sel, "p" + i, buf);
                    if (n != sizes.get(i)) {
                        throw new IllegalStateException("read " + n + " bytes of p" + i + ", expected " + sizes.get(i));
                    }
                    got += n;
                }
                read = BigPayloads.mib(got) / t.seconds();
            }
        }
        System.out.printf(Locale.ROOT, "RESULT %.1f %.1f %d%n", write, read, peakRssKib());
    }

    static long peakRssKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
