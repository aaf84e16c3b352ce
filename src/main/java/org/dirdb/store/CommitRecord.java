package org.dirdb.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-entry commit record {@code .NAME.commit}: the list of renames and unlinks that together
 * make one statement's change to an entry. It is written and fsynced (with the directory) before the
 * first rename, and removed once the last is durable (for a marker of renames only, after the store's next
 * directory fsync: {@link FinishedMarkers}), so it is the commit point: a crash before it leaves the old
 * entry, a crash after it is finished by {@link Store} recovery, which replays it under the entry lock.
 * Replay is idempotent: a rename whose temp file is gone already happened.
 *
 * <p>Two encodings. A change to one entry's own files is a <em>marker</em> {@code .NAME.commit} whose text,
 * {@code dirdb1:P:J}, names the temp files (by their 16 hex digits) that replace {@code NAME.pickle} (P)
 * and {@code NAME.json} (J), {@code -} for a deletion and nothing for a file left alone. Creating either
 * form of marker is one atomic metadata operation made durable by the directory fsync, so it needs no
 * fsync of its own:
 * <ul>
 *   <li>when the change renames a new payload and new metadata into place (an insert or an update of both),
 *       the marker is a hard link to the metadata temp file, and the text is that file's extended attribute
 *       {@value #MARKER_ATTRIBUTE}, set before the file's fsync. It allocates no inode, and its removal frees
 *       none: on ext4 without a journal, an inode freed moments before makes every later allocation slower
 *       (the allocator reads past inodes deleted in the last seconds), and a marker made and removed per
 *       commit paid that on every insert. The attribute stays on {@code NAME.json} afterwards and means
 *       nothing there: only a file under a record's name is ever read as one;</li>
 *   <li>otherwise (a step is an unlink, or the file system keeps no user attributes), the marker is a symbolic
 *       link holding the text, never followed, only read.</li>
 * </ul>
 * A rename names two entries and is a small JSON file, fsynced, under both entries' names.
 *
 * <p>A rename of {@code from} to {@code entry} renames {@code from}'s files to {@code entry}'s; its
 * record is written under both names, so using either entry first finishes it. It counts only when both
 * names hold the same bytes: the second copy is written before the directory fsync that is the commit point,
 * so a copy under one name alone is a rename that never committed (or one whose replay finished).
 *
 * <p>A torn record (crash while it was written, before its fsync) is not valid JSON and means the
 * change never committed. Every file name in a record is checked to belong to its entry, so a planted
 * record cannot rename or delete anything else.
 */
record CommitRecord(String entry, String from, List<Op> ops) {
    static final String SUFFIX = ".commit";

    /** One step: rename {@code source} over {@code target}, or unlink {@code target} (source null). */
    record Op(String target, String source) {
        boolean isDelete() {
            return source == null;
        }
    }

    static String fileName(String entry) {
        return "." + entry + SUFFIX;
    }

    /** The entry a commit record file name belongs to, or null. */
    static String entryOf(String fileName) {
        if (fileName.startsWith(".") && fileName.endsWith(SUFFIX) && fileName.length() > 1 + SUFFIX.length()) {
            return fileName.substring(1, fileName.length() - SUFFIX.length());
        }
        return null;
    }

    byte[] encode() {
        ObjectNode root = MetaJson.MAPPER.createObjectNode();
        root.put("format", "dirdb-commit/1");
        root.put("entry", entry);
        if (from != null) {
            root.put("from", from);
        }
        ArrayNode list = root.putArray("ops");
        for (Op op : ops) {
            ObjectNode o = list.addObject();
            o.put("target", op.target());
            if (op.source() != null) {
                o.put("source", op.source());
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a record; null when it is torn or does not belong to {@code entry}. */
    static CommitRecord decode(String entry, byte[] bytes) {
        JsonNode root;
        try {
            root = MetaJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject() || !"dirdb-commit/1".equals(root.path("format").asText())) {
            return null;
        }
        String to = root.path("entry").asText(null);
        String from = root.hasNonNull("from") ? root.get("from").asText() : null;
        if (to == null || to.equals(from) || !(entry.equals(to) || entry.equals(from))) {
            return null; // a record under one entry's name speaks only of that entry (or its rename)
        }
        List<Op> ops = new ArrayList<>();
        for (JsonNode o : root.path("ops")) {
            String target = o.path("target").asText(null);
            String source = o.hasNonNull("source") ? o.get("source").asText() : null;
            if (from == null ? !belongs(to, target, source) : !renames(from, to, target, source)) {
                return null;
            }
            ops.add(new Op(target, source));
        }
        return ops.isEmpty() ? null : new CommitRecord(to, from, List.copyOf(ops));
    }

    static final String MARKER_PREFIX = "dirdb1:";
    /** The extended attribute holding the text of a marker that is a hard link to the metadata temp file. */
    static final String MARKER_ATTRIBUTE = "user.dirdb.commit";
    /** No valid marker text is longer ({@code dirdb1:} and two times 16 hex digits). */
    static final int MARKER_MAX_BYTES = 64;

    /** The marker text of a change that renames {@code pickleTemp} and {@code jsonTemp} into place. */
    static String marker(String entry, String pickleTemp, String jsonTemp) {
        return new CommitRecord(entry, null, List.of(new Op(entry + ".pickle", pickleTemp),
                new Op(entry + ".json", jsonTemp))).marker();
    }

    /**
     * The text of a hard-link marker's attribute, or null when the file has none (that can be one).
     *
     * @throws IOException when the attribute could not be read: then nobody can tell whether the file is a
     *     marker, and it must be neither replayed nor discarded
     */
    static String markerAttribute(StorageIO io, java.nio.file.Path record) throws IOException {
        byte[] value = io.readXattr(record, MARKER_ATTRIBUTE, MARKER_MAX_BYTES);
        return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }

    /** Whether this is what a hard-link marker can hold: a rename of both files, nothing else. */
    boolean renamesBoth() {
        return ops.size() == 2 && ops.stream().noneMatch(Op::isDelete);
    }

    /**
     * The text of the marker at {@code record}, whichever its form: a symbolic link's text, or the attribute of
     * a regular file that has one; null when the file is neither (a JSON record, something else).
     *
     * @throws java.nio.file.NoSuchFileException when there is no file under the name
     */
    static String readMarker(StorageIO io, java.nio.file.Path record) throws IOException {
        try {
            return io.readSymbolicLink(record);
        } catch (java.nio.file.NotLinkException e) {
            String text = markerAttribute(io, record);
            if (text == null && io.stat(record) == null) {
                throw new java.nio.file.NoSuchFileException(record.toString());
            }
            return text;
        }
    }

    /** True when this change can be written as a marker (no rename). */
    boolean fitsMarker() {
        return from == null;
    }

    /** The marker text: {@code dirdb1:P:J}. */
    String marker() {
        return MARKER_PREFIX + markerPart(entry + ".pickle") + ":" + markerPart(entry + ".json");
    }

    private String markerPart(String target) {
        for (Op op : ops) {
            if (op.target().equals(target)) {
                if (op.isDelete()) {
                    return "-";
                }
                String source = op.source();
                return source.substring(source.length() - TempFile.SUFFIX.length() - 16,
                        source.length() - TempFile.SUFFIX.length());
            }
        }
        return "";
    }

    /** Parses a marker's text; null when it is not one of ours. */
    static CommitRecord decodeMarker(String entry, String text) {
        if (text == null || !text.startsWith(MARKER_PREFIX)) {
            return null;
        }
        String[] parts = text.substring(MARKER_PREFIX.length()).split(":", -1);
        if (parts.length != 2) {
            return null;
        }
        List<Op> ops = new ArrayList<>(2);
        String[] kinds = {"pickle", "json"};
        for (int i = 0; i < 2; i++) {
            String part = parts[i];
            String target = entry + "." + kinds[i];
            if (part.equals("-")) {
                ops.add(new Op(target, null));
            } else if (part.length() == 16 && part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                ops.add(new Op(target, "." + entry + "." + kinds[i] + "." + part + TempFile.SUFFIX));
            } else if (!part.isEmpty()) {
                return null;
            }
        }
        return ops.isEmpty() ? null : new CommitRecord(entry, null, List.copyOf(ops));
    }

    /** The entries whose record files hold this record. */
    List<String> recordHolders() {
        return from == null ? List.of(entry) : List.of(from, entry);
    }

    private static boolean renames(String from, String to, String target, String source) {
        for (String suffix : new String[] {".pickle", ".json"}) {
            if ((to + suffix).equals(target)) {
                return (from + suffix).equals(source);
            }
        }
        return false;
    }

    private static boolean belongs(String entry, String target, String source) {
        String kind;
        if ((entry + ".pickle").equals(target)) {
            kind = ".pickle.";
        } else if ((entry + ".json").equals(target)) {
            kind = ".json.";
        } else {
            return false;
        }
        return source == null
                || (entry.equals(TempFile.entryOf(source)) && source.startsWith("." + entry + kind));
    }
}
