package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Device data written straight into a table of a datasource: one row per message, {@code columns} maps each column
 * to a mapped parameter. Table and column names come from the operator's definition and are checked as plain SQL
 * identifiers; values are always bound.
 */
public record StoreAction(
        @JsonProperty(required = true) String datasource,
        @JsonProperty(required = true) String table,
        @JsonProperty(required = true) Map<String, String> columns) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER.pattern() + "(\\." + IDENTIFIER.pattern() + ")?");

    public StoreAction {
        Definitions.checkName(datasource, "datasource");
        Check.notBlank(table, "table");
        if (!TABLE.matcher(table).matches()) {
            throw new ProtocolException("table", "'" + table + "' must be a plain table name (letters, digits, _;"
                    + " optionally schema.table)");
        }
        columns = Check.mapOf(columns, 256, "columns");
        if (columns.isEmpty()) {
            throw new ProtocolException("columns", "must name at least one column");
        }
        columns.forEach((column, parameter) -> {
            if (!IDENTIFIER.matcher(column).matches()) {
                throw new ProtocolException("columns." + column, "is not a plain column name (letters, digits, _)");
            }
            Check.notBlank(parameter, "columns." + column);
        });
    }
}
