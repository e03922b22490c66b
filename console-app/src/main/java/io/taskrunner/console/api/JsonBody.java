package io.taskrunner.console.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object from a request body, read field by field: a wrong type or an unknown field is a 400 that names the
 * field by its path ({@code rollout.maxPerMinute}). Value checks beyond the type are left to the service records.
 */
final class JsonBody {
    private final ObjectNode node;
    private final String path;

    private JsonBody(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The body as an object; an empty body is an empty object. */
    static JsonBody parse(byte[] bytes) {
        if (bytes.length == 0) {
            return new JsonBody(ApiJson.MAPPER.createObjectNode(), "");
        }
        JsonNode root;
        try {
            root = ApiJson.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body", "the body cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new JsonBody(ApiJson.MAPPER.createObjectNode(), "");
        }
        if (!(root instanceof ObjectNode object)) {
            throw ApiException.badRequest("body", "the body must be a JSON object, was " + kind(root));
        }
        return new JsonBody(object, "");
    }

    /** @throws ApiException 400 naming the first field that is not one of {@code known} */
    JsonBody allowOnly(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest(at(name), "unknown field; known fields here: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    String at(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    String requiredText(String name) {
        String value = text(name);
        if (value == null) {
            throw ApiException.badRequest(at(name), "is required");
        }
        return value;
    }

    String text(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(at(name), "must be a string, was " + kind(value));
        }
        return value.textValue();
    }

    Integer integer(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.badRequest(at(name), "must be a whole number, was " + kind(value));
        }
        return value.intValue();
    }

    Double number(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiException.badRequest(at(name), "must be a number, was " + kind(value));
        }
        return value.doubleValue();
    }

    Boolean bool(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(at(name), "must be true or false, was " + kind(value));
        }
        return value.booleanValue();
    }

    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(at(name), "must be an ISO-8601 time such as 2030-01-31T22:00:00Z, was '"
                    + value + "'");
        }
    }

    JsonBody object(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw ApiException.badRequest(at(name), "must be a JSON object, was " + kind(value));
        }
        return new JsonBody(object, at(name));
    }

    /** The raw node of a field that a codec reads further (a task definition); null when absent. */
    JsonNode raw(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    List<JsonNode> array(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.badRequest(at(name), "must be a JSON array, was " + kind(value));
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    List<String> texts(String name) {
        List<String> texts = new ArrayList<>();
        List<JsonNode> items = array(name);
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) {
                throw ApiException.badRequest(at(name) + "[" + i + "]", "must be a string, was " + kind(items.get(i)));
            }
            texts.add(items.get(i).textValue());
        }
        return texts;
    }

    /** Task parameters: an object of strings, numbers and booleans; empty when absent. */
    Map<String, Object> parameters(String name) {
        JsonBody object = object(name);
        if (object == null) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.node.properties()) {
            JsonNode value = entry.getValue();
            String field = object.at(entry.getKey());
            if (value.isTextual()) {
                values.put(entry.getKey(), value.textValue());
            } else if (value.isBoolean()) {
                values.put(entry.getKey(), value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                values.put(entry.getKey(), value.longValue());
            } else if (value.isNumber()) {
                values.put(entry.getKey(), value.doubleValue());
            } else {
                throw ApiException.badRequest(field, "must be a string, a number or true/false, was " + kind(value)
                        + (value.isNull() ? "; leave it out to use its default" : ""));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true/false";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
