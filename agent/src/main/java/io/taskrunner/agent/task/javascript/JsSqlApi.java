package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.sql.NamedParameters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.Map;

/**
 * {@code sql.query(datasource, sql, params)} returns the rows as objects, {@code sql.update(datasource, sql, params)}
 * the update count. {@code :name} parameters are bound from {@code params}; each call opens its own connection and
 * closes it. A stop of the run cancels the statement, and none outlasts the run's deadline.
 */
final class JsSqlApi {

    static final int MAX_ROWS = 100_000;

    private final JsBridge bridge;
    private final Datasources datasources;

    private JsSqlApi(JsBridge bridge, Datasources datasources) {
        this.bridge = bridge;
        this.datasources = datasources;
    }

    static JsNamespace create(JsBridge bridge, Datasources datasources) {
        JsSqlApi api = new JsSqlApi(bridge, datasources);
        return new JsNamespace("sql", bridge, Map.of(
                "query", new JsFunction("sql.query", bridge, arguments -> api.execute("sql.query", arguments, true)),
                "update", new JsFunction("sql.update", bridge,
                        arguments -> api.execute("sql.update", arguments, false))), null);
    }

    private Object execute(String function, Object[] arguments, boolean query) {
        String datasource = JsArgs.text(arguments, 0, function + ": datasource");
        NamedParameters statement = NamedParameters.parse(JsArgs.text(arguments, 1, function + ": sql"));
        JsonNode values = JsArgs.options(bridge, arguments, 2, function + ": params");
        for (String name : statement.names()) {
            if (!values.has(name)) {
                throw new TaskException(function + ": no value for parameter :" + name);
            }
        }
        try (Connection connection = open(function, datasource);
                PreparedStatement prepared = connection.prepareStatement(statement.sql());
                JsGuard.Registration _ = bridge.guard().onStop(() -> cancelQuietly(prepared))) {
            limitTime(prepared);
            for (int i = 0; i < statement.names().size(); i++) {
                bind(prepared, i + 1, values.get(statement.names().get(i)));
            }
            if (!query) {
                return prepared.executeUpdate();
            }
            try (ResultSet rows = prepared.executeQuery()) {
                return bridge.toJs(rows(function, rows));
            }
        } catch (SQLException e) {
            bridge.guard().check();
            throw new TaskException(function + " on '" + datasource + "' failed: " + e.getMessage(), e);
        }
    }

    private Connection open(String function, String datasource) {
        try {
            return datasources.open(datasource);
        } catch (TaskException e) {
            throw new TaskException(function + ": " + e.getMessage(), e);
        }
    }

    private void limitTime(PreparedStatement prepared) throws SQLException {
        bridge.guard().check();
        long seconds = Math.max(1, (bridge.guard().remaining().toMillis() + 999) / 1000);
        try {
            prepared.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
        } catch (SQLFeatureNotSupportedException e) {
            // The stop callback still cancels the statement at the deadline.
        }
    }

    private static void bind(PreparedStatement prepared, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            prepared.setObject(index, null);
        } else if (value.isTextual()) {
            prepared.setString(index, value.textValue());
        } else if (value.isBoolean()) {
            prepared.setBoolean(index, value.booleanValue());
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            prepared.setLong(index, value.longValue());
        } else if (value.isNumber()) {
            double number = value.doubleValue();
            if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                prepared.setLong(index, (long) number);
            } else {
                prepared.setDouble(index, number);
            }
        } else {
            prepared.setString(index, value.toString());  // an object or array as JSON text
        }
    }

    private ArrayNode rows(String function, ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        ArrayNode result = bridge.json().createArrayNode();
        while (rows.next()) {
            if (result.size() >= MAX_ROWS) {
                throw new TaskException(function + ": more than " + MAX_ROWS + " rows; narrow the query");
            }
            if ((result.size() & 0xFF) == 0) {
                bridge.guard().check();
            }
            ObjectNode row = result.addObject();
            for (int column = 1; column <= columns; column++) {
                put(row, meta.getColumnLabel(column), rows.getObject(column));
            }
        }
        return result;
    }

    private static void put(ObjectNode row, String name, Object value) throws SQLException {
        switch (value) {
            case null -> row.putNull(name);
            case String text -> row.put(name, text);
            case Boolean flag -> row.put(name, flag);
            case Integer number -> row.put(name, number);
            case Long number -> row.put(name, number);
            case Short number -> row.put(name, number);
            case Byte number -> row.put(name, number.intValue());
            case Double number -> row.put(name, number);
            case Float number -> row.put(name, number);
            case BigDecimal number -> row.put(name, number);
            case BigInteger number -> row.put(name, number);
            case Timestamp timestamp -> row.put(name, timestamp.toLocalDateTime().toString());
            case Date date -> row.put(name, date.toLocalDate().toString());
            case Time time -> row.put(name, time.toLocalTime().toString());
            case Clob clob -> row.put(name, clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length())));
            case byte[] bytes -> row.put(name, Base64.getEncoder().encodeToString(bytes));
            default -> row.put(name, value.toString());
        }
    }

    private static void cancelQuietly(PreparedStatement prepared) {
        try {
            prepared.cancel();
        } catch (SQLException e) {
            // The statement ends with the connection anyway.
        }
    }
}
