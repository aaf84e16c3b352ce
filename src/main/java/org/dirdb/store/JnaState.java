package org.dirdb.store;

/**
 * Whether JNA's native part is loaded in this JVM. Loading it costs a cold JVM a few hundred milliseconds,
 * so the store loads it at the first lock, attribute or watch it needs, and never just to list; once it is
 * loaded, registering one more class of native methods is cheap.
 */
final class JnaState {
    private static volatile boolean loaded;

    private JnaState() {}

    static boolean loaded() {
        return loaded;
    }

    /** Called by each class that registered its native methods. */
    static void registered() {
        loaded = true;
    }
}
