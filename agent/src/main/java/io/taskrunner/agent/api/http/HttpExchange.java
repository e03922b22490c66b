package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request and its one response. Handlers run on a virtual thread and answer through this; every write is
 * handed to the connection's event loop by Netty. When the response is complete the connection takes its next
 * request, or closes when the caller asked for that.
 */
final class HttpExchange {
    private final FullHttpRequest request;
    private final Channel channel;
    private final ObjectMapper json;
    private final Runnable onDone;
    private final boolean keepAlive;
    private final QueryStringDecoder query;
    private List<String> segments;
    private final AtomicBoolean answered = new AtomicBoolean();

    HttpExchange(FullHttpRequest request, Channel channel, ObjectMapper json, Runnable onDone) {
        this.request = request;
        this.channel = channel;
        this.json = json;
        this.onDone = onDone;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 256);
    }

    String method() {
        return request.method().name();
    }

    /** The path split at {@code /} and percent-decoded, without the empty segment before the first {@code /}. */
    List<String> segments() {
        if (segments == null) {
            segments = RequestPath.segments(query.rawPath());
        }
        return segments;
    }

    /** The path as the caller sent it, for messages. */
    String path() {
        return query.rawPath();
    }

    /** The query parameters, decoded; a broken percent-escape is the caller's error (400). */
    Map<String, List<String>> query() {
        try {
            return query.parameters();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the query string holds a broken percent-escape: " + e.getMessage());
        }
    }

    String queryValue(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    HttpHeaders headers() {
        return request.headers();
    }

    FullHttpRequest request() {
        return request;
    }

    String remoteAddress() {
        return RequestPath.addressOf(channel.remoteAddress());
    }

    boolean isLoopbackCaller() {
        return channel.remoteAddress() instanceof java.net.InetSocketAddress socket
                && socket.getAddress() != null && socket.getAddress().isLoopbackAddress();
    }

    boolean isOpen() {
        return channel.isActive();
    }

    boolean answered() {
        return answered.get();
    }

    void json(HttpResponseStatus status, Object body, String... headers) {
        try {
            respond(status, "application/json", json.writeValueAsBytes(body), headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response", e);
        }
    }

    void problem(ApiException e) {
        List<String> headers = new ArrayList<>();
        if (e.retryAfterSeconds() > 0) {
            headers.add(HttpHeaderNames.RETRY_AFTER.toString());
            headers.add(Long.toString(e.retryAfterSeconds()));
        }
        if (e.allow() != null) {
            headers.add(HttpHeaderNames.ALLOW.toString());
            headers.add(e.allow());
        }
        if (e.status() == 401) {
            headers.add(HttpHeaderNames.WWW_AUTHENTICATE.toString());
            headers.add("Bearer realm=\"taskrunner-agent\"");
        }
        try {
            respond(HttpResponseStatus.valueOf(e.status()), ApiProblem.CONTENT_TYPE,
                    json.writeValueAsBytes(e.problem()), headers.toArray(String[]::new));
        } catch (JsonProcessingException failure) {
            throw new IllegalStateException("cannot encode a problem", failure);
        }
    }

    /** @param headers name, value, name, value... */
    void respond(HttpResponseStatus status, String contentType, byte[] body, String... headers) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        prepare(response, contentType, headers);
        HttpUtil.setContentLength(response, body.length);
        channel.writeAndFlush(response).addListener(written -> finish());
    }

    /** Starts a chunked response; write its pieces with {@link Chunks#write}, then {@link Chunks#end}. */
    Chunks chunked(HttpResponseStatus status, String contentType) {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("already answered");
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        prepare(response, contentType);
        HttpUtil.setTransferEncodingChunked(response, true);
        channel.writeAndFlush(response);
        return new Chunks();
    }

    /** The pieces of a chunked response; each write waits until the caller took it, so a slow reader slows us. */
    final class Chunks {
        void write(String text) throws InterruptedException {
            if (text.isEmpty()) {
                return;
            }
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)))
                    .await();
        }

        void end() {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(written -> finish());
        }
    }

    private void prepare(HttpResponse response, String contentType, String... headers) {
        HttpHeaders out = response.headers();
        out.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        out.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        out.set("X-Content-Type-Options", "nosniff");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            out.set(headers[i], headers[i + 1]);
        }
        if (!keepAlive) {
            out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private void finish() {
        if (!keepAlive) {
            channel.close();
        }
        onDone.run();
    }
}
