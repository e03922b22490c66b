package io.taskrunner.agent.task.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The run's result for a response: {@code {"status", "headers", "body", "bodyTruncated"}}. */
final class ResponseJson {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

    private ResponseJson() {
    }

    /** Headers by lower-case name with their first value; the body as JSON when it is JSON and whole, else text. */
    static ObjectNode of(int status, HttpHeaders headers, CappedBody body) {
        ObjectNode result = MAPPER.createObjectNode();
        result.put("status", status);
        ObjectNode headerNode = result.putObject("headers");
        headers.map().forEach((name, values) -> {
            if (!name.startsWith(":") && !values.isEmpty()) {
                headerNode.put(name.toLowerCase(Locale.ROOT), values.getFirst());
            }
        });
        String contentType = headers.firstValue("Content-Type").orElse("");
        result.set("body", body(contentType, body));
        result.put("bodyTruncated", body.truncated());
        return result;
    }

    private static JsonNode body(String contentType, CappedBody body) {
        if (body.bytes().length == 0) {
            return TextNode.valueOf("");
        }
        if (!body.truncated() && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            try {
                return MAPPER.readTree(body.bytes());
            } catch (IOException e) {
                // Not JSON after all: the text is still worth showing.
            }
        }
        return TextNode.valueOf(new String(body.bytes(), charset(contentType)));
    }

    private static Charset charset(String contentType) {
        Matcher matcher = CHARSET.matcher(contentType);
        if (matcher.find()) {
            try {
                return Charset.forName(matcher.group(1));
            } catch (IllegalArgumentException e) {
                // An unknown or malformed charset name: UTF-8 is the best guess.
            }
        }
        return StandardCharsets.UTF_8;
    }
}
