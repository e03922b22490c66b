package io.taskrunner.agent.api;

import io.netty.handler.ssl.SslContext;
import io.taskrunner.agent.api.auth.ApiTokens;
import io.taskrunner.agent.api.auth.TokenFile;
import io.taskrunner.agent.api.core.ApiChannels;
import io.taskrunner.agent.api.core.ApiRuns;
import io.taskrunner.agent.api.core.CallbackSender;
import io.taskrunner.agent.api.core.ParameterSources;
import io.taskrunner.agent.api.core.RouteStore;
import io.taskrunner.agent.api.core.RunEventHub;
import io.taskrunner.agent.api.core.RunFeeds;
import io.taskrunner.agent.api.core.UploadedFiles;
import io.taskrunner.agent.api.http.HttpApiServer;
import io.taskrunner.agent.api.http.ServerTls;
import io.taskrunner.agent.api.http.Servers;
import io.taskrunner.agent.api.page.StatusPage;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.HttpApiSettings;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.scheduler.ScheduleStatus;
import io.taskrunner.agent.trigger.DeviceDataStore;
import io.taskrunner.agent.watchdog.RuleStatus;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.security.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API and WebSocket, wired: tokens, the run services they share, the server. Started by the agent
 * only when {@code http.enabled}; {@link #close()} stops it and everything it started, in reverse.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private HttpApiServer server;

    /** What the API works with, from the agent's start. */
    public record Parts(AgentPaths paths, String agentId, String version, RunEngine engine,
            DefinitionRegistry definitions, EventLog events, RunLogs logs, DeviceDataStore store,
            Supplier<List<ScheduleStatus>> schedules, Supplier<List<RuleStatus>> watchdog, Clock clock) {
    }

    private HttpApi() {
    }

    /** @param callbackBackoff wait after the first failed callback (doubling after each further one) */
    public static HttpApi start(HttpApiSettings settings, Parts parts, Duration callbackBackoff) {
        HttpApi api = new HttpApi();
        try {
            api.startParts(settings, parts, callbackBackoff);
            return api;
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    private void startParts(HttpApiSettings settings, Parts parts, Duration callbackBackoff) {
        MessageCodec codec = new MessageCodec(settings.maxBodyBytes());
        ApiTokens tokens = new ApiTokens(new TokenFile(parts.paths().dataDir()));
        if (tokens.count() == 0) {
            LOG.warn("the HTTP API is on but has no tokens; create one with: taskrunner-agent token create");
        }
        CallbackSender callbacks = new CallbackSender(codec.mapper(), callbackBackoff);
        resources.push(callbacks);
        RunEventHub hub = new RunEventHub(parts.events());
        resources.push(hub);
        ApiRuns runs = new ApiRuns(parts.engine(), parts.definitions(), callbacks);
        ApiChannels channels = new ApiChannels(parts.engine(), parts.definitions(), parts.paths().dataDir());
        channels.restore();
        ParameterSources sources = new ParameterSources(new UploadedFiles(parts.paths().dataDir(), parts.clock(),
                settings.maxUploadBytes()));
        SslContext tls = settings.tls() ? ServerTls.context(settings.certificateFile(parts.paths()),
                settings.privateKeyFile(parts.paths())) : null;
        server = Servers.start(settings, tls, new Servers.Services(codec, tokens,
                new RateLimiter(settings.requestsPerSecond(), settings.burst(), System::nanoTime), runs,
                new RunFeeds(runs, parts.logs(), hub), channels, parts.definitions(), sources,
                new RouteStore(parts.definitions(), parts.store(), sources),
                new StatusPage(parts.definitions(), parts.engine(), parts.schedules(), parts.watchdog(), parts.agentId(), parts.version(),
                        parts.clock()),
                parts.agentId(), parts.version()));
        resources.push(server);
    }

    /** The port it listens on (the configured one, or the one the system chose for port 0 in tests). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable part = resources.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", part, e);
            }
        }
    }
}
