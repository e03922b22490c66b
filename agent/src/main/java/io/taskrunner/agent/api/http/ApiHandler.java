package io.taskrunner.agent.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiProblem;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of one connection's pipeline. Requests are handled one after another, each on a virtual thread (the
 * engine's calls block on disk, a waiting run on its end), with reading paused meanwhile: responses leave in order
 * and a caller cannot pile up work. A connection idle past the timeout between requests is closed.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /** Pipelined requests that may wait behind the one being handled; past it the connection closes. */
    private static final int MAX_PIPELINED = 16;

    private final ApiRouter router;
    private final Deque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    ApiHandler(ApiRouter router) {
        super(false);
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuseUndecodable(ctx, request);
            return;
        }
        if (router.isWebSocketUpgrade(request)) {
            if (busy) {
                request.release();
                ctx.close();
                return;
            }
            router.upgrade(ctx, request);
            return;
        }
        if (busy) {
            if (waiting.size() >= MAX_PIPELINED) {
                request.release();
                ctx.close();
                return;
            }
            waiting.add(request);
            return;
        }
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        Thread.ofVirtual().name("http-api-request").start(() -> {
            HttpExchange exchange = new HttpExchange(request, ctx.channel(), router.json(),
                    () -> ctx.executor().execute(() -> next(ctx)));
            try {
                router.handle(exchange);
            } catch (ApiException e) {
                exchange.problem(e);
            } catch (InterruptedException e) {
                // the agent is stopping; the connection closes with it
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                LOG.error("{} {} failed inside the agent", request.method(), request.uri(), e);
                exchange.problem(ApiException.unavailable("the agent failed to handle this request; see its log"));
            } finally {
                request.release();
                if (!exchange.answered()) {
                    LOG.error("{} {} got no answer", request.method(), request.uri());
                    ctx.close();
                }
            }
        });
    }

    private void next(ChannelHandlerContext ctx) {
        FullHttpRequest request = waiting.poll();
        if (request != null) {
            handle(ctx, request);
            return;
        }
        busy = false;
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static void refuseUndecodable(ChannelHandlerContext ctx, FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        request.release();
        ApiException problem = cause instanceof TooLongHttpHeaderException
                ? ApiException.headersTooLarge("the request headers are larger than this agent takes")
                : cause instanceof TooLongHttpLineException || cause instanceof TooLongFrameException
                ? ApiException.badRequest("the request line is too long")
                : ApiException.badRequest("the request is not valid HTTP/1.1: " + cause.getMessage());
        byte[] body = Problems.encode(problem.problem());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(problem.status()), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiProblem.CONTENT_TYPE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && !busy) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.forEach(FullHttpRequest::release);
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP API connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
