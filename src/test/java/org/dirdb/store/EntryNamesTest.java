package org.dirdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class EntryNamesTest {
    @TempDir
    Path root;

    static final List<String> HOSTILE = List.of(
            "", ".", "..", "../x", "a/../../x", "a/b", "/etc/passwd", "a\\b", "C:\\x", "x:y",
            "a\0b", "line\nbreak", "cr\r", "tab\t", "esc\u001b", "del\u007f", "c1\u0085",
            "\u2028ls", "ps\u2029", "\u202Eexe.txt", "zero\u200Bwidth", "\uFEFFbom", "private\uE000",
            "unassigned\u0378", "lone\uD800", "\uDC00lone", ".hidden", ".x.pickle.0011223344556677.tmp",
            ".x.commit", ".lock", "n".repeat(201), "€".repeat(67), "é".repeat(101),
            "cafe\u0301", "CON", "con", "nul.txt", "COM1", "lpt9.json", "AUX", "PRN.x", "COM¹",
            "trailing.", "trailing ", " leading", "star*", "q?", "quote\"", "lt<", "gt>", "pipe|");

    private static void attempt(Store store, String name) {
        store.write(name, WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.of(new byte[] {1}));
    }

    @TestFactory
    Stream<DynamicTest> everyHostileNameIsRejectedAndTouchesNothing() {
        Path db = root.resolve("a/b/db");
        try (Store store = Store.open(db, StoreOptions.defaults())) {
            // keep the store open across the dynamic tests
        }
        return HOSTILE.stream().map(name -> DynamicTest.dynamicTest(EntryNames.quote(name), () -> {
            DirSnapshot before = DirSnapshot.of(root);
            try (Store store = Store.open(db, StoreOptions.defaults())) {
                StoreException e = assertThrows(StoreException.class, () -> attempt(store, name));
                assertTrue(e.reason() == StoreException.Reason.INVALID_NAME
                        || e.reason() == StoreException.Reason.UNSUPPORTED, e.reason() + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(EntryNames.quote(name).substring(0, Math.min(10,
                        EntryNames.quote(name).length()))), e.getMessage());
            }
            assertEquals(before, DirSnapshot.of(root), "the database directory and two levels above it");
        }));
    }

    @Test
    void theByteLimitCountsUtf8BytesNotCharacters() {
        assertTrue(HOSTILE.size() >= 50, "size " + HOSTILE.size());
        EntryNames.requireCreatable("n".repeat(EntryNames.MAX_BYTES));
        EntryNames.requireCreatable("€".repeat(66)); // 198 bytes
        assertThrows(StoreException.class, () -> EntryNames.requireCreatable("€".repeat(66) + "éé"));
    }

    @Test
    void ordinaryNamesPass() {
        for (String ok : List.of("run-1", "model_v2.final", "x.pickle", "x.lock", "x.json", "données", "数据",
                "with space", "emoji😀", "a'b", "50%")) {
            EntryNames.requireCreatable(ok);
        }
    }

    @Test
    void existingNonNfcEntriesWrittenByOthersRemainReadable() throws Exception {
        Path db = root.resolve("db");
        Files.createDirectories(db);
        String nfd = "cafe\u0301";
        Files.writeString(db.resolve(nfd + ".json"), "{\"by\": \"python\"}");
        try (Store store = Store.open(db, StoreOptions.defaults())) {
            assertEquals(List.of(nfd), store.list());
            assertEquals("{\"by\": \"python\"}", store.readMeta(nfd));
            assertTrue(store.write(nfd, WriteMode.UPDATE, MetaChange.set("{}"), PayloadChange.KEEP));
            StoreException e = assertThrows(StoreException.class,
                    () -> store.write("cafe\u0301x", WriteMode.INSERT, MetaChange.set("{}"), PayloadChange.KEEP));
            assertEquals(StoreException.Reason.INVALID_NAME, e.reason());
        }
    }
}
