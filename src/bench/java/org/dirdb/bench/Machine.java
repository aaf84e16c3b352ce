package org.dirdb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A short description of the machine the figures come from: CPU, memory, disk, file system, JDK. */
final class Machine {
    private Machine() {}

    static String describe(Path dir) {
        StringBuilder out = new StringBuilder();
        out.append("- CPU: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(firstMatch(Path.of("/proc/cpuinfo"), "model name")).append('\n');
        out.append("- Memory: ").append(firstMatch(Path.of("/proc/meminfo"), "MemTotal")).append('\n');
        out.append("- File system of the data directory: ")
                .append(command("findmnt", "-no", "SOURCE,FSTYPE,OPTIONS", "--target", dir.toString())).append('\n');
        out.append("- Free space: ").append(command("df", "-h", "--output=avail", dir.toString()).replace("Avail", "")
                .trim()).append('\n');
        out.append("- Kernel: ").append(command("uname", "-r")).append('\n');
        out.append(String.format(Locale.ROOT, "- JDK: %s %s (%s)", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor")));
        return out.toString();
    }

    private static String firstMatch(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                if (l.startsWith(key)) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim().replace('\n', ' ');
            p.waitFor();
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
