package io.taskrunner.agent.api.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.protocol.security.RateLimiter;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of an authenticated caller. Its text messages are JSON requests, handled one after
 * another on the session's own virtual thread ({@link WsCommands}); it pings the client when the line is quiet and
 * closes when nothing came back within the idle timeout. A message over the size limit closes it with 1009.
 */
public final class WsSession extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(WsSession.class);
    /** Messages that may wait for the session's thread; a client that sends faster is closed. */
    private static final int MAX_WAITING = 64;

    private final Caller caller;
    private final RateLimiter limiter;
    private final ObjectMapper json;
    private final WsCommands.Factory commands;
    /** Messages for the session's thread; an empty one tells it the connection closed. */
    private final LinkedBlockingQueue<Optional<String>> inbox = new LinkedBlockingQueue<>();
    private Channel channel;

    public WsSession(Caller caller, RateLimiter limiter, ObjectMapper json, WsCommands.Factory commands) {
        super(true);
        this.caller = caller;
        this.limiter = limiter;
        this.json = json;
        this.commands = commands;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        WsCommands handler = commands.create(caller, this::send);
        Thread.ofVirtual().name("ws-session-" + caller.name()).start(() -> work(handler));
        channel.closeFuture().addListener(closed -> inbox.add(Optional.empty()));
    }

    private void work(WsCommands handler) {
        try (handler) {
            for (Optional<String> message = inbox.take(); message.isPresent(); message = inbox.take()) {
                handler.handle(message.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("WebSocket session of {} failed", caller.name(), e);
            channel.close();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> accept(ctx, text.text());
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> { }
            case CloseWebSocketFrame close -> ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
                    .addListener(ChannelFutureListener.CLOSE);
            case BinaryWebSocketFrame binary -> close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE,
                    "send JSON text messages");
            default -> { }
        }
    }

    private void accept(ChannelHandlerContext ctx, String message) {
        long wait = limiter.acquire(caller.rateKey());
        if (wait > 0) {
            send(WsReply.error(null, ApiException.tooManyRequests(wait)));
            return;
        }
        if (inbox.size() >= MAX_WAITING) {
            close(ctx, WebSocketCloseStatus.POLICY_VIOLATION, "too many messages waiting");
            return;
        }
        inbox.add(Optional.of(message));
    }

    /** Sends a message to the client; from any thread. */
    void send(WsReply reply) {
        try {
            channel.writeAndFlush(new TextWebSocketFrame(json.writeValueAsString(reply)));
        } catch (JsonProcessingException e) {
            LOG.error("cannot encode a WebSocket message", e);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                close(ctx, WebSocketCloseStatus.NORMAL_CLOSURE, "idle");
            } else {
                ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer(new byte[] {'t', 'r'})));
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException corrupted
                && corrupted.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
            close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
            return;
        }
        LOG.debug("WebSocket of {} failed: {}", caller.name(), cause.toString());
        ctx.close();
    }

    private static void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
