package io.taskrunner.console.viewmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads what a field device run's result JSON holds: written values, a frame, its named values. */
final class FieldResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldResults() {
    }

    /** The result's top-level {@code field}; a missing node when there is none or the result is not JSON. */
    static JsonNode field(String result, String field) {
        if (result == null || result.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(result).get(field);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A JSON value as a Java value for {@link Formats#value}; {@code null} for JSON null or a missing node. */
    static Object value(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : JSON.convertValue(node, Object.class);
    }

    /** The named values of an object node, in the order the agent sent them, as table rows. */
    static List<ReadValueRow> valueRows(JsonNode values, LocalizedTexts texts) {
        List<ReadValueRow> rows = new ArrayList<>();
        if (!values.isObject()) {
            return rows;
        }
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            Object value = value(entry.getValue());
            rows.add(new ReadValueRow(entry.getKey(), texts.compute(messages -> Formats.value(value, messages)), ""));
        }
        return rows;
    }

    /**
     * A frame as a line an operator can read: control characters as the escapes the forms accept
     * ({@code ST,GS,+0012.34kg\r\n}), so a line end is seen rather than breaking the line.
     */
    static String printable(String frame) {
        if (frame == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(frame.length() + 8);
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            switch (c) {
                case '\r' -> text.append("\\r");
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        text.append(String.format("\\x%02X", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.toString();
    }
}
