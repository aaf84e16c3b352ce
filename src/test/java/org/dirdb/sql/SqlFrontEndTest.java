package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlFrontEndTest {
    private final SqlFrontEnd frontEnd = new SqlFrontEnd(16);

    private QueryException fails(String sql) {
        return assertThrows(QueryException.class, () -> frontEnd.prepare(sql));
    }

    @Test
    void syntaxErrorReportsLineAndColumn() {
        QueryException e = fails("SELECT name,\nmeta\nFROM db WHERE name = = 1");
        assertEquals(SqlState.SYNTAX_ERROR, e.state());
        assertTrue(e.getMessage().contains("line 3, column 22"), e.getMessage());
        QueryException typo = fails("SELEC name FROM db");
        assertTrue(typo.getMessage().contains("line 1, column 1"), typo.getMessage());
    }

    @Test
    void lexicalErrorReportsPosition() {
        QueryException e = fails("SELECT 'unterminated FROM db");
        assertEquals(SqlState.SYNTAX_ERROR, e.state());
        assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
    }

    @Test
    void emptyAndBlankSqlAre42000() {
        assertEquals(SqlState.SYNTAX_ERROR, fails("").state());
        assertEquals(SqlState.SYNTAX_ERROR, fails("   \n ").state());
        assertEquals(SqlState.SYNTAX_ERROR, fails(" ; ").state());
    }

    @Test
    void twoStatementsAreRejected() {
        QueryException e = fails("SELECT name FROM db; DELETE FROM db WHERE name = 'a'");
        assertEquals(SqlState.SYNTAX_ERROR, e.state());
        assertTrue(e.getMessage().contains("one statement"), e.getMessage());
    }

    @Test
    void trailingSemicolonAndCommentsAreAccepted() {
        Plan plan = frontEnd.prepare("SELECT name FROM db; -- done\n");
        assertInstanceOf(Plan.Select.class, plan);
        assertInstanceOf(Plan.Select.class, frontEnd.prepare("SELECT name /* ; ( */ FROM db WHERE name = ';('"));
    }

    @Test
    void deepNestingIsRejectedFastWithoutParsing() {
        String nested = "SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " FROM db";
        String open = "(".repeat(1 << 20);
        int threadsBefore = Thread.activeCount();
        long start = System.nanoTime();
        assertEquals(SqlState.SYNTAX_ERROR, fails(nested).state());
        assertEquals(SqlState.SYNTAX_ERROR, fails(open).state());
        assertEquals(SqlState.SYNTAX_ERROR, fails("SELECT " + "(".repeat(100_000)).state());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 500, "took " + millis + " ms");
        assertEquals(0, frontEnd.parseCount());
        assertTrue(Thread.activeCount() <= threadsBefore);
    }

    @Test
    void overlongSqlIsRejected() {
        String sql = "SELECT name FROM db WHERE name = '" + "x".repeat(SqlFrontEnd.MAX_LENGTH) + "'";
        QueryException e = fails(sql);
        assertEquals(SqlState.TOO_COMPLEX, e.state());
        assertTrue(e.getMessage().length() < 400);
    }

    @Test
    void unbalancedCloseParenReportsPosition() {
        QueryException e = fails("SELECT name FROM db WHERE name = 'a')");
        assertTrue(e.getMessage().contains("line 1, column 37"), e.getMessage());
    }

    @Test
    void unknownTableIs42S02NamingIt() {
        QueryException e = fails("SELECT name FROM runs");
        assertEquals(SqlState.UNKNOWN_TABLE, e.state());
        assertTrue(e.getMessage().contains("runs"));
        assertEquals(SqlState.UNKNOWN_TABLE, fails("SELECT name FROM \"DB\"").state());
        assertEquals(SqlState.UNKNOWN_TABLE, fails("DELETE FROM other WHERE name = 'a'").state());
    }

    @Test
    void unknownColumnIs42S22NamingIt() {
        QueryException e = fails("SELECT name, colour FROM db");
        assertEquals(SqlState.UNKNOWN_COLUMN, e.state());
        assertTrue(e.getMessage().contains("colour"));
        assertEquals(SqlState.UNKNOWN_COLUMN, fails("INSERT INTO db (name, blob) VALUES ('a', 'b')").state());
    }

    @Test
    void unsupportedConstructsAre0A000NamingThem() {
        QueryException join = fails("SELECT db.name FROM db JOIN db b ON db.name = b.name");
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, join.state());
        assertTrue(join.getMessage().contains("JOIN"), join.getMessage());
        QueryException sub = fails("SELECT name FROM (SELECT name FROM db) s");
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, sub.state());
        assertTrue(sub.getMessage().contains("subquery"), sub.getMessage());
        QueryException create = fails("CREATE TABLE runs (name VARCHAR PRIMARY KEY)");
        assertTrue(create.getMessage().contains("CreateTable"), create.getMessage());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("SELECT name FROM db LIMIT 3").state());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("SELECT name FROM db WHERE size > 3").state());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("UPDATE db SET size = 3 WHERE name = 'a'").state());
    }

    @Test
    void identicalSqlIsParsedOnce() {
        String sql = "SELECT name FROM db WHERE name = ?";
        Plan first = frontEnd.prepare(sql);
        Plan second = frontEnd.prepare(sql);
        assertSame(first, second);
        assertEquals(1, frontEnd.parseCount());
    }

    @Test
    void selectTranslatesColumnsFilterAndOrder() {
        Plan.Select plan = (Plan.Select) frontEnd.prepare("SELECT NAME, \"meta\" AS m FROM DB WHERE ? = name ORDER BY name DESC");
        assertEquals(List.of(new Plan.Projection(DbColumn.NAME, "name"), new Plan.Projection(DbColumn.META, "m")),
                plan.columns());
        assertEquals(Optional.of(new Value.Parameter(1)), plan.nameFilter());
        assertTrue(plan.descending());
        assertEquals(1, plan.parameterCount());
        Plan.Select star = (Plan.Select) frontEnd.prepare("SELECT * FROM db");
        assertEquals(DbColumn.values().length, star.columns().size());
    }

    @Test
    void quotedColumnsMatchExactly() {
        assertEquals(SqlState.UNKNOWN_COLUMN, fails("SELECT \"Name\" FROM db").state());
    }

    @Test
    void insertTranslatesLiteralsAndParameters() {
        Plan.Insert plan = (Plan.Insert) frontEnd.prepare(
                "INSERT INTO db (data, name, meta) VALUES (X'CAFE', 'it''s', NULL), (?, ?, ?)");
        assertEquals(List.of(DbColumn.DATA, DbColumn.NAME, DbColumn.META), plan.columns());
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, ((Value.Bytes) plan.rows().get(0).get(0)).value());
        assertEquals(new Value.Text("it's"), plan.rows().get(0).get(1));
        assertEquals(Value.NULL, plan.rows().get(0).get(2));
        assertEquals(List.of(new Value.Parameter(1), new Value.Parameter(2), new Value.Parameter(3)),
                plan.rows().get(1));
        assertEquals(3, plan.parameterCount());
        Plan.Insert single = (Plan.Insert) frontEnd.prepare("INSERT INTO db (name) VALUES ('a')");
        assertEquals(List.of(List.of(new Value.Text("a"))), single.rows());
    }

    @Test
    void insertValueCountMismatchIs21S01() {
        assertEquals(SqlState.VALUE_COUNT_MISMATCH, fails("INSERT INTO db (name, meta) VALUES ('a')").state());
    }

    @Test
    void updateAndDeleteTranslate() {
        Plan.Update update = (Plan.Update) frontEnd.prepare("UPDATE db SET meta = ?, data = NULL WHERE name = ?");
        assertEquals(Optional.of(new Value.Parameter(1)), update.meta());
        assertEquals(Optional.of(Value.NULL), update.data());
        assertEquals(new Value.Parameter(2), update.name());
        Plan.Delete delete = (Plan.Delete) frontEnd.prepare("DELETE FROM db WHERE name = 'x'");
        assertEquals(new Value.Text("x"), delete.name());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("DELETE FROM db").state());
    }

    @Test
    void probesSelectConstants() {
        Plan.Constants one = (Plan.Constants) frontEnd.prepare("SELECT 1");
        assertEquals(List.of(new Value.Number(1)), one.values());
        assertInstanceOf(Plan.Constants.class, frontEnd.prepare("SELECT 1 FROM DUAL"));
    }
}
