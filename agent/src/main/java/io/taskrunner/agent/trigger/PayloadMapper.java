package io.taskrunner.agent.trigger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.transport.DeviceMessage;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.device.AdHocRequest;
import io.taskrunner.protocol.definition.ParameterMapping;
import io.taskrunner.protocol.definition.TriggerRule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a device's message into parameter values as a rule's mappings say. Device input is data, never code: values
 * are handed on as values (the engine validates them against the task's declared parameters, and they reach a
 * process as argv or environment, SQL as bound parameters), and a payload file gets a name the agent chose.
 */
final class PayloadMapper {
    private static final MessageCodec CODEC = new MessageCodec();
    /** JSON and text payloads beyond this are refused; larger data belongs in a file mapping. */
    static final int MAX_TEXT_BYTES = 1024 * 1024;
    /** Regular expressions only look at this much text, so an operator's pattern cannot be made to backtrack for long. */
    static final int MAX_REGEX_CHARS = 64 * 1024;
    static final int MAX_NESTING = 64;

    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxNumberLength(100)
                    .maxStringLength(MAX_TEXT_BYTES).build())
            .build());
    private final DeviceFiles files;

    /** The values, and any files saved for them (deleted again if the run does not happen). */
    record Mapped(Map<String, Object> parameters, List<Path> files) {
    }

    PayloadMapper(DeviceFiles files) {
        this.files = files;
    }

    /** Parameters for a task triggered on its built-in topic: the payload is a JSON object of them, or empty. */
    Map<String, Object> builtIn(DeviceMessage message) {
        if (message.payload().length == 0) {
            return Map.of();
        }
        JsonNode root = parse(message.payload(), "payload");
        if (!root.isObject()) {
            throw new ProtocolException("payload", "must be a JSON object of parameters, e.g. {\"batch\": \"B-17\"}");
        }
        return objectToMap(root);
    }

    /** A device's ad-hoc program: a JSON object read as strictly as a console message, errors naming the field. */
    AdHocRequest adHoc(DeviceMessage message) {
        return CODEC.readValue(message.payload(), AdHocRequest.class, "payload");
    }

    Mapped map(TriggerRule rule, DeviceMessage message) {
        if (rule.parameters().isEmpty()) {
            return new Mapped(builtIn(message), List.of());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        List<Path> saved = new ArrayList<>();
        JsonNode[] root = new JsonNode[1];
        String[] text = new String[1];
        try {
            for (ParameterMapping mapping : rule.parameters()) {
                String field = "parameters." + mapping.parameter();
                Object value = switch (mapping.from()) {
                    case JSON -> {
                        if (root[0] == null) {
                            root[0] = parse(message.payload(), "payload");
                        }
                        yield JsonScalars.of(root[0].at(JsonPointer.compile(mapping.pointer())), field);
                    }
                    case TEXT -> text(message, text);
                    case REGEX -> regex(mapping, text(message, text));
                    case TOPIC -> level(message.topic(), mapping.level());
                    case FILE -> {
                        Path file = files.save(rule.name(), message.payload(), message.contentType(), rule.files(),
                                field);
                        saved.add(file);
                        yield file.toString();
                    }
                };
                if (value != null) {
                    values.put(mapping.parameter(), value);
                }
            }
        } catch (RuntimeException e) {
            saved.forEach(DeviceFiles::deleteQuietly);
            throw e;
        }
        return new Mapped(values, saved);
    }

    private JsonNode parse(byte[] payload, String field) {
        if (payload.length > MAX_TEXT_BYTES) {
            throw new ProtocolException(field, "is " + payload.length + " bytes; JSON payloads may have at most "
                    + MAX_TEXT_BYTES);
        }
        try {
            return json.readTree(payload);
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(field, e.getOriginalMessage().contains("nesting")
                    ? "is nested deeper than " + MAX_NESTING + " levels"
                    : "holds a number or text longer than a device message may have");
        } catch (IOException e) {
            throw new ProtocolException(field, "is not valid JSON");
        }
    }

    private static String text(DeviceMessage message, String[] cache) {
        if (cache[0] == null) {
            if (message.payload().length > MAX_TEXT_BYTES) {
                throw new ProtocolException("payload", "is " + message.payload().length
                        + " bytes; text payloads may have at most " + MAX_TEXT_BYTES);
            }
            try {
                cache[0] = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(message.payload())).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolException("payload", "is not valid UTF-8 text");
            }
        }
        return cache[0];
    }

    private static String regex(ParameterMapping mapping, String text) {
        Matcher matcher = Pattern.compile(mapping.pattern())
                .matcher(text.length() > MAX_REGEX_CHARS ? text.substring(0, MAX_REGEX_CHARS) : text);
        return matcher.find() ? matcher.group(mapping.group()) : null;
    }

    private static String level(String topic, int level) {
        String[] levels = topic.split("/", -1);
        return level < levels.length ? levels[level] : null;
    }

    private static Map<String, Object> objectToMap(JsonNode root) {
        Map<String, Object> values = new LinkedHashMap<>();
        root.properties().forEach(entry -> {
            Object value = JsonScalars.of(entry.getValue(), "payload." + entry.getKey());
            if (value != null) {
                values.put(entry.getKey(), value);
            }
        });
        return values;
    }
}
