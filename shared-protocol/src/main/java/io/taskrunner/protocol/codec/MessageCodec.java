package io.taskrunner.protocol.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.TaskSpec;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.MessageType;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the wire contract. Decoding checks the size before parsing, then every header and body
 * field; every failure is a {@link ProtocolException} naming the field. Unknown fields are ignored so newer peers
 * can add them. Thread-safe.
 */
public final class MessageCodec {
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private final ObjectMapper mapper;
    private final int maxBytes;

    public MessageCodec() {
        this(DEFAULT_MAX_BYTES);
    }

    public MessageCodec(int maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.mapper = strictMapper(maxBytes);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The mapper this codec uses, configured for strict reading; for bodies of other messages (definitions). */
    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] encode(Envelope<?> envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", envelope.type().wireName());
        node.put("id", envelope.id().toString());
        node.put("ts", envelope.ts());
        node.put("v", envelope.v());
        if (envelope.seq() != null) {
            node.put("seq", envelope.seq());
        }
        if (envelope.target() != null) {
            node.put("target", envelope.target());
            node.put("expiresAt", envelope.expiresAt());
            node.put("nonce", envelope.nonce());
        }
        node.set("body", mapper.valueToTree(envelope.body()));
        try {
            byte[] bytes = mapper.writeValueAsBytes(node);
            if (bytes.length > maxBytes) {
                throw new ProtocolException(null, "message of " + bytes.length + " bytes exceeds the limit of "
                        + maxBytes + " bytes");
            }
            return bytes;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(null, "cannot encode " + envelope.type().wireName(), e);
        }
    }

    public Envelope<?> decode(byte[] bytes) {
        JsonNode root = readObject(bytes);
        MessageType type = messageType(root);
        UUID id = uuid(root, "id");
        long ts = integer(root, "ts", true);
        long version = integer(root, "v", true);
        if (version != Envelope.PROTOCOL_VERSION) {
            throw new ProtocolException("v", "protocol version " + version + " is not supported (this side speaks "
                    + Envelope.PROTOCOL_VERSION + ")");
        }
        int v = (int) version;
        Long seq = root.has("seq") ? integer(root, "seq", true) : null;
        String target = root.has("target") ? text(root, "target") : null;
        Long expiresAt = root.has("expiresAt") ? integer(root, "expiresAt", true) : null;
        String nonce = root.has("nonce") ? text(root, "nonce") : null;
        if (type.kind() != MessageType.Kind.EVENT) {
            seq = null;
        }
        if (type.kind() != MessageType.Kind.COMMAND) {
            target = null;
            expiresAt = null;
            nonce = null;
        }
        JsonNode bodyNode = root.get("body");
        if (bodyNode == null || bodyNode.isNull()) {
            throw new ProtocolException("body", "is required");
        }
        if (!bodyNode.isObject()) {
            throw new ProtocolException("body", "must be a JSON object, was " + describe(bodyNode));
        }
        MessageBody body = readBody(bodyNode, type.bodyType(), "body");
        return construct(type, id, ts, v, seq, target, expiresAt, nonce, body);
    }

    /** Decodes and checks that the message has the expected body type. */
    public <B extends MessageBody> Envelope<B> decode(byte[] bytes, Class<B> bodyType) {
        Envelope<?> envelope = decode(bytes);
        envelope.bodyAs(bodyType);
        @SuppressWarnings("unchecked")
        Envelope<B> typed = (Envelope<B>) envelope;
        return typed;
    }

    /** Reads a device's trigger payload: a JSON object of parameters, keys in their order. */
    public Map<String, JsonNode> decodeParameters(byte[] bytes) {
        JsonNode root = readObject(bytes);
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        root.properties().forEach(entry -> parameters.put(entry.getKey(), entry.getValue()));
        return parameters;
    }

    /** Reads a standalone JSON value (e.g. a definition) with the same strictness as message bodies. */
    public <T> T readValue(byte[] bytes, Class<T> type, String path) {
        return readBody(readObject(bytes), type, path);
    }

