package org.dirdb.bench;

/** Wall-clock timing of one trial. */
final class Timer {
    private final long start = System.nanoTime();

    static Timer start() {
        return new Timer();
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    double millis() {
        return (System.nanoTime() - start) / 1e6;
    }
}
