package org.dirdb.bench;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * W4: a report over the metadata of the W3 set, in SQL through dirdb, against a plain loop that reads
 * and parses every {@code NAME.json} with Jackson and aggregates in a map. A query the SQL layer does not
 * support yet is recorded as a note with its SQLState instead of stopping the run.
 */
final class Report {
    static final String GROUP_SQL = "SELECT JSON_VALUE(meta, '$.model') AS model, COUNT(*) AS n, "
            + "AVG(CAST(JSON_VALUE(meta, '$.score') AS DOUBLE)) AS mean_score FROM db "
            + "GROUP BY JSON_VALUE(meta, '$.model')";
    static final String FILTER_SQL = "SELECT name FROM db WHERE JSON_VALUE(meta, '$.model') = 'm03' "
            + "AND CAST(JSON_VALUE(meta, '$.epoch') AS INTEGER) > 50";
    static final String JACKSON = "plain loop: read + Jackson parse";
    static final String DIRDB = "dirdb SQL";

    final String group = "W4 report: GROUP BY JSON_VALUE(meta,'$.model'), COUNT, AVG";
    final String filter = "W4 report: WHERE on two JSON fields";
    private final Config cfg;
    private final Results results;
    private final JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    Report(Config cfg, Results results) {
        this.cfg = cfg;
        this.results = results;
        results.table(group, Unit.ROWS_S, JACKSON);
        results.table(filter, Unit.ROWS_S, JACKSON);
    }

    /** One repetition: the loop and then the SQL, for each of the two reports. */
    void runOnce(Path dir) throws Exception {
        int n = cfg.smallCount();
        Timer t = Timer.start();
        Map<String, double[]> byModel = jacksonGroup(dir);
        results.add(group, JACKSON, n / t.seconds());
        t = Timer.start();
        int matches = jacksonFilter(dir);
        results.add(filter, JACKSON, n / t.seconds());

        try (Connection c = Sql.open(Sql.dirdbUrl(dir, true))) {
            t = Timer.start();
            int groups = sql(c, GROUP_SQL, group);
            if (groups >= 0) {
                results.add(group, DIRDB, n / t.seconds());
                check(group, groups, byModel.size());
            }
            t = Timer.start();
            int rows = sql(c, FILTER_SQL, filter);
            if (rows >= 0) {
                results.add(filter, DIRDB, n / t.seconds());
                check(filter, rows, matches);
            }
        }
    }

    private void check(String table, int got, int expected) {
        if (got != expected) {
            results.note(table, "Result mismatch: dirdb returned " + got + " rows, the plain loop " + expected + ".");
        }
    }

    private int sql(Connection c, String query, String table) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int rows = 0;
            while (rs.next()) {
                rs.getString(1);
                rows++;
            }
            return rows;
        } catch (SQLException e) {
            results.note(table, "dirdb cannot run it yet: `" + query + "` fails with SQLState " + e.getSQLState()
                    + " (" + e.getMessage().replace('\n', ' ') + ").");
            return -1;
        }
    }

    private Map<String, double[]> jacksonGroup(Path dir) throws Exception {
        Map<String, double[]> byModel = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                JsonNode meta = mapper.readTree(Files.readAllBytes(p));
                double[] acc = byModel.computeIfAbsent(meta.path("model").asText(), k -> new double[2]);
                acc[0]++;
                acc[1] += meta.path("score").asDouble();
            }
        }
        return byModel;
    }

    private int jacksonFilter(Path dir) throws Exception {
        int matches = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                JsonNode meta = mapper.readTree(Files.readAllBytes(p));
                if (meta.path("model").asText().equals("m03") && meta.path("epoch").asInt() > 50) {
                    matches++;
                }
            }
        }
        return matches;
    }
}
