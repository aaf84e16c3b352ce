package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a query's shape says of its plan, and that point lookups answer the same without their WHERE test. */
class SelectShapeTest {
    private final SqlFrontEnd frontEnd = new SqlFrontEnd(16);

    @TempDir
    Path dir;

    private SelectShape shape(String sql) {
        return SelectShape.of((Plan.Select) frontEnd.prepare(sql));
    }

    @Test
    void onlyAnExactNameEqualityIsTheScanItself() {
        assertTrue(shape("SELECT data FROM db WHERE name = ?").whereIsScan);
        assertTrue(shape("SELECT data FROM db WHERE ? = name").whereIsScan);
        assertTrue(shape("SELECT name, meta FROM db WHERE name = 'a'").whereIsScan);
        assertFalse(shape("SELECT data FROM db WHERE name = ? AND size > 1").whereIsScan);
        assertFalse(shape("SELECT data FROM db WHERE name IN (?, ?)").whereIsScan);
        assertFalse(shape("SELECT data FROM db WHERE name >= ?").whereIsScan);
        assertFalse(shape("SELECT data FROM db").whereIsScan);
    }

    @Test
    void shapeFollowsWhatTheQueryReads() {
        SelectShape lookup = shape("SELECT data FROM db WHERE name = ?");
        assertTrue(lookup.needsFiles);
        assertFalse(lookup.metaFirst);
        assertFalse(lookup.readsClock);
        assertFalse(lookup.replayable); // data is a file reference, not a value a replay can hand out again
        SelectShape listing = shape("SELECT name, meta FROM db");
        assertTrue(listing.metaFirst);
        assertTrue(listing.outputsReadFirst);
        assertTrue(listing.replayable);
        assertEquals(List.of("name", "meta"), listing.columns.stream().map(ResultColumn::label).toList());
        assertTrue(shape("SELECT name, CURRENT_TIMESTAMP FROM db").readsClock);
        assertFalse(shape("SELECT name, CURRENT_TIMESTAMP FROM db").replayable);
    }

    @Test
    void thePlanCacheHandsOutOnePreparedPlanPerText() {
        Executor.Prepared first = frontEnd.prepared("SELECT data FROM db WHERE name = ?");
        assertSame(first, frontEnd.prepared("SELECT data FROM db WHERE name = ?"));
        assertSame(first.plan(), frontEnd.prepare("SELECT data FROM db WHERE name = ?"));
    }

    @Test
    void pointLookupsFindTheNamedEntryOnly() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false")) {
            c.createStatement().executeUpdate("INSERT INTO db (name, meta) VALUES ('a', '{}'), ('ab', '{\"x\": 1}')");
            assertEquals(List.of(List.of("ab", "{\"x\": 1}")),
                    SqlFixture.rows(c, "SELECT name, meta FROM db WHERE name = ?", "ab"));
            assertEquals(List.of(List.of("a")), SqlFixture.rows(c, "SELECT name FROM db WHERE ? = name", "a"));
            assertEquals(List.of(), SqlFixture.rows(c, "SELECT name FROM db WHERE name = ?", "b"));
            assertEquals(List.of(), SqlFixture.rows(c, "SELECT name FROM db WHERE name = ?", 1));
            assertEquals(List.of(), SqlFixture.rows(c, "SELECT name FROM db WHERE name = 'A'"));
            assertEquals(List.of(List.of("a")), SqlFixture.rows(c, "SELECT name FROM db WHERE name = 'a'"));
        }
    }
}
