package org.dirdb.cli;

import java.util.List;

/** Prints statement results in one output format; one instance serves every statement of a run. */
interface ResultFormatter {
    /** Starts a result set with these column labels. */
    void begin(List<String> columns);

    /** One row; as many cells as columns. */
    void row(List<Cell> cells);

    /** Ends the current result set. */
    void end();

    /** The result of a statement that returned no result set. */
    void updateCount(long count);
}
