package org.dirdb.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.dirdb.sql.SqlState;

/**
 * A parsed {@code jdbc:dirdb:PATH[?name=value&...]} URL.
 *
 * <p>Rules: PATH is everything up to the first {@code ?}, taken literally (no percent-decoding), absolute or
 * relative to the working directory. Query values are percent-decoded. Properties may also come from
 * {@link Properties}; when both give one, <b>the URL wins</b>, because the URL is what a user sees and copies.
 * Unknown names are rejected naming them, except {@code user} and {@code password}, which tools always pass.
 *
 * @param directory  the database directory, absolute
 * @param properties the given properties (defaults are not filled in)
 */
record DirdbUrl(Path directory, Map<ConnectionProperty, String> properties) {
    static final String PREFIX = "jdbc:dirdb:";

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    static DirdbUrl parse(String url, Properties info) throws SQLException {
        String rest = url.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        if (path.isBlank()) {
            throw Errors.of(SqlState.CONNECTION_FAILED, "no directory in URL " + url
                    + "; expected jdbc:dirdb:/path/to/dir");
        }
        Map<ConnectionProperty, String> properties = new EnumMap<>(ConnectionProperty.class);
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                put(properties, name, info.getProperty(name));
            }
        }
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                put(properties, name, value);
            }
        }
        try {
            return new DirdbUrl(Path.of(path).toAbsolutePath().normalize(), properties);
        } catch (InvalidPathException e) {
            throw Errors.of(SqlState.CONNECTION_FAILED, "invalid directory in URL " + url + ": " + e.getMessage(), e);
        }
    }

    private static void put(Map<ConnectionProperty, String> properties, String name, String value)
            throws SQLException {
        String folded = name.toLowerCase(Locale.ROOT);
        if (folded.equals("user") || folded.equals("password")) {
            return;
        }
        ConnectionProperty property = ConnectionProperty.byKey(name);
        if (property == null) {
            StringBuilder known = new StringBuilder();
            for (ConnectionProperty p : ConnectionProperty.values()) {
                known.append(known.length() == 0 ? "" : ", ").append(p.key());
            }
            throw Errors.of(SqlState.INVALID_ATTRIBUTE, "unknown connection property '" + name
                    + "'; known properties are " + known);
        }
        properties.put(property, value);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
