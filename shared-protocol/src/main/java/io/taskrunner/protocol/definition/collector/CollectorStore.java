package io.taskrunner.protocol.definition.collector;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import java.util.regex.Pattern;

/**
 * Stores each poll as one row of {@code table} in a datasource: a {@code collected_at} timestamp column and one
 * column per value, named as the value. The table must exist (the agent never creates or alters tables); values are
 * bound as parameters, and a missing column is reported with its name.
 *
 * @param table a table name, optionally schema-qualified ({@code plant.press_values})
 */
public record CollectorStore(
        @JsonProperty(required = true) String datasource,
        @JsonProperty(required = true) String table) {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    public CollectorStore {
        Definitions.checkName(datasource, "datasource");
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new ProtocolException("table", "'" + table + "' must be a plain table name such as press_values"
                    + " or plant.press_values (letters, digits and _)");
        }
    }
}
