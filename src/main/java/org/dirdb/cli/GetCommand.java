package org.dirdb.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code get DIR NAME [FILE]}: streams entry NAME's data to FILE, or to standard output without FILE.
 * A missing entry, or one that holds only metadata, is an error with SQLState 02000 (no data). FILE is
 * replaced only once the whole payload is written (see {@link OwnFiles.Replacement}); a failure leaves it
 * as it was.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Writes the data of entry NAME to FILE, or to standard output.")
final class GetCommand implements Callable<Integer> {
    private static final String SELECT = "SELECT size, data FROM db WHERE name = ?";
    private static final String NO_DATA = "02000";

    @Parameters(index = "0", paramLabel = "DIR", description = "The database directory.")
    Path directory;

    @Parameters(index = "1", paramLabel = "NAME", description = "The entry name.")
    String name;

    @Parameters(index = "2", arity = "0..1", paramLabel = "FILE", description = "Where to write; default: stdout.")
    Path file;

    private final PrintStream out;
    private final PrintStream err;

    GetCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        try (Connection connection = Connections.open(directory);
                PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("no entry named '" + name + "'", NO_DATA);
                }
                long size = row.getLong(1);
                try (InputStream data = row.getBinaryStream(2)) {
                    if (data == null) {
                        throw new SQLException("entry '" + name + "' holds metadata only, no data", NO_DATA);
                    }
                    Progress progress = Progress.of(err, name, size);
                    if (file == null) {
                        data.transferTo(progress.track(out));
                        out.flush();
                    } else {
                        // FILE gets the whole payload or is left as it was: never a partial copy.
                        try (OwnFiles.Replacement target = OwnFiles.replace(file)) {
                            data.transferTo(progress.track(target.stream()));
                            target.commit();
                        }
                    }
                    progress.finish();
                }
            }
        }
        return 0;
    }
}
