package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiProblem;
import io.taskrunner.agent.api.ws.WsCommands;
import io.taskrunner.agent.api.ws.WsSession;
import io.taskrunner.protocol.security.RateLimiter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns a connection into a WebSocket at {@code /api/v1/ws} once its caller proved a token (a header, or
 * {@code ?access_token=} for browsers, which cannot set headers on a WebSocket). The HTTP handlers leave the
 * pipeline; frames over the message limit are refused by the decoder and the aggregator.
 */
final class WebSocketUpgrade {
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final ObjectMapper json;
    private final WsCommands.Factory commands;
    private final int maxMessageBytes;
    private final int idleSeconds;

    WebSocketUpgrade(Authenticator authenticator, RateLimiter limiter, ObjectMapper json, WsCommands.Factory commands,
            int maxMessageBytes, int idleSeconds) {
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.json = json;
        this.commands = commands;
        this.maxMessageBytes = maxMessageBytes;
        this.idleSeconds = idleSeconds;
    }

    /** On the connection's event loop: checks the caller, then shakes hands (or answers with a problem). */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            if (!request.method().equals(HttpMethod.GET)) {
                throw ApiException.methodNotAllowed("a WebSocket opens with GET", List.of("GET"));
            }
            List<String> tokens = new QueryStringDecoder(request.uri()).parameters().get("access_token");
            Caller caller = authenticator.identify(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                    tokens == null || tokens.isEmpty() ? null : tokens.getFirst(),
                    RequestPath.addressOf(ctx.channel().remoteAddress()));
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(ApiRouter.WEBSOCKET_PATH, null,
                    WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(maxMessageBytes).allowExtensions(false)
                            .closeOnProtocolViolation(true).build()).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.remove(BodyLimitHandler.class);
            pipeline.replace(IdleStateHandler.class, "ws-idle", new IdleStateHandler(idleSeconds,
                    Math.max(1, idleSeconds / 2), 0, TimeUnit.SECONDS));
            pipeline.replace(ctx.name(), "ws-session", new WsSession(caller, limiter, json, commands));
            pipeline.addBefore("ws-session", "ws-aggregator", new WebSocketFrameAggregator(maxMessageBytes));
            handshaker.handshake(ctx.channel(), request);
        } catch (ApiException e) {
            refuse(ctx, e);
        } finally {
            request.release();
        }
    }

    private static void refuse(ChannelHandlerContext ctx, ApiException e) {
        byte[] body = Problems.encode(e.problem());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(e.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiProblem.CONTENT_TYPE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (e.retryAfterSeconds() > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, e.retryAfterSeconds());
        }
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
