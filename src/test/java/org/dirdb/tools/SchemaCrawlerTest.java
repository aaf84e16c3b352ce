package org.dirdb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSources;

/**
 * SchemaCrawler at its maximum info level: it calls nearly every DatabaseMetaData method, each in its own
 * try/catch, and logs a warning for each one that fails. No warning may come from a metadata call, and the
 * catalog it builds must show table {@code db} as the driver describes it.
 */
class SchemaCrawlerTest {
    @TempDir
    Path dir;

    @Test
    void maximumInfoLevelCrawlHasNoFailedMetadataCall() throws Exception {
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (warnings) {
                        warnings.add(record);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (Connection connection = DriverManager.getConnection("jdbc:dirdb:" + dir + "?sync=false")) {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("INSERT INTO db (name, meta, data) VALUES ('a', '{}', X'00')");
            }
            SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
                    .withLoadOptions(LoadOptionsBuilder.builder()
                            .withSchemaInfoLevel(SchemaInfoLevelBuilder.maximum()).toOptions());
            Catalog catalog = SchemaCrawlerUtility.getCatalog(DatabaseConnectionSources.fromConnection(connection),
                    options);

            Collection<Table> tables = catalog.getTables();
            assertEquals(List.of("db"), tables.stream().map(Table::getName).toList());
            Table db = tables.iterator().next();
            assertEquals(List.of("name", "meta", "data", "size", "modified", "format"),
                    db.getColumns().stream().map(Column::getName).toList());
            assertEquals("JSON", db.lookupColumn("meta").orElseThrow().getColumnDataType().getName());
            assertEquals("BLOB", db.lookupColumn("data").orElseThrow().getColumnDataType().getName());
            assertTrue(db.lookupColumn("size").orElseThrow().isGenerated());
            assertTrue(db.hasPrimaryKey());
            assertEquals(List.of("name"), db.getPrimaryKey().getConstrainedColumns().stream()
                    .map(Column::getName).toList());
            assertEquals(1, db.getIndexes().size());
            assertTrue(db.getIndexes().iterator().next().isUnique());
            assertTrue(catalog.getColumnDataTypes().size() >= 6, catalog.getColumnDataTypes().toString());
        } finally {
            root.removeHandler(capture);
        }
        List<String> messages = new ArrayList<>();
        synchronized (warnings) {
            for (LogRecord record : warnings) {
                messages.add(record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
            }
        }
        assertEquals(List.of(), messages, "metadata calls that failed during the crawl");
    }
}
