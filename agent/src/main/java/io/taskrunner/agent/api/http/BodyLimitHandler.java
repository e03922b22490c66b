package io.taskrunner.agent.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiProblem;
import java.util.Locale;

/**
 * Refuses a body over its limit before it is gathered: multipart uploads may be larger than other bodies. A declared
 * length is checked at once (nothing of the body is kept, no {@code 100 Continue} is sent); a chunked body is
 * counted as it arrives. Either way the caller gets 413 at once; the rest of its body is read and dropped (closing
 * with unread input would reset the connection before the caller read the answer), then the connection closes.
 */
final class BodyLimitHandler extends ChannelInboundHandlerAdapter {
    private final long maxBody;
    private final long maxUpload;
    private long limit;
    private long received;
    private boolean refused;
    private long discarded;
    /** Past this much dropped input the connection closes without waiting for the body's end. */
    private static final long MAX_DISCARD = 256L * 1024 * 1024;

    BodyLimitHandler(long maxBody, long maxUpload) {
        this.maxBody = maxBody;
        this.maxUpload = maxUpload;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            if (msg instanceof HttpContent content) {
                discarded += content.content().readableBytes();
            }
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last || discarded > MAX_DISCARD) {
                ctx.close();
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            String type = String.valueOf(request.headers().get(HttpHeaderNames.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
            limit = type.startsWith("multipart/form-data") ? maxUpload : maxBody;
            received = 0;
            long declared = HttpUtil.getContentLength(request, -1L);
            if (declared > limit) {
                refuse(ctx, msg, "the body is " + declared + " bytes; this request may send at most " + limit);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            received += content.content().readableBytes();
            if (received > limit) {
                refuse(ctx, msg, "the body is larger than " + limit + " bytes, the most this request may send");
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, String detail) {
        refused = true;
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        byte[] body = Problems.encode(ApiException.tooLarge(detail).problem());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiProblem.CONTENT_TYPE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, body.length);
        ctx.writeAndFlush(response).addListener(last ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}
