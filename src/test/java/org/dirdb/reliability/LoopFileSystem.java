package org.dirdb.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A file system on a loop-mounted image, for power-loss tests: {@link #powerLoss()} shuts it down
 * without flushing its log (the {@code XFS_IOC_GOINGDOWN} ioctl through {@code xfs_io}, which ext4 accepts
 * too), which drops everything not yet durable exactly as a power cut would, then unmounts and mounts it
 * again. Needs root, loop devices, {@code mkfs.TYPE} and {@code xfs_io}.
 */
final class LoopFileSystem implements AutoCloseable {
    private final String type;
    private final Path image;
    final Path mount;
    private boolean mounted;

    private LoopFileSystem(String type, Path image, Path mount) {
        this.type = type;
        this.image = image;
        this.mount = mount;
    }

    /** Why this machine cannot run the power-loss tests, or null when it can. */
    static String unavailableBecause(String type, Path scratch) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "needs root to mount loop devices (running as " + System.getProperty("user.name") + ")";
        }
        for (String tool : List.of("mkfs." + type, "xfs_io", "mount", "umount")) {
            if (!onPath(tool)) {
                return tool + " is not installed (Debian: " + (tool.startsWith("mkfs.xfs") || tool.equals("xfs_io")
                        ? "xfsprogs" : tool.startsWith("mkfs.ext4") ? "e2fsprogs" : "mount") + ")";
            }
        }
        try (LoopFileSystem fs = create(type, scratch)) {
            fs.powerLoss();
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot mount and shut down a loop " + type + " file system here: " + e.getMessage();
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Makes a 512 MiB sparse image of {@code type} under {@code scratch} and mounts it. */
    static LoopFileSystem create(String type, Path scratch) throws IOException {
        Path image = Files.createTempFile(scratch, type, ".img");
        Path mount = Files.createTempDirectory(scratch, type + "-mnt");
        try (var f = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(0);
            f.write(java.nio.ByteBuffer.wrap(new byte[1]), (512L << 20) - 1);
        }
        run("mkfs." + type, type.equals("xfs") ? "-qf" : "-qF", image.toString());
        LoopFileSystem fs = new LoopFileSystem(type, image, mount);
        fs.mount();
        return fs;
    }

    private void mount() throws IOException {
        run("mount", "-o", "loop", image.toString(), mount.toString());
        mounted = true;
    }

    /** Cuts the power: shutdown without log flush, unmount, mount again. */
    void powerLoss() throws IOException {
        run("xfs_io", "-x", "-c", "shutdown", mount.toString());
        run("umount", mount.toString());
        mounted = false;
        mount();
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            run("umount", mount.toString());
            mounted = false;
        }
        Files.deleteIfExists(image);
        Files.deleteIfExists(mount);
    }

    private static void run(String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(command));
        if (!onPathPlain(line.get(0))) {
            line.set(0, Path.of("/usr/sbin", line.get(0)).toString());
        }
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command));
        }
    }

    private static boolean onPathPlain(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return type + " on " + image.getFileName();
    }
}
