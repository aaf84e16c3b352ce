package org.dirdb.jdbc;

import java.util.Locale;

/**
 * The client info properties a connection keeps ({@link java.sql.Connection#setClientInfo}): the standard
 * names pools and tools set. dirdb has no server to send them to; they are kept for the application to read
 * back and listed by {@code getClientInfoProperties}.
 */
enum ClientInfo {
    APPLICATION_NAME("ApplicationName", "the name of the application using the connection"),
    CLIENT_USER("ClientUser", "the user the application works for"),
    CLIENT_HOSTNAME("ClientHostname", "the host the application runs on");

    /** Longest value kept, in characters. */
    static final int MAX_LENGTH = 1024;

    private final String key;
    private final String description;

    ClientInfo(String key, String description) {
        this.key = key;
        this.description = description;
    }

    String key() {
        return key;
    }

    String description() {
        return description;
    }

    /** The property with this name (any case), or null. */
    static ClientInfo byKey(String name) {
        for (ClientInfo info : values()) {
            if (info.key.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return info;
            }
        }
        return null;
    }
}
