package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.RequestValues;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies by their content type: JSON (strict: 64 levels deep at most, no duplicate keys), a
 * urlencoded form (UTF-8 only) or a multipart form (fields and files, at most {@value #MAX_FIELDS} parts). Sizes
 * were enforced before the body was gathered.
 */
final class RequestBodies {
    private static final int MAX_FIELDS = 128;

    private final MessageCodec codec;

    RequestBodies(MessageCodec codec) {
        this.codec = codec;
    }

    static String mediaType(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        return type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** A JSON body read into {@code type}; refusals name the field. */
    <T> T json(FullHttpRequest request, Class<T> type) {
        requireJson(request);
        try {
            return codec.readValue(bytes(request), type, "body");
        } catch (ProtocolException e) {
            throw e.field() == null ? ApiException.badRequest("the body is not usable JSON: " + e.getMessage())
                    : ApiException.invalid(e);
        }
    }

    /** Whatever the body holds, for custom routes: JSON, form fields or files, or nothing. */
    RequestValues values(FullHttpRequest request, Map<String, List<String>> query, Map<String, String> path) {
        String type = mediaType(request);
        if (request.content().readableBytes() == 0) {
            return new RequestValues(query, path, null, null, null);
        }
        if (isJson(type)) {
            return new RequestValues(query, path, tree(request), null, null);
        }
        return switch (type) {
            case "application/x-www-form-urlencoded" -> new RequestValues(query, path, null, urlencoded(request),
                    null);
            case "multipart/form-data" -> multipart(request, query, path);
            default -> throw ApiException.unsupportedMediaType("send application/json, "
                    + "application/x-www-form-urlencoded or multipart/form-data, not '" + type + "'");
        };
    }

    private JsonNode tree(FullHttpRequest request) {
        try {
            return codec.mapper().readTree(bytes(request));
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest("the JSON body exceeds a parser limit (at most 64 levels deep, numbers of"
                    + " 64 digits): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON (UTF-8): " + firstLine(e.getMessage()));
        }
    }

    private static Map<String, List<String>> urlencoded(FullHttpRequest request) {
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(request.content().nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the form is not valid UTF-8");
        }
        QueryStringDecoder decoder = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, MAX_FIELDS);
        Map<String, List<String>> fields = decoder.parameters();
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            if (field.getKey().indexOf('\uFFFD') >= 0 || field.getValue().stream().anyMatch(v -> v.indexOf('\uFFFD') >= 0)) {
                throw ApiException.badRequest("form field '" + field.getKey() + "' is not valid UTF-8 once decoded");
            }
        }
        return fields;
    }

    private static RequestValues multipart(FullHttpRequest request, Map<String, List<String>> query,
            Map<String, String> path) {
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), request, StandardCharsets.UTF_8,
                    MAX_FIELDS, request.content().readableBytes() + 1024);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw ApiException.badRequest("the multipart body cannot be read: " + e.getMessage());
        }
        try {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            Map<String, RequestValues.Upload> files = new LinkedHashMap<>();
            for (InterfaceHttpData part : decoder.getBodyHttpDatas()) {
                if (part instanceof FileUpload upload) {
                    if (files.put(upload.getName(), new RequestValues.Upload(upload.get(), upload.getContentType()))
                            != null) {
                        throw ApiException.badRequest("file part '" + upload.getName() + "' is given twice");
                    }
                } else if (part instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), name -> new ArrayList<>()).add(attribute.getValue());
                }
            }
            return new RequestValues(query, path, null, fields, files);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.TooManyFormFieldsException
                | HttpPostRequestDecoder.NotEnoughDataDecoderException e) {
            throw ApiException.badRequest("the multipart body cannot be read: " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("a part of the multipart body cannot be read: " + e.getMessage());
        } finally {
            decoder.destroy();
        }
    }

    private static void requireJson(FullHttpRequest request) {
        String type = mediaType(request);
        if (!isJson(type)) {
            throw ApiException.unsupportedMediaType("this endpoint takes application/json, not '"
                    + (type.isEmpty() ? "(none)" : type) + "'");
        }
    }

    static byte[] bytes(FullHttpRequest request) {
        ByteBuffer buffer = request.content().nioBuffer();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
