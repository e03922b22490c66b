package io.taskrunner.console.api;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.taskrunner.console.service.apitokens.ApiTokenService;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.files.JobFileService;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.security.RateLimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's Fleet API for other programs: HTTPS only (TLS 1.3 and 1.2) on the JDK's server, one virtual
 * thread per request, bearer tokens with scopes from {@link ApiTokenService}. Uses the services; no service knows
 * it. {@link #close()} stops listening, ends waiting requests and drops pending callbacks.
 */
public final class FleetApi implements AutoCloseable {
    /** Where the API's paths start. */
    public static final String BASE_PATH = "/api/v1";
    private static final Logger LOG = LoggerFactory.getLogger(FleetApi.class);
    private static final Duration FIRST_CALLBACK_BACKOFF = Duration.ofSeconds(2);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private HttpsServer server;

    private FleetApi() {
    }

    /** The services the API answers from; {@code files} null serves no job files. */
    public record Services(FleetService fleet, RunService runs, JobService jobs, DesiredStateService desired,
            ApiTokenService tokens, JobFileService files) {
    }

    /**
     * Starts listening on {@code settings.bind():settings.port()}.
     *
     * @param tls a server context with the console CA's certificate for this host
     * @throws UncheckedIOException when the address cannot be bound (port in use, unknown address)
     */
    public static FleetApi start(FleetApiSettings settings, SSLContext tls, Services services, MessageCodec codec) {
        FleetApi api = new FleetApi();
        try {
            api.startParts(settings, tls, services, codec);
            return api;
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    private void startParts(FleetApiSettings settings, SSLContext tls, Services services, MessageCodec codec) {
        ExecutorService requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fleet-api-", 0)
                .factory());
        resources.push(requests::shutdownNow);
        CallbackSender sender = new CallbackSender(FIRST_CALLBACK_BACKOFF);
        resources.push(sender);
        RunWaiter waiter = new RunWaiter(services.runs(), requests);
        resources.push(waiter);
        Callbacks callbacks = new Callbacks(services.runs(), services.jobs(), waiter, sender, requests);
        resources.push(callbacks);
        AgentEndpoints agents = new AgentEndpoints(services.fleet(), services.desired());
        ApiHandler handler = new ApiHandler(services.tokens(),
                new RateLimiter(settings.requestsPerSecond(), settings.burst(), System::nanoTime),
                settings.maxBodyBytes(), agents,
                new RunEndpoints(services.runs(), services.desired(), agents, waiter, callbacks,
                        settings.maxWaitSeconds()),
                new JobEndpoints(services.jobs(), new JobSpecReader(services.desired(), codec), callbacks));
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(settings.bind()),
                    settings.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Fleet API on " + settings.bind() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        server.setHttpsConfigurator(new ModernTls(tls));
        server.setExecutor(requests);
        server.createContext("/", handler);
        if (services.files() != null) {
            server.createContext(JobFileService.ENDPOINT_PATH, new FileEndpoint(services.files()));
        }
        server.start();
        resources.push(() -> server.stop(1));
        LOG.info("Fleet API listening on https://{}:{}{}", hostForUrl(settings.bind()), port(), BASE_PATH);
    }

    /** The port it listens on (the one picked when the settings said 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("error while stopping the Fleet API part {}", resource, e);
            }
        }
    }

    /**
     * TLS 1.3 and 1.2 only. A client certificate is asked for but not required: API callers show a token, agents
     * fetching job files their certificate (checked against the console CA when the context trusts it).
     */
    private static final class ModernTls extends HttpsConfigurator {
        ModernTls(SSLContext context) {
            super(context);
        }

        @Override
        public void configure(HttpsParameters parameters) {
            SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
            ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            ssl.setWantClientAuth(true);
            parameters.setSSLParameters(ssl);
        }
    }
}
