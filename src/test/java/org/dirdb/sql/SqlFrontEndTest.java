package org.dirdb.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dirdb.sql.ir.Expr;
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
    void keywordEscapesBecomeTheirKeywordOutsideLiteralsAndKeepErrorPositions() {
        Plan.Select now = (Plan.Select) frontEnd.prepare("SELECT {fn CURRENT_TIMESTAMP()}, { FN current_timestamp ( ) },"
                + " {fn CURRENT_TIMESTAMP}");
        assertEquals(List.of(new Expr.Now(), new Expr.Now(), new Expr.Now()),
                now.columns().stream().map(Plan.Output::expr).toList());
        Plan.Select literal = (Plan.Select) frontEnd.prepare("SELECT '{fn CURRENT_TIMESTAMP()}' /* {fn CURRENT_DATE()} */");
        assertEquals(new Expr.Literal("{fn CURRENT_TIMESTAMP()}"), literal.columns().get(0).expr());
        Plan.Select dollar = (Plan.Select) frontEnd.prepare("SELECT $$at {fn CURRENT_TIMESTAMP}$$");
        assertEquals(new Expr.Literal("at {fn CURRENT_TIMESTAMP}"), dollar.columns().get(0).expr());
        // The parser reports the second FROM where the text has it: the escape is padded, not shortened.
        QueryException e = fails("SELECT {fn CURRENT_TIMESTAMP()},\n  {fn CURRENT_TIMESTAMP()} FROM db FROM");
        assertEquals(SqlState.SYNTAX_ERROR, e.state());
        assertTrue(e.getMessage().contains("line 2, column 36"), e.getMessage());
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
        // Tables are directories, so whether one exists is known only when the statement runs. A schema
        // qualifier never names one.
        // qualifier never names one: JSqlParser splits "runs.v2" at the dot, and the parts are joined back.
        assertEquals("runs.v2", ((Plan.Select) frontEnd.prepare("SELECT name FROM \"runs.v2\"")).table());
        assertEquals("DB", ((Plan.Select) frontEnd.prepare("SELECT name FROM \"DB\"")).table());
        assertEquals("runs/2024", ((Plan.Select) frontEnd.prepare("SELECT name FROM \"runs/2024\"")).table());
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
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("UPDATE db SET size = 3 WHERE name = 'a'").state());
    }

    @Test
    void identicalSqlIsParsedOnce() {
        String sql = "SELECT name FROM db WHERE name = ? ORDER BY name"; // not planned without the parser
        Plan first = frontEnd.prepare(sql);
        Plan second = frontEnd.prepare(sql);
        assertSame(first, second);
        assertEquals(1, frontEnd.parseCount());
    }

    @Test
    void selectTranslatesColumnsFilterAndOrder() {
        Plan.Select plan = (Plan.Select) frontEnd.prepare("SELECT NAME, \"meta\" AS m FROM DB WHERE ? = name ORDER BY name DESC");
        assertEquals(List.of("name", "m"), plan.columns().stream().map(Plan.Output::label).toList());
        assertEquals(new Expr.Col(DbColumn.META), plan.columns().get(1).expr());
        assertEquals(new Scan.Names(List.of(new Expr.Param(1)), true), plan.scan());
        assertEquals(1, plan.parameterCount());
        Plan.Select star = (Plan.Select) frontEnd.prepare("SELECT * FROM db");
        assertEquals(DbColumn.values().length, star.columns().size());
    }

    @Test
    void likePrefixAndInArePushedDown() {
        Plan.Select like = (Plan.Select) frontEnd.prepare("SELECT name FROM db WHERE size > 3 AND name LIKE 'run!_%' ESCAPE '!'");
        assertEquals(new Scan.Prefix("run_", false), like.scan());
        Plan.Select in = (Plan.Select) frontEnd.prepare("SELECT name FROM db WHERE name IN ('a', ?) AND meta IS NOT NULL");
        assertEquals(new Scan.Names(List.of(new Expr.Literal("a"), new Expr.Param(1)), false), in.scan());
        Plan.Select or = (Plan.Select) frontEnd.prepare("SELECT name FROM db WHERE name = 'a' OR size > 1");
        assertEquals(new Scan.All(false), or.scan());
    }

    @Test
    void arrowChainsAreFlattened() {
        Plan.Select plan = (Plan.Select) frontEnd.prepare("SELECT meta->'a'->'b'->>0, (meta->'a')->>'c' FROM db");
        Expr meta = new Expr.Col(DbColumn.META);
        assertEquals(new Expr.JsonArrow(meta, List.of(new Expr.Literal("a"), new Expr.Literal("b"),
                new Expr.Literal(0L)), true), plan.columns().get(0).expr());
        assertEquals(new Expr.JsonArrow(meta, List.of(new Expr.Literal("a"), new Expr.Literal("c")), true),
                plan.columns().get(1).expr());
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("SELECT meta->>'a'->'b' FROM db").state());
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
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE},
                (byte[]) ((Expr.Literal) plan.rows().get(0).get(0)).value());
        assertEquals(new Expr.Literal("it's"), plan.rows().get(0).get(1));
        assertEquals(new Expr.Literal(null), plan.rows().get(0).get(2));
        assertEquals(List.of(new Expr.Param(1), new Expr.Param(2), new Expr.Param(3)), plan.rows().get(1));
        assertEquals(3, plan.parameterCount());
        Plan.Insert single = (Plan.Insert) frontEnd.prepare("INSERT INTO db (name) VALUES ('a')");
        assertEquals(List.of(List.of(new Expr.Literal("a"))), single.rows());
        assertInstanceOf(Plan.Fail.class, single.conflict());
    }

    @Test
    void insertValueCountMismatchIs21S01() {
        assertEquals(SqlState.VALUE_COUNT_MISMATCH, fails("INSERT INTO db (name, meta) VALUES ('a')").state());
    }

    @Test
    void updateAndDeleteTranslate() {
        Plan.Update update = (Plan.Update) frontEnd.prepare("UPDATE db SET meta = ?, data = NULL WHERE name = ?");
        assertEquals(List.of(new Plan.Assignment(DbColumn.META, new Expr.Param(1)),
                new Plan.Assignment(DbColumn.DATA, new Expr.Literal(null))), update.sets());
        assertEquals(new Scan.Names(List.of(new Expr.Param(2)), false), update.scan());
        Plan.Delete delete = (Plan.Delete) frontEnd.prepare("DELETE FROM db WHERE name = 'x'");
        assertEquals(new Scan.Names(List.of(new Expr.Literal("x")), false), delete.scan());
        assertInstanceOf(Plan.Delete.class, frontEnd.prepare("DELETE FROM db"));
        assertInstanceOf(Plan.Rename.class, frontEnd.prepare("UPDATE db SET name = ? WHERE name = ?"));
        assertEquals(SqlState.FEATURE_NOT_SUPPORTED, fails("UPDATE db SET name = 'a' WHERE size > 1").state());
    }

    @Test
    void probesSelectWithoutTable() {
        Plan.Select one = (Plan.Select) frontEnd.prepare("SELECT 1");
        assertEquals(null, one.table());
        assertEquals(new Expr.Literal(1L), one.columns().get(0).expr());
        assertEquals(null, ((Plan.Select) frontEnd.prepare("SELECT 1 FROM DUAL")).table());
        assertEquals(SqlState.UNKNOWN_COLUMN, fails("SELECT name").state());
    }

    @Test
    void everyUnsupportedConstructIs0A000() {
        for (String sql : List.of("SELECT a.name FROM db a JOIN db b ON a.name = b.name",
                "SELECT name FROM db WHERE name IN (SELECT name FROM db)",
                "SELECT ROW_NUMBER() OVER (ORDER BY name) FROM db",
                "SELECT name FROM db UNION SELECT name FROM db",
                "WITH x AS (SELECT name FROM db) SELECT name FROM x",
                "SELECT GREATEST(size, 1) FROM db",
                "SELECT JSON_VALUE(meta, '$.a[*]') FROM db",
                "INSERT INTO db (name) SELECT name FROM db",
                "TRUNCATE TABLE db")) {
            QueryException e = fails(sql);
            assertEquals(SqlState.FEATURE_NOT_SUPPORTED, e.state(), sql);
            assertTrue(e.getMessage().startsWith("not supported: "), e.getMessage());
        }
    }

    @Test
    void groupingRequiresGroupedColumns() {
        assertEquals(SqlState.SYNTAX_ERROR, fails("SELECT name, COUNT(*) FROM db").state());
        QueryException where = fails("SELECT name FROM db WHERE COUNT(*) > 1");
        assertEquals(SqlState.SYNTAX_ERROR, where.state(), where.getMessage());
        assertEquals(SqlState.SYNTAX_ERROR, fails("SELECT DISTINCT format FROM db ORDER BY size").state());
        Plan.Select ok = (Plan.Select) frontEnd.prepare(
                "SELECT JSON_VALUE(meta, '$.model') m, AVG(JSON_VALUE(meta, '$.loss')) FROM db GROUP BY m ORDER BY 2");
        assertTrue(ok.grouped());
        assertEquals(new Expr.GroupKey(0), ok.columns().get(0).expr());
    }

    @Test
    void aThreadInterruptedWhileParsingGetsACancellationNotASyntaxError() {
        // The parser runs on a pool thread; whether the caller's wait sees the interrupt before the result is a
        // race. Either way, an interrupted parse is never reported as bad SQL, and the flag stays set.
        int cancelled = 0;
        for (int i = 0; i < 20; i++) {
            String sql = "SELECT name FROM db WHERE JSON_VALUE(meta, '$.n" + i + "') = 'x'";
            Thread.currentThread().interrupt();
            try {
                frontEnd.prepare(sql);
            } catch (QueryException e) {
                assertEquals(SqlState.CANCELLED, e.state(), e.getMessage());
                cancelled++;
            } finally {
                assertTrue(Thread.interrupted(), "the flag stays set");
            }
            assertEquals(Plan.Select.class, frontEnd.prepare(sql).getClass(), "parsed once not interrupted");
        }
        System.out.println("interrupted parses cancelled: " + cancelled + " of 20");
    }
}
