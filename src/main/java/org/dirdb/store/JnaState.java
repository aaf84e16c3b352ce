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

    /**
     * Binds the native methods of {@code natives} to the C library; returns why that failed, or null. Each
     * native class of the store calls this once, from its static initializer.
     */
    static Throwable register(Class<?> natives) {
        try {
            com.sun.jna.Native.register(natives, "c");
            loaded = true;
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
