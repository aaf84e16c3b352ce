package org.dirdb.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code dirdb DIR "SQL" ["SQL" ...]} runs statements in order against a directory
 * through the JDBC driver and prints each result; {@code put} and {@code get} stream one entry's data in
 * and out of a file.
 *
 * <p>Exit codes: 0 on success, 1 when a statement or transfer fails ({@code ERROR <SQLState>: message} on
 * standard error, later statements are not run), 2 on a usage error.
 */
@Command(
        name = "dirdb",
        mixinStandardHelpOptions = true,
        version = "dirdb-jdbc command line",
        sortOptions = false,
        description = {
            "Runs SQL statements, in order, against a directory of dirdb entries (table db).",
            "Result sets are printed as a table (data shown as its size), updates as a row count."
        },
        subcommands = {PutCommand.class, GetCommand.class},
        footer = {
            "",
            "Exit codes: 0 success, 1 SQL or I/O error (stops at the failing statement), 2 usage error.",
            "Example: dirdb /tmp/db \"SELECT name, size FROM db ORDER BY name\""
        })
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The database directory.")
    Path directory;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "SQL", description = "Statements, run in order.")
    List<String> statements = new ArrayList<>();

    @Option(names = "--csv", description = "Print result sets as CSV (RFC 4180) instead of a table.")
    boolean csv;

    @Option(names = "--json", description = "Print one JSON document per statement, one per line.")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code instead of exiting. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        var commandLine = new CommandLine(new Main(out, err), new StreamFactory(out, err));
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler(new Failures(err));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws SQLException {
        if (directory == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: DIR");
        }
        if (statements.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: SQL");
        }
        if (csv && json) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--csv and --json exclude each other");
        }
        ResultFormatter formatter = csv ? new CsvFormatter(out, err)
                : json ? new JsonFormatter(out)
                : new TableFormatter(out);
        try (Connection connection = Connections.open(directory);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                if (statement.execute(sql)) {
                    try (var resultSet = statement.getResultSet()) {
                        Rows.print(resultSet, formatter);
                    }
                } else {
                    formatter.updateCount(statement.getUpdateCount());
                }
            }
        }
        out.flush();
        return 0;
    }

    /** Lets picocli build {@link Main} with the output stream it should print to. */
    private record StreamFactory(PrintStream out, PrintStream err) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == Main.class) {
                return type.cast(new Main(out, err));
            }
            if (type == PutCommand.class) {
                return type.cast(new PutCommand(out, err));
            }
            if (type == GetCommand.class) {
                return type.cast(new GetCommand(out, err));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