    private <T> T readBody(JsonNode node, Class<T> type, String path) {
        try {
            return mapper.treeToValue(node, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ProtocolException cause) {
                throw cause.within(specPath(prefixed(path, e), e));
            }
            throw new ProtocolException(fieldPath(path, e), "is invalid: " + e.getOriginalMessage(), e);
        } catch (InvalidFormatException e) {
            throw new ProtocolException(fieldPath(path, e), "has an invalid value " + quote(e.getValue())
                    + allowedValues(e.getTargetType()), e);
        } catch (InvalidTypeIdException e) {
            Class<?> base = e.getBaseType() == null ? Object.class : e.getBaseType().getRawClass();
            JsonSubTypes subtypes = TaskSpec.class.isAssignableFrom(base) ? null
                    : base.getAnnotation(JsonSubTypes.class);
            if (subtypes != null) {
                throw new ProtocolException(fieldPath(path, e) + ".type", "unknown type '" + e.getTypeId()
                        + "'; known types: " + Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::name)
                                .collect(Collectors.joining(", ")), e);
            }
            throw new ProtocolException(fieldPath(path, e).replaceAll("\\.spec$", "") + ".type",
                    "unknown task type '" + e.getTypeId() + "'; known types: " + Arrays.stream(TaskType.values())
                            .map(TaskType::wire).collect(Collectors.joining(", ")), e);
        } catch (MismatchedInputException e) {
            String original = e.getOriginalMessage();
            if (original != null && original.startsWith("Missing external type id property")) {
                throw new ProtocolException(fieldPath(path, e).replaceAll("\\.spec$", "") + ".type", "is required",
                        e);
            }
            if (original != null && original.startsWith("Missing property 'spec'")) {
                throw new ProtocolException(fieldPath(path, e).replaceAll("\\.spec$", "") + ".spec", "is required",
                        e);
            }
            if (original != null && original.startsWith("Missing required creator property")) {
                String property = original.replaceAll("^Missing required creator property '([^']*)'.*$", "$1");
                String field = fieldPath(path, e);
                throw new ProtocolException(field.endsWith("." + property) ? field : field + "." + property,
                        "is required", e);
            }
            String expected = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
            throw new ProtocolException(fieldPath(path, e), "has the wrong type: expected " + expected, e);
        } catch (JsonMappingException e) {
            throw new ProtocolException(fieldPath(path, e), e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(path, e.getOriginalMessage(), e);
        }
    }

    private JsonNode readObject(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ProtocolException(null, "message is empty");
        }
        if (bytes.length > maxBytes) {
            throw new ProtocolException(null, "message of " + bytes.length + " bytes exceeds the limit of "
                    + maxBytes + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(null, "message exceeds a parser limit: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ProtocolException(null, "malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProtocolException(null, "cannot read message: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(null, "message must be a JSON object, was " + describe(root));
        }
        return root;
    }

    private static MessageType messageType(JsonNode root) {
        String name = text(root, "type");
        return MessageType.fromWireName(name).orElseThrow(() -> new ProtocolException("type",
                "unknown message type '" + name + "'"));
    }

    private static UUID uuid(JsonNode root, String field) {
        String value = text(root, field);
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(field, "must be a UUID, was '" + value + "'");
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new ProtocolException(field, "is required");
        }
        if (!node.isTextual()) {
            throw new ProtocolException(field, "must be a string, was " + describe(node));
        }
        return node.textValue();
    }

    private static long integer(JsonNode root, String field, boolean required) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new ProtocolException(field, "is required");
            }
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new ProtocolException(field, "must be an integer, was " + describe(node));
        }
        return node.longValue();
    }

    private static Envelope<?> construct(MessageType type, UUID id, long ts, int v, Long seq, String target,
            Long expiresAt, String nonce, MessageBody body) {
        return new Envelope<>(type, id, ts, v, seq, target, expiresAt, nonce, body);
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Jackson's reference chain stops at the definition when a spec's own constructor refuses a value (the spec is
     * read through the external {@code type} id), so the {@code spec} level is added back here.
     */
    private static String specPath(String path, ValueInstantiationException e) {
        boolean spec = e.getType() != null && TaskSpec.class.isAssignableFrom(e.getType().getRawClass());
        return spec && !path.endsWith(".spec") ? path + ".spec" : path;
    }

    private static String fieldPath(String base, JsonMappingException e) {
        return prefixed(base, e);
    }

    private static String prefixed(String base, JsonMappingException e) {
        StringBuilder path = new StringBuilder(base);
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                // a field of a spec: the chain skips the spec level itself (see specPath)
                if (isSpec(reference.getFrom()) && !path.toString().endsWith(".spec")) {
                    path.append(".spec");
                }
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean isSpec(Object from) {
        return from instanceof TaskSpec || from instanceof Class<?> type && TaskSpec.class.isAssignableFrom(type);
    }

    private static String quote(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String allowedValues(Class<?> target) {
        if (target != null && target.isEnum()) {
            return " (allowed: " + java.util.Arrays.stream(target.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "))
                    + ")";
        }
        return "";
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == UUID.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static ObjectMapper strictMapper(int maxBytes) {
        JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(maxBytes)
                .maxNumberLength(64)
                .build());
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }
}
