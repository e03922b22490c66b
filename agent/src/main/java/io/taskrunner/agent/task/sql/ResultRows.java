package io.taskrunner.agent.task.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns query rows into JSON objects keyed by column label: numbers (decimals too) as numbers, booleans, null,
 * dates and times as ISO-8601 text, binary as base64, arrays as arrays, anything else as its text. A label seen
 * twice in one row gets {@code _2}, {@code _3}... so no value is lost.
 */
final class ResultRows {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The rows read, at most the cap given to {@link #read}. */
    record Page(ArrayNode rows, boolean truncated) {
    }

    private ResultRows() {
    }

    /** Reads up to {@code maxRows} rows; {@code truncated} tells whether at least one more was there. */
    static Page read(ResultSet results, int maxRows) throws SQLException {
        ResultSetMetaData meta = results.getMetaData();
        String[] labels = labels(meta);
        ArrayNode rows = JSON.arrayNode();
        while (results.next()) {
            if (rows.size() == maxRows) {
                return new Page(rows, true);
            }
            ObjectNode row = rows.addObject();
            for (int column = 1; column <= labels.length; column++) {
                row.set(labels[column - 1], value(results, meta, column));
            }
        }
        return new Page(rows, false);
    }

    private static String[] labels(ResultSetMetaData meta) throws SQLException {
        String[] labels = new String[meta.getColumnCount()];
        Set<String> seen = new HashSet<>();
        for (int column = 1; column <= labels.length; column++) {
            String label = meta.getColumnLabel(column);
            String unique = label;
            for (int n = 2; !seen.add(unique); n++) {
                unique = label + "_" + n;
            }
            labels[column - 1] = unique;
        }
        return labels;
    }

    private static JsonNode value(ResultSet results, ResultSetMetaData meta, int column) throws SQLException {
        String typeName = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        boolean zoned = typeName.endsWith("tz") || typeName.contains("time zone");
        Object value = switch (meta.getColumnType(column)) {
            case Types.DATE -> temporal(results, column, LocalDate.class);
            case Types.TIME -> temporal(results, column, zoned ? OffsetTime.class : LocalTime.class);
            case Types.TIME_WITH_TIMEZONE -> temporal(results, column, OffsetTime.class);
            case Types.TIMESTAMP -> temporal(results, column, zoned ? OffsetDateTime.class : LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> temporal(results, column, OffsetDateTime.class);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> results.getBytes(column);
            case Types.CLOB, Types.NCLOB -> results.getString(column);
            default -> results.getObject(column);
        };
        return toJson(value);
    }

    /** The driver's java.time value, or its text where it cannot convert (a value out of java.time's range). */
    private static Object temporal(ResultSet results, int column, Class<? extends TemporalAccessor> type)
            throws SQLException {
        try {
            return results.getObject(column, type);
        } catch (SQLException e) {
            return results.getString(column);
        }
    }

    static JsonNode toJson(Object value) throws SQLException {
        return switch (value) {
            case null -> JSON.nullNode();
            case Boolean bool -> JSON.booleanNode(bool);
            case Integer number -> JSON.numberNode(number);
            case Long number -> JSON.numberNode(number);
            case Short number -> JSON.numberNode(number);
            case Byte number -> JSON.numberNode(number.intValue());
            case BigInteger number -> JSON.numberNode(number);
            // Kept as written by the database: 1.50 stays 1.50.
            case BigDecimal number -> DecimalNode.valueOf(number);
            case Double number -> floating(number);
            case Float number -> floating(number.doubleValue());
            case String text -> JSON.textNode(text);
            case byte[] bytes -> JSON.textNode(Base64.getEncoder().encodeToString(bytes));
            case java.sql.Timestamp timestamp -> JSON.textNode(timestamp.toLocalDateTime().toString());
            case java.sql.Date date -> JSON.textNode(date.toLocalDate().toString());
            case java.sql.Time time -> JSON.textNode(time.toLocalTime().toString());
            case Clob clob -> JSON.textNode(clob.getSubString(1, (int) Math.min(clob.length(), Integer.MAX_VALUE)));
            case Array array -> array(array);
            case Object[] elements -> array(elements);
            default -> JSON.textNode(value.toString());
        };
    }

    private static JsonNode floating(double number) {
        // JSON has no NaN or infinity; their names keep the value visible.
        return Double.isFinite(number) ? JSON.numberNode(number) : JSON.textNode(Double.toString(number));
    }

    private static JsonNode array(Array array) throws SQLException {
        try {
            return toJson(array.getArray());
        } finally {
            array.free();
        }
    }

    private static JsonNode array(Object[] elements) throws SQLException {
        ArrayNode node = JSON.arrayNode(elements.length);
        for (Object element : elements) {
            node.add(toJson(element));
        }
        return node;
    }
}
