package org.dirdb.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines a child process prints, read on a daemon thread so that a test can wait for a handshake line
 * with a timeout instead of sleeping blindly. {@link #awaitEnd} returns once the stream is exhausted.
 */
public final class Lines {
    private static final String END = new String("end of stream");
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    public Lines(InputStream stream, String label) {
        reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    all.add(line);
                    queue.add(line);
                }
            } catch (IOException e) {
                // Only when our end was closed (Process.destroy*() does that): what was still in the pipe is
                // lost. Kill children through their ProcessHandle to read their output to its end.
            } finally {
                queue.add(END);
            }
        }, "lines of " + label);
        reader.setDaemon(true);
        reader.start();
    }

    /** The next line, or null at the end of the stream; fails the test after {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        String line = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            fail("no line from the child process within " + timeout);
        }
        return line == END ? null : line;
    }

    /** Waits until the next line equals {@code expected}; fails on another line, the end, or a timeout. */
    public void expect(String expected, Duration timeout) throws InterruptedException {
        String line = next(timeout);
        if (!expected.equals(line)) {
            fail("expected the child process to print '" + expected + "' but it printed " + line);
        }
    }

    /** Waits until a line starting with {@code prefix} arrives, passing over others; fails at the end or timeout. */
    public String awaitPrefix(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                fail("the child process ended before printing a line starting with '" + prefix + "'");
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Every line printed so far, whether or not it was taken with {@link #next}. */
    public List<String> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Waits for the reader to reach the end of the stream (the process has exited). */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        if (reader.isAlive()) {
            fail("the child process's output did not end within " + timeout);
        }
    }

    /** A line already read, without waiting; null when none is queued or the stream ended. */
    public String poll() {
        String line = queue.poll();
        if (line == END) {
            queue.add(END);
            return null;
        }
        return line;
    }
}
