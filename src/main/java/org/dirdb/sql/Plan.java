package org.dirdb.sql;

import java.util.List;
import java.util.Optional;

/**
 * What a statement does, independent of JSqlParser: the translator produces it, the {@link Executor} runs it.
 * Plans are immutable and cached by SQL text, so re-executing a prepared statement neither re-parses nor
 * re-translates.
 */
public sealed interface Plan {

    /** How many {@code ?} parameters the statement has (the highest index). */
    int parameterCount();

    /** True when executing returns rows. */
    default boolean returnsRows() {
        return false;
    }

    /** One output column of a SELECT over {@code db}. */
    record Projection(DbColumn column, String label) {}

    /**
     * {@code SELECT columns FROM db [WHERE name = v] [ORDER BY name [DESC]]}.
     *
     * @param nameFilter the value the name must equal, when there is a WHERE
     */
    record Select(List<Projection> columns, Optional<Value> nameFilter, boolean descending, int parameterCount)
            implements Plan {
        public Select {
            columns = List.copyOf(columns);
        }

        @Override
        public boolean returnsRows() {
            return true;
        }
    }

    /** A one-row SELECT of constants ({@code SELECT 1}, {@code SELECT 1 FROM DUAL}): connection probes. */
    record Constants(List<String> labels, List<Value> values, int parameterCount) implements Plan {
        public Constants {
            labels = List.copyOf(labels);
            values = List.copyOf(values);
        }

        @Override
        public boolean returnsRows() {
            return true;
        }
    }

    /** {@code INSERT INTO db (columns) VALUES rows}: each row lists one value per column. */
    record Insert(List<DbColumn> columns, List<List<Value>> rows, int parameterCount) implements Plan {
        public Insert {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** {@code UPDATE db SET meta = v, data = v WHERE name = v}; an empty optional leaves that column alone. */
    record Update(Optional<Value> meta, Optional<Value> data, Value name, int parameterCount) implements Plan {}

    /** {@code DELETE FROM db WHERE name = v}. */
    record Delete(Value name, int parameterCount) implements Plan {}
}
