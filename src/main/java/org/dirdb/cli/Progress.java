package org.dirdb.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error for payloads over {@link #THRESHOLD} bytes, drawn only when
 * the JVM has a console (an interactive terminal); otherwise every method does nothing.
 */
final class Progress {
    static final long THRESHOLD = 8L << 20;
    private static final int BAR = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final String label;
    private final long total;
    private final boolean visible;
    private long done;
    private long lastDraw;

    private Progress(PrintStream err, String label, long total, boolean visible) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.visible = visible;
    }

    /** A bar for {@code total} bytes, visible only for large payloads on a terminal. */
    static Progress of(PrintStream err, String label, long total) {
        return new Progress(err, label, total, total > THRESHOLD && System.console() != null);
    }

    InputStream track(InputStream in) {
        if (!visible) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                advance(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                advance(Math.max(n, 0));
                return n;
            }
        };
    }

    OutputStream track(OutputStream out) {
        if (!visible) {
            return out;
        }
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                out.write(buffer, off, len);
                advance(len);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                advance(1);
            }
        };
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (visible) {
            draw();
            err.println();
        }
    }

    private void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    private void draw() {
        double fraction = total == 0 ? 1 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * BAR);
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %.1f/%.1f MiB", label, "#".repeat(filled),
                " ".repeat(BAR - filled), Math.round(fraction * 100), done / 1048576.0, total / 1048576.0));
        err.flush();
    }
}
