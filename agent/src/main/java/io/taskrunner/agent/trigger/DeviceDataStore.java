package io.taskrunner.agent.trigger;

import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.definition.StoreAction;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one row of device data into a datasource table. Table and column names are the operator's, checked as plain
 * identifiers when the rule was defined; every value from the device is a bound parameter.
 */
public final class DeviceDataStore {
    private final Datasources datasources;

    public DeviceDataStore(Datasources datasources) {
        this.datasources = datasources;
    }

    /**
     * Inserts the row; {@code values} maps parameter names to the device's values.
     *
     * @throws TaskException naming the datasource and table when the insert fails
     */
    public void insert(StoreAction action, Map<String, ?> values) {
        List<String> columns = new ArrayList<>(action.columns().keySet());
        String sql = "INSERT INTO " + action.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (Connection connection = datasources.open(action.datasource());
                PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int i = 0; i < columns.size(); i++) {
                insert.setObject(i + 1, jdbcValue(values.get(action.columns().get(columns.get(i)))));
            }
            insert.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new TaskException("cannot store the device's data into " + action.datasource() + "." + action.table()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Object jdbcValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof BigDecimal
                || value instanceof Long || value instanceof Integer || value instanceof java.sql.Timestamp) {
            return value;
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        // a JSON object or array from the payload is stored as its JSON text
        return value.toString();
    }
}
