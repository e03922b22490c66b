package io.taskrunner.agent.api.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.HttpApiSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket and each connection's pipeline: connection limit, TLS, HTTP/1.1 codec with line and header
 * limits, idle timeout, body limit, the gathered request, then {@link ApiHandler}. Netty's event loops only move
 * bytes; request handling runs on virtual threads.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final int MAX_INITIAL_LINE = 8192;

    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("http-api-accept", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(2, new DefaultThreadFactory("http-api-io", true));
    private final Channel listening;

    private HttpApiServer(HttpApiSettings settings, SslContext tls, ApiRouter router) {
        ConnectionLimiter limiter = new ConnectionLimiter(settings.maxConnections());
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        pipeline.addLast("limit", limiter);
                        if (tls != null) {
                            SslHandler ssl = tls.newHandler(channel.alloc());
                            ssl.setHandshakeTimeout(10, TimeUnit.SECONDS);
                            pipeline.addLast("tls", ssl);
                        }
                        pipeline.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, settings.maxHeaderBytes(),
                                8192));
                        pipeline.addLast("idle", new IdleStateHandler(settings.idleTimeoutSeconds(), 0, 0,
                                TimeUnit.SECONDS));
                        pipeline.addLast("body-limit", new BodyLimitHandler(settings.maxBodyBytes(),
                                settings.maxUploadBytes()));
                        pipeline.addLast("aggregate", new HttpObjectAggregator(Math.max(settings.maxBodyBytes(),
                                settings.maxUploadBytes())));
                        pipeline.addLast("api", new ApiHandler(router));
                    }
                });
        try {
            listening = bootstrap.bind(new InetSocketAddress(settings.bind(), settings.port())).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AgentConfigException("interrupted while opening the HTTP API on " + settings.bind() + ":"
                    + settings.port());
        } catch (RuntimeException e) {
            close();
            throw new AgentConfigException("cannot open the HTTP API on " + settings.bind() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }

    static HttpApiServer start(HttpApiSettings settings, SslContext tls, ApiRouter router) {
        HttpApiServer server = new HttpApiServer(settings, tls, router);
        LOG.info("HTTP API listening on {}://{}:{}", tls == null ? "http" : "https", settings.bind(), server.port());
        return server;
    }

    public int port() {
        return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
