package org.dirdb.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code put DIR NAME FILE [--meta JSON]}: makes entry NAME hold FILE's bytes as its data and JSON (or no
 * metadata) as its metadata. A missing entry is inserted; an existing one is replaced as a whole, data
 * and metadata in one statement, so readers see the old entry or the new one. The file is streamed, never
 * held in memory.
 */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Stores FILE as the data of entry NAME: inserts the entry, or replaces an existing "
                + "entry's data and metadata together (the metadata becomes --meta, or none without it).")
final class PutCommand implements Callable<Integer> {
    private static final String UPDATE = "UPDATE db SET meta = ?, data = ? WHERE name = ?";
    private static final String INSERT = "INSERT INTO db (name, meta, data) VALUES (?, ?, ?)";
    private static final String DUPLICATE = "23505";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The database directory.")
    Path directory;

    @Parameters(index = "1", paramLabel = "NAME", description = "The entry name.")
    String name;

    @Parameters(index = "2", paramLabel = "FILE", description = "The file whose bytes become the data.")
    Path file;

    @Option(names = "--meta", paramLabel = "JSON", description = "Metadata, a JSON object; default: none.")
    String meta;

    private final PrintStream out;
    private final PrintStream err;

    PutCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Not a readable file: " + file);
        }
        long length = OwnFiles.size(file);
        try (Connection connection = Connections.open(directory)) {
            // Update first: replacing is the common case of a repeated put. Should another process insert
            // the entry between our update and insert, the insert fails with 23505 and we update once more.
            String action = "replaced";
            if (write(connection, false, length) == 0) {
                try {
                    write(connection, true, length);
                    action = "inserted";
                } catch (SQLException e) {
                    if (!DUPLICATE.equals(e.getSQLState()) || write(connection, false, length) == 0) {
                        throw e;
                    }
                }
            }
            out.println(action + " " + name + " (" + length + (length == 1 ? " byte)" : " bytes)"));
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "No such file: " + file);
        }
        return 0;
    }

    private int write(Connection connection, boolean insert, long length) throws Exception {
        Progress progress = Progress.of(err, name, length);
        try (PreparedStatement statement = connection.prepareStatement(insert ? INSERT : UPDATE);
                InputStream in = progress.track(OwnFiles.read(file))) {
            int metaIndex = insert ? 2 : 1;
            int dataIndex = insert ? 3 : 2;
            int nameIndex = insert ? 1 : 3;
            statement.setString(nameIndex, name);
            if (meta == null) {
                statement.setNull(metaIndex, Types.VARCHAR);
            } else {
                statement.setString(metaIndex, meta);
            }
            statement.setBinaryStream(dataIndex, in, length);
            int count = statement.executeUpdate();
            if (count > 0) {
                progress.finish();
            }
            return count;
        }
    }
}
