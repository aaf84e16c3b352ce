package org.dirdb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure while running a command into one line on standard error and an exit code:
 * {@code ERROR <SQLState>: message} and 1 for SQL and I/O errors (I/O errors, such as a FILE that cannot
 * be written, carry {@value #IO_ERROR_STATE}, the state the driver gives its own I/O errors), the usage
 * message and 2 for usage errors found after parsing (a missing input file, say).
 */
record Failures(PrintStream err) implements IExecutionExceptionHandler {
    static final int SQL_OR_IO_ERROR = 1;
    static final String IO_ERROR_STATE = "58030";

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        if (ex instanceof CommandLine.ParameterException usage) {
            err.println(usage.getMessage());
            usage.getCommandLine().usage(err);
            return usage.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        }
        if (ex instanceof SQLException sql) {
            err.println("ERROR " + (sql.getSQLState() == null ? "HY000" : sql.getSQLState()) + ": " + sql.getMessage());
        } else if (ex instanceof IOException io) {
            err.println("ERROR " + IO_ERROR_STATE + ": " + io.getMessage());
        } else if (ex instanceof UncheckedIOException io) {
            err.println("ERROR " + IO_ERROR_STATE + ": " + io.getCause().getMessage());
        } else {
            err.println("ERROR: " + ex);
            ex.printStackTrace(err);
        }
        err.flush();
        return SQL_OR_IO_ERROR;
    }
}
