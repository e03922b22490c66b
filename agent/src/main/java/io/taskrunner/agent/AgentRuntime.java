package io.taskrunner.agent;

import io.taskrunner.agent.command.CommandHandler;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.AgentSettings;
import io.taskrunner.agent.config.SettingsFile;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.metrics.HostFacts;
import io.taskrunner.agent.metrics.MetricsSampler;
import io.taskrunner.agent.runs.RunManager;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.transport.AgentConnection;
import io.taskrunner.agent.transport.ConnectionListener;
import io.taskrunner.agent.transport.OutboxSender;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.security.CommandVerifier;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import oshi.SystemInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent. Start order: settings, data-folder lock, local store, verifier, runs, outbox, connection,
 * periodic jobs. {@link #close()} undoes it in reverse; the outbox keeps what the console has not acknowledged.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final AgentSettings settings;
    private AgentConnection connection;

    private AgentRuntime(AgentSettings settings) {
        this.settings = settings;
    }

    public static AgentRuntime start(AgentPaths paths, Clock clock) {
        AgentSettings settings = new SettingsFile().read(paths);
        AgentRuntime runtime = new AgentRuntime(settings);
        try {
            runtime.startParts(paths, clock);
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public String agentId() {
        return settings.agentId();
    }

    public boolean isConnected() {
        return connection != null && connection.isConnected();
    }

    private void startParts(AgentPaths paths, Clock clock) {
        lockDataDir(paths);
        MessageCodec codec = new MessageCodec(settings.maxMessageBytes());
        AgentStore store = AgentStore.open(paths.storeFile());
        resources.push(store);
        ensureDirectory(paths.workDir());

        EventLog events = new EventLog(store.outbox(), codec, clock);
        CommandVerifier verifier = CommandVerifier.forKey(Ed25519Keys.publicKeyFromBase64(settings.consoleSigningKey()),
                settings.agentId(), codec, store.nonces()::remember, clock);
        RunManager runs = new RunManager(events, new ProcessExecutor(), settings.maxConcurrentRuns(), paths.workDir());
        resources.push(runs);

        MqttConnectionSettings mqtt = new MqttConnectionSettings(settings.brokerHost(), settings.brokerPort(),
                settings.agentId(), paths.tlsFiles(), settings.topicPrefix(), null, null);
        SystemInfo system = new SystemInfo();
        HostFacts facts = new HostFacts(system);
        Instant startedAt = clock.instant();
        String version = AgentVersion.current();
        byte[] offline = codec.encode(Envelope.report(AgentState.offline(version), clock));

        OutboxSender[] sender = new OutboxSender[1];
        CommandHandler[] handler = new CommandHandler[1];
        connection = new AgentConnection(mqtt,
                () -> codec.encode(Envelope.report(facts.onlineState(version, startedAt), clock)), offline,
                new ConnectionListener() {
                    @Override
                    public void connected() {
                        sender[0].connected();
                    }

                    @Override
                    public void disconnected() {
                        sender[0].disconnected();
                    }

                    @Override
                    public void commandReceived(byte[] payload) {
                        handler[0].handle(payload);
                    }
                });
        sender[0] = new OutboxSender(store.outbox(), connection::publishEvent, settings.outboxWindow(), clock);
        resources.push(sender[0]);
        handler[0] = new CommandHandler(verifier, store.processedCommands(), runs, sender[0], events);
        events.onAppended(sender[0]::eventRecorded);
        resources.push(connection);
        connection.start();

        ScheduledExecutorService periodic = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("agent-periodic").daemon().factory());
        resources.push(periodic::shutdownNow);
        MetricsSampler sampler = new MetricsSampler(system, paths.dataDir(), runs::running);
        periodic.scheduleWithFixedDelay(() -> publishMetrics(sampler, codec, clock), settings.metricsIntervalSeconds(),
                settings.metricsIntervalSeconds(), TimeUnit.SECONDS);
        periodic.scheduleWithFixedDelay(() -> prune(store, clock), 1, 10, TimeUnit.MINUTES);
        LOG.info("agent {} started (version {}), {} events waiting for acknowledgement", settings.agentId(), version,
                store.outbox().pendingCount());
    }

    private void publishMetrics(MetricsSampler sampler, MessageCodec codec, Clock clock) {
        try {
            connection.publishMetrics(codec.encode(Envelope.report(sampler.sample(), clock)));
        } catch (RuntimeException e) {
            LOG.warn("metrics sample failed; trying again next interval", e);
        }
    }

    private static void prune(AgentStore store, Clock clock) {
        try {
            store.nonces().pruneExpired(clock.instant());
            store.processedCommands().pruneExpired(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("pruning the nonce store failed; trying again later", e);
        }
    }

    private void lockDataDir(AgentPaths paths) {
        try {
            ensureDirectory(paths.dataDir());
            FileChannel channel = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new AgentConfigException("another agent is already running with data folder " + paths.dataDir());
            }
            resources.push(channel);
            resources.push(lock);
        } catch (IOException e) {
            throw new AgentConfigException("cannot lock data folder " + paths.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static void ensureDirectory(java.nio.file.Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AgentConfigException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}", resource, e);
            }
        }
    }
}
