package io.taskrunner.agent.api.http;

import io.netty.handler.ssl.SslContext;
import io.taskrunner.agent.api.auth.ApiTokens;
import io.taskrunner.agent.api.core.ApiChannels;
import io.taskrunner.agent.api.core.ApiRuns;
import io.taskrunner.agent.api.core.ParameterSources;
import io.taskrunner.agent.api.core.RouteStore;
import io.taskrunner.agent.api.core.RunFeeds;
import io.taskrunner.agent.api.page.StatusPage;
import io.taskrunner.agent.api.ws.WsCommands;
import io.taskrunner.agent.config.HttpApiSettings;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.security.RateLimiter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the endpoints from the API's services and starts the server with them. */
public final class Servers {
    private Servers() {
    }

    /** The services the endpoints use. */
    public record Services(MessageCodec codec, ApiTokens tokens, RateLimiter limiter, ApiRuns runs, RunFeeds feeds,
            ApiChannels channels, DefinitionRegistry definitions, ParameterSources sources, RouteStore store,
            StatusPage page, String agentId, String version) {
    }

    public static HttpApiServer start(HttpApiSettings settings, SslContext tls, Services services) {
        RequestBodies bodies = new RequestBodies(services.codec());
        Authenticator authenticator = new Authenticator(services.tokens(), services.limiter());
        MessageCodec wsCodec = new MessageCodec(Math.max(4096, settings.wsMaxMessageBytes()));
        WsCommands.Factory commands = new WsCommands.Factory(wsCodec, services.definitions(), services.runs(),
                services.feeds(), services.store(), services.sources());
        Map<String, String> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("agentId", services.agentId());
        health.put("version", services.version());
        ApiRouter router = new ApiRouter(services.codec().mapper(), authenticator,
                new TaskEndpoints(services.definitions(), services.runs(), services.sources(), bodies,
                        settings.maxWaitSeconds()),
                new RunEndpoints(services.runs(), services.feeds()),
                new ChannelEndpoints(services.channels(), bodies),
                new CustomRouteEndpoint(services.definitions(), services.runs(), services.store(), services.sources(),
                        bodies, authenticator, settings.maxWaitSeconds()),
                new StatusPageEndpoint(services.page(), settings.statusPage()),
                new WebSocketUpgrade(authenticator, services.limiter(), services.codec().mapper(), commands,
                        settings.wsMaxMessageBytes(), settings.idleTimeoutSeconds()),
                health);
        return HttpApiServer.start(settings, tls, router);
    }
}
