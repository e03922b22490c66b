package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import java.util.List;

/**
 * Statements run in order, in one transaction, on the named datasource. {@code :name} in a statement is a bound
 * parameter, never text spliced into the SQL. A query's rows come back as JSON objects, at most {@code maxRows}.
 */
public record SqlTask(
        @JsonProperty(required = true) String datasource,
        @JsonProperty(required = true) List<String> statements,
        int maxRows) implements TaskSpec {

    public static final int DEFAULT_MAX_ROWS = 1000;
    public static final int MAX_ROWS = 100_000;

    public SqlTask {
        Definitions.checkName(datasource, "datasource");
        Check.maxSize(Check.required(statements, "statements"), 100, "statements");
        if (statements.isEmpty()) {
            throw new io.taskrunner.protocol.ProtocolException("statements", "must hold at least one statement");
        }
        for (int i = 0; i < statements.size(); i++) {
            Check.maxLength(Check.notBlank(statements.get(i), "statements[" + i + "]"), 64 * 1024,
                    "statements[" + i + "]");
        }
        statements = List.copyOf(statements);
        maxRows = maxRows == 0 ? DEFAULT_MAX_ROWS : maxRows;
        Check.range(maxRows, 1, MAX_ROWS, "maxRows");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.SQL;
    }
}
