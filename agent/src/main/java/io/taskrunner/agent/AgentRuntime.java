package io.taskrunner.agent;

import io.taskrunner.agent.alert.AlertDelivery;
import io.taskrunner.agent.api.HttpApi;
import io.taskrunner.agent.collector.CollectorEngine;
import io.taskrunner.agent.command.CommandHandler;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.AgentSettings;
import io.taskrunner.agent.config.ConsoleKeys;
import io.taskrunner.agent.config.DefinitionsFile;
import io.taskrunner.agent.config.HttpApiSettings;
import io.taskrunner.agent.config.SettingsFile;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.desired.DesiredStateApplier;
import io.taskrunner.agent.desired.DesiredStateFile;
import io.taskrunner.agent.engine.AgentTaskServices;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.field.FieldDevices;
import io.taskrunner.agent.metrics.HostFacts;
import io.taskrunner.agent.metrics.MetricsSampler;
import io.taskrunner.agent.scheduler.AgentScheduler;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.transport.AgentConnection;
import io.taskrunner.agent.transport.ConnectionListener;
import io.taskrunner.agent.transport.NextJobAsk;
import io.taskrunner.agent.transport.OutboxSender;
import io.taskrunner.agent.trigger.DeviceDataStore;
import io.taskrunner.agent.trigger.MqttTriggers;
import io.taskrunner.agent.update.AgentUpdater;
import io.taskrunner.agent.update.AgentVersions;
import io.taskrunner.agent.update.UpdateWatch;
import io.taskrunner.agent.watchdog.Incidents;
import io.taskrunner.agent.watchdog.WatchdogEngine;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.security.CommandVerifier;
import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBox;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * A running agent. Start order: settings, data-folder lock, local store, verifier, runs, outbox, triggers, the
 * HTTP API (when enabled), connection, periodic jobs. {@link #close()} undoes it in reverse; the outbox keeps what the console has not acknowledged.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    /** Wait after an HTTP caller's first failed callback; it doubles for each of the next attempts. */
    private static final Duration CALLBACK_BACKOFF = Duration.ofSeconds(2);
    /** A bundle for thousands of tasks is far larger than any command; the connection takes packets up to 64 MiB. */
    private static final String COLLECTOR_ALERTS = "collector-alerts";
    /** How long a freshly updated agent has to reach its broker before it goes back to the version before. */
    private static final Duration UPDATE_ONLINE_WITHIN = Duration.ofSeconds(120);
    private static final int DESIRED_BUNDLE_MAX_BYTES = 32 * 1024 * 1024;

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
        // before anything reads a secret: refuses to start when the key file is readable by others
        SecretBox secretBox = KeyFile.loadOrCreate(paths.dataDir().resolve(KeyFile.FILE_NAME));
        Supplier<SecretBox> secrets = () -> secretBox;
        MessageCodec codec = new MessageCodec(settings.maxMessageBytes());
        AgentStore store = AgentStore.open(paths.storeFile(), secrets);
        resources.push(store);
        ensureDirectory(paths.workDir());

        EventLog events = new EventLog(store.outbox(), codec, clock);
        // the console's signing keys: rotated by a key.rotate command signed with the key in force
        ConsoleKeys consoleKeys = ConsoleKeys.load(paths, settings);
        CommandVerifier verifier = new CommandVerifier(consoleKeys, settings.agentId(), codec,
                store.nonces()::remember, clock);
        DefinitionRegistry definitions = new DefinitionRegistry();
        definitions.setLocal(new DefinitionsFile(codec).readIfPresent(paths.definitionsFile()));
        JdbcDatasources datasources = new JdbcDatasources(new SecretResolver(paths.secretsFile(), System.getenv(),
                secrets));
        datasources.update(definitions.current().datasources());
        definitions.onChange(set -> datasources.update(set.datasources()));
        MessageCodec bundleCodec = new MessageCodec(DESIRED_BUNDLE_MAX_BYTES);
        DesiredStateApplier desired = new DesiredStateApplier(new CommandVerifier(consoleKeys, settings.agentId(),
                bundleCodec, store.nonces()::remember, clock), definitions,
                new DesiredStateFile(paths.desiredFile(), bundleCodec, secrets),
                events);
        desired.start();
        RunLogs runLogs = new RunLogs(paths.runLogsDir(), clock, settings.logRetentionDays());
        AgentConnection[] connectionRef = new AgentConnection[1];
        AgentTaskServices services = new AgentTaskServices(clock, paths.dataDir(), datasources,
                (topic, payload, qos, retain, timeout) -> publishForTask(connectionRef[0], topic, payload, qos, retain,
                        timeout));
        FieldDevices field = new FieldDevices(clock);
        resources.push(field);
        TaskExecutors executors = StandardExecutors.create(settings.acceptedTaskTypes(), field);
        resources.push(executors);
        RunEngine runs = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(), codec.mapper()),
                definitions, executors, services, paths.workDir(), runLogs, clock, codec.mapper(),
                Duration.ofSeconds(settings.shutdownGraceSeconds()));
        resources.push(runs);
        runs.start();
        AgentScheduler scheduler = new AgentScheduler(clock, ZoneId.systemDefault(), settings.agentId(),
                store.records(AgentScheduler.STORE_NAME), runs::submit, events::record);
        resources.push(scheduler);
        scheduler.update(definitions.current().schedules());
        definitions.onChange(set -> scheduler.update(set.schedules()));
        scheduler.start();

        MqttConnectionSettings mqtt = new MqttConnectionSettings(settings.brokerHost(), settings.brokerPort(),
                settings.agentId(), paths.tlsFiles(), settings.topicPrefix(), null, null);
        SystemInfo system = new SystemInfo();
        HostFacts facts = new HostFacts(system);
        Instant startedAt = clock.instant();
        String version = AgentVersion.current();
        UpdateWatch updates = new UpdateWatch(new AgentVersions(paths.dataDir()), version, UPDATE_ONLINE_WITHIN,
                () -> System.exit(AgentUpdater.RESTART_EXIT_CODE));
        updates.rolledBackUpdate().ifPresent(text -> events.record(new AlertRaised(UUID.randomUUID(),
                "agent-update", AlertSeverity.WARNING, text, false)));
        byte[] offline = codec.encode(Envelope.report(AgentState.offline(version), clock));

        OutboxSender[] sender = new OutboxSender[1];
        CommandHandler[] handler = new CommandHandler[1];
        connection = new AgentConnection(mqtt,
                () -> codec.encode(Envelope.report(facts.onlineState(version, startedAt), clock)), offline,
                new ConnectionListener() {
                    @Override
                    public void connected() {
                        sender[0].connected();
                        updates.connected();
                    }

                    @Override
                    public void disconnected() {
                        sender[0].disconnected();
                    }

                    @Override
                    public void commandReceived(byte[] payload) {
                        handler[0].handle(payload);
                    }

                    @Override
                    public void desiredReceived(byte[] payload) {
                        desired.received(payload);
                    }
                }, NextJobAsk.requestOnConnect(clock));
        connectionRef[0] = connection;
        sender[0] = new OutboxSender(store.outbox(), connection::publishEvent, settings.outboxWindow(), clock);
        resources.push(sender[0]);
        handler[0] = new CommandHandler(verifier, store.processedCommands(), runs, sender[0], events,
                desired::groups, consoleKeys);
        events.onAppended(sender[0]::eventRecorded);
        resources.push(connection);
        desired.onGroupsChanged(connection::subscribeGroups);
        DeviceDataStore deviceStore = new DeviceDataStore(datasources);
        MqttTriggers triggers = new MqttTriggers(connection, runs, definitions, deviceStore, mqtt.topics(),
                settings.agentId(), paths.dataDir(), clock, codec.mapper(), settings.mqttAdhoc());
        resources.push(triggers);
        triggers.start();
        AlertDelivery alerts = AlertDelivery.create(settings.agentId(), settings.smtp(),
                new SecretResolver(paths.secretsFile(), System.getenv(), secrets), codec.mapper(), clock);
        resources.push(alerts);
        AgentConnection connected = connection;
        WatchdogEngine watchdog = new WatchdogEngine(new WatchdogEngine.Parts(clock, paths.dataDir(), events,
                store.records(WatchdogEngine.STORE_MAP), codec.mapper(), alerts, runs, connected::watchTopic,
                field.modbus()));
        watchdog.update(definitions.current().watchdog());
        definitions.onChange(set -> watchdog.update(set.watchdog()));
        resources.push(watchdog);
        watchdog.start();
        CollectorEngine collectors = new CollectorEngine(new CollectorEngine.Parts(clock,
                collector -> field.poll(collector.spec(), new CancellationToken()),
                new ConnectionOutputs(connected, codec, clock), deviceStore, runs,
                name -> definitions.current().task(name), new Incidents(store.records(COLLECTOR_ALERTS), events,
                        alerts, codec.mapper(), clock), codec.mapper()));
        collectors.update(definitions.current().collectors());
        definitions.onChange(set -> collectors.update(set.collectors()));
        resources.push(collectors);
        collectors.start();
        HttpApiSettings http = settings.httpApi();
        if (http.enabled()) {
            resources.push(HttpApi.start(http, new HttpApi.Parts(paths, settings.agentId(), version, runs,
                    definitions, events, runLogs, deviceStore, scheduler::status, watchdog::status, clock), CALLBACK_BACKOFF));
        }
        connection.start();

        ScheduledExecutorService periodic = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("agent-periodic").daemon().factory());
        resources.push(periodic::shutdownNow);
        updates.start(this::isConnected, periodic);
        MetricsSampler sampler = new MetricsSampler(system, paths.dataDir(), runs::running, runs::status);
        periodic.scheduleWithFixedDelay(() -> publishMetrics(sampler, codec, clock), settings.metricsIntervalSeconds(),
                settings.metricsIntervalSeconds(), TimeUnit.SECONDS);
        periodic.scheduleWithFixedDelay(() -> prune(store, clock), 1, 10, TimeUnit.MINUTES);
        periodic.scheduleWithFixedDelay(() -> pruneHistory(runs, runLogs, clock), 0, 6, TimeUnit.HOURS);
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

    private void pruneHistory(RunEngine runs, RunLogs runLogs, Clock clock) {
        try {
            long cutoff = clock.instant().minus(Duration.ofDays(settings.logRetentionDays())).toEpochMilli();
            int records = runs.history().prune(cutoff, settings.historyLimit());
            int files = runLogs.prune();
            if (records + files > 0) {
                LOG.info("pruned {} run history records and {} run log files", records, files);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning the run history failed; trying again later", e);
        }
    }

    private static void publishForTask(AgentConnection connection, String topic, byte[] payload, int qos,
            boolean retain, Duration timeout) {
        if (connection == null) {
            throw new TaskException("the agent is not connected to its broker yet");
        }
        try {
            connection.publishTo(topic, payload, qos, retain).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskException("publishing to " + topic + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new TaskException("publishing to " + topic + " failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new TaskException("publishing to " + topic + " took longer than " + timeout.toSeconds() + " s", e);
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
