package io.taskrunner.console.core;

import io.taskrunner.console.api.ApiTls;
import io.taskrunner.console.api.FleetApi;
import io.taskrunner.console.api.FleetApiSettings;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.EventRepository;
import io.taskrunner.console.service.alerts.AlertRepository;
import io.taskrunner.console.service.alerts.AlertService;
import io.taskrunner.console.service.alerts.DefaultAlertService;
import io.taskrunner.console.service.apitokens.ApiTokenService;
import io.taskrunner.console.service.apitokens.DefaultApiTokenService;
import io.taskrunner.console.service.broker.BrokerSettings;
import io.taskrunner.console.service.broker.EmbeddedBroker;
import io.taskrunner.console.service.broker.export.BrokerExport;
import io.taskrunner.console.service.broker.export.BrokerExportSettings;
import io.taskrunner.console.service.broker.export.BrokerRules;
import io.taskrunner.console.service.broker.export.BrokerRulesExport;
import io.taskrunner.console.service.certificates.AgentCertificates;
import io.taskrunner.console.service.audit.AuditLog;
import io.taskrunner.console.service.audit.AuditedServices;
import io.taskrunner.console.service.commands.CommandSender;
import io.taskrunner.console.service.commands.SigningKeys;
import io.taskrunner.console.service.desired.DefaultDesiredStateService;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.GroupMembership;
import io.taskrunner.console.service.devices.DefaultDeviceCredentialService;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.enrol.EnrolmentService;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.files.JobFileService;
import io.taskrunner.console.service.fleet.AgentRepository;
import io.taskrunner.console.service.fleet.DefaultFleetService;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.ingest.AckScheduler;
import io.taskrunner.console.service.ingest.EventIngestor;
import io.taskrunner.console.service.jobs.DefaultJobService;
import io.taskrunner.console.service.jobs.JobRepository;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.RunServiceJobRuns;
import io.taskrunner.console.service.keys.DefaultKeyRotationService;
import io.taskrunner.console.service.keys.KeyRotationService;
import io.taskrunner.console.service.keys.SigningKeyFiles;
import io.taskrunner.console.service.pki.BrokerCredentials;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.pki.PrivateFiles;
import io.taskrunner.console.service.runs.DefaultRunService;
import io.taskrunner.console.service.runs.RunRepository;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.transport.ConsoleTransport;
import io.taskrunner.console.transport.InboundHandler;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.NextJobRequest;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.mqtt.TlsFiles;
import io.taskrunner.protocol.security.KeyFile;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console without its window: PKI, H2, embedded broker (or an external one), MQTT transport, services and the
 * Fleet API. Start order: data folder, CA and keys, database, fleet and device credentials, broker, the other
 * services, transport, jobs, Fleet API. {@link #close()} stops in reverse.
 */
public final class ConsoleCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCore.class);
    /** The name of the console's own CA, in its certificate's subject. */
    public static final String CA_NAME = "TaskRunner Console CA";
    private static final Duration CONSOLE_CERTIFICATE_VALIDITY = Duration.ofDays(825);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final ConsoleOptions options;
    private final ConsolePaths paths;
    private final LiveValues liveValues = new LiveValues();
    private CertificateAuthority ca;
    private Database database;
    private EmbeddedBroker broker;
    private DefaultFleetService fleet;
    private DefaultRunService runs;
    private DefaultDeviceCredentialService devices;
    private GroupMembership groups;
    private DefaultAlertService alerts;
    private DefaultDesiredStateService desired;
    private DefaultJobService jobs;
    private EnrolmentService enrolment;
    private AgentCertificates certificates;
    private DefaultApiTokenService apiTokens;
    private JobFileService jobFiles;
    private AuditLog audit;
    private DefaultKeyRotationService keyRotation;
    private AuditedServices auditedServices;
    private BrokerCredentials serverCredentials;
    private volatile FleetApi fleetApi;
    private EventRepository events;
    private ConsoleTransport transport;
    private int brokerPort;

    private ConsoleCore(ConsoleOptions options) {
        this.options = options;
        this.paths = new ConsolePaths(options.dataDir().toAbsolutePath());
    }

    public static ConsoleCore start(ConsoleOptions options, Clock clock) {
        ConsoleCore core = new ConsoleCore(options);
        try {
            core.startParts(clock);
            return core;
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    private void startParts(Clock clock) {
        PrivateFiles.createPrivateFolders(paths.dataDir());
        PrivateFiles.createPrivateFolders(paths.pkiDir());
        ca = CertificateAuthority.loadOrCreate(paths.pkiDir(), CA_NAME);
        SigningKeyFiles signingKeyFiles = new SigningKeyFiles(paths.pkiDir());
        KeyPair signingKeys = signingKeyFiles.loadOrCreateCurrent();
        ensureConsoleClientCertificate();

        MessageCodec codec = new MessageCodec();
        database = Database.open(paths.databaseDir(), KeyFile.loadOrCreate(paths.secretKeyFile()));
        resources.push(database);
        AgentRepository agentRepository = new AgentRepository(database);
        RunRepository runRepository = new RunRepository(database);
        events = new EventRepository(database);
        audit = new AuditLog(database, clock);
        apiTokens = new DefaultApiTokenService(database, clock);
        jobFiles = new JobFileService(database, paths.jobFilesDir(), JobFileService.DEFAULT_MAX_BYTES,
                this::fileEndpoint, clock);

        // before the broker: it checks certificates against the deny list and device logins against the device
        // credentials from its first connection on
        certificates = AgentCertificates.load(database, ca, paths.crlFile(), clock);
        fleet = new DefaultFleetService(agentRepository, codec, clock, certificates);
        devices = new DefaultDeviceCredentialService(database, fleet, clock);
        // before the broker too: it lets each agent subscribe to its groups' commands from its first connection on
        groups = GroupMembership.load(database);

        String brokerHost;
        if (options.usesEmbeddedBroker()) {
            BrokerCredentials credentials = serverCredentials();
            broker = new EmbeddedBroker(new BrokerSettings(options.bindHost(), options.brokerPort(),
                    paths.brokerDataDir(), credentials.keyStorePath(), credentials.trustStorePath(),
                    credentials.password(), BrokerSettings.DEFAULT_MAX_MESSAGE_BYTES), devices, groups,
                    certificates.denyList());
            resources.push(broker);
            broker.start();
            devices.onCredentialChanged(broker::deviceCredentialChanged);
            certificates.onRevoked(broker::certificatesRevoked);
            brokerPort = broker.port();
            brokerHost = "localhost";
        } else {
            brokerPort = options.externalBrokerPort();
            brokerHost = options.externalBrokerHost();
        }

        MqttConnectionSettings mqtt = new MqttConnectionSettings(brokerHost, brokerPort, "console",
                paths.consoleClientTls(), Topics.DEFAULT_PREFIX, null, null);
        Router router = new Router(liveValues, codec);
        transport = new ConsoleTransport(mqtt, router);
        SigningKeys keyRing = DefaultKeyRotationService.loadKeys(signingKeyFiles, signingKeys, database, codec, clock);
        CommandSender sender = new CommandSender(keyRing, transport);
        AckScheduler acks = new AckScheduler(sender, clock);
        runs = new DefaultRunService(runRepository, sender, groups::hasMembers, jobFiles::reference, clock);
        alerts = new DefaultAlertService(new AlertRepository(database), clock);
        desired = new DefaultDesiredStateService(database, fleet, sender, codec, clock, groups);
        runs.maskSecretsOf(desired::task);
        EventIngestor ingestor = new EventIngestor(database, agentRepository, runRepository, events, codec, acks,
                runs, alerts, desired, clock);
        router.wire(fleet, ingestor, acks, agentRepository);
        keyRotation = new DefaultKeyRotationService(signingKeyFiles, keyRing, signingKeys, database, fleet, sender,
                desired::republish, audit, codec, clock);
        ingestor.onKeyRotated(keyRotation);
        fleet.onAgentChanged(keyRotation::agentChanged);
        enrolment = new EnrolmentService(ca, keyRotation::currentPublicKey, options.advertisedHost(), brokerPort,
                Topics.DEFAULT_PREFIX, fleet, devices, codec, certificates);
        resources.push(transport);
        resources.push(acks);
        try {
            transport.start().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the console cannot connect to its broker at " + brokerHost + ":"
                    + brokerPort + ": " + e.getMessage(), e);
        }
        keyRotation.announceToWaitingAgents();
        jobs = DefaultJobService.start(new JobRepository(database, codec), new RunServiceJobRuns(runs), fleet,
                desired::labels, clock);
        resources.push(jobs);
        auditedServices = AuditedServices.wrap(audit, fleet, runs, jobs, desired, devices, apiTokens);
        router.wireJobs(jobs);
        if (options.servesApi()) {
            startFleetApi(codec);
        }
        ScheduledExecutorService periodic = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("console-periodic").daemon().factory());
        resources.push(periodic::shutdownNow);
        periodic.scheduleWithFixedDelay(this::refreshDesiredBundles, 1, 24 * 60, TimeUnit.MINUTES);
        periodic.scheduleWithFixedDelay(this::republishRevocationList, 24 * 60, 24 * 60, TimeUnit.MINUTES);
        LOG.info("console core started: data {}, broker {}:{} ({})", paths.dataDir(), brokerHost, brokerPort,
                options.usesEmbeddedBroker() ? "embedded" : "external");
    }

    /** HTTPS with the console CA's server certificate (the broker's key store, which names this host). */
    private void startFleetApi(MessageCodec codec) {
        BrokerCredentials credentials = serverCredentials();
        fleetApi = FleetApi.start(FleetApiSettings.of(options.apiBind(), options.apiPort()),
                ApiTls.serverContext(credentials.keyStorePath(), credentials.password().toCharArray(),
                        ca.certificate()),
                new FleetApi.Services(auditedServices.fleet(), auditedServices.runs(), auditedServices.jobs(),
                        auditedServices.desired(), auditedServices.apiTokens(), jobFiles), codec);
        resources.push(fleetApi);
    }

    /**
     * Where agents fetch job files: the Fleet API's port under the host in their enrolment bundles (which the
     * server certificate names); empty while the API is off.
     */
    private Optional<String> fileEndpoint() {
        FleetApi api = fleetApi;
        if (api == null) {
            return Optional.empty();
        }
        String host = options.advertisedHost();
        return Optional.of("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + api.port());
    }

    /** The server certificate of the broker and the Fleet API, made once per start. */
    private BrokerCredentials serverCredentials() {
        if (serverCredentials == null) {
            serverCredentials = BrokerCredentials.loadOrCreate(paths.pkiDir(), ca, serverNames(), serverAddresses());
        }
        return serverCredentials;
    }

    private void refreshDesiredBundles() {
        try {
            desired.refreshAgingBundles().get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("signing aging desired bundles afresh failed; trying again tomorrow", e);
        }
    }

    /** A CRL past its next-update time makes external brokers refuse every client: sign it afresh daily. */
    private void republishRevocationList() {
        try {
            certificates.publishRevocationList();
        } catch (RuntimeException e) {
            LOG.warn("publishing the certificate revocation list failed; trying again tomorrow", e);
        }
    }

    private void ensureConsoleClientCertificate() {
        TlsFiles tls = paths.consoleClientTls();
        if (Files.exists(tls.clientCertificate()) && Files.exists(tls.clientKey())) {
            return;
        }
        IssuedCredential credential = ca.issueClientCertificate("console", CONSOLE_CERTIFICATE_VALIDITY);
        PrivateFiles.writeOwnerOnly(tls.clientKey(), credential.privateKeyPem());
        PrivateFiles.writeOwnerOnly(tls.clientCertificate(), credential.certificatePem());
    }

    private List<String> serverNames() {
        List<String> names = new ArrayList<>(List.of("localhost"));
        if (!isIpLiteral(options.advertisedHost())) {
            names.add(options.advertisedHost());
        }
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!names.contains(host)) {
                names.add(host);
            }
        } catch (UnknownHostException e) {
            LOG.debug("no local host name: {}", e.getMessage());
        }
        return names;
    }

    /** Loopback, and the advertised host and the API's address when they are IP literals (not a wildcard). */
    private List<String> serverAddresses() {
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1", "::1"));
        for (String host : List.of(options.advertisedHost(), options.apiBind())) {
            if (isIpLiteral(host) && !InetAddress.ofLiteral(host).isAnyLocalAddress()) {
                addresses.add(host);
            }
        }
        return addresses;
    }

    private static boolean isIpLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public ConsoleServices services(LanguageSettings language) {
        return new ConsoleServices(auditedServices.fleet(), auditedServices.runs(), auditedServices.devices(),
                auditedServices.desired(), liveValues, auditedServices.jobs(), language, info());
    }

    public ConsoleInfo info() {
        return new ConsoleInfo(paths.dataDir(), options.usesEmbeddedBroker() ? options.bindHost()
                : options.externalBrokerHost(), brokerPort, ConsoleVersion.current());
    }

    /** The job files agents fetch before a run (served on the Fleet API's port). */
    public JobFileService jobFiles() {
        return jobFiles;
    }

    /** The Fleet API's tokens (create, list, revoke); creating and revoking is audited. */
    public ApiTokenService apiTokens() {
        return auditedServices.apiTokens();
    }

    /** Every operator action: who, when, what, on which target. */
    public AuditLog audit() {
        return audit;
    }

    /** Rotation of the command-signing key; done operator actions are audited. */
    public KeyRotationService keyRotation() {
        return keyRotation;
    }

    /** The port the Fleet API listens on; empty when it is off. */
    public OptionalInt apiPort() {
        return fleetApi == null ? OptionalInt.empty() : OptionalInt.of(fleetApi.port());
    }

    public FleetService fleet() {
        return auditedServices.fleet();
    }

    /** The runs; operator actions through this are audited, as through every service this class hands out. */
    public RunService runs() {
        return auditedServices.runs();
    }

    public DesiredStateService desired() {
        return auditedServices.desired();
    }

    public JobService jobs() {
        return auditedServices.jobs();
    }

    /** The latest values of the agents' collectors (live data, in memory). */
    public LiveValues liveValues() {
        return liveValues;
    }

    public AlertService alerts() {
        return alerts;
    }

    public DeviceCredentialService devices() {
        return auditedServices.devices();
    }

    public EnrolmentService enrolment() {
        return enrolment;
    }

    /** Issued and revoked agent certificates, the broker's deny list and the CRL. */
    public AgentCertificates certificates() {
        return certificates;
    }

    /**
     * Writes the rules the embedded broker enforces now as files for an external Mosquitto (and optionally EMQX),
     * with a new broker certificate from the console CA. Blocks for the file writes; call it off the UI thread.
     */
    public BrokerExport exportBrokerRules(BrokerExportSettings settings) {
        return new BrokerRulesExport(ca).export(BrokerRules.collect(fleet, devices, groups), settings);
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    public ConsolePaths paths() {
        return paths;
    }

    /** The embedded broker, empty when the console uses an external one. */
    public Optional<EmbeddedBroker> embeddedBroker() {
        return Optional.ofNullable(broker);
    }

    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    public int brokerPort() {
        return brokerPort;
    }

    /** How many events of one type from one agent are stored (for tests, benchmarks and diagnostics). */
    public long storedEvents(String agentId, String type) {
        return events.count(agentId, type);
    }

    public boolean isConnected() {
        return transport != null && transport.isConnected();
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

    /** Routes inbound messages to the services; built before them because the transport needs it first. */
    private static final class Router implements InboundHandler {
        private final LiveValues liveValues;
        private DefaultFleetService fleet;
        private EventIngestor ingestor;
        private AckScheduler acks;
        private AgentRepository agents;
        private final MessageCodec codec;
        private volatile DefaultJobService jobs;

        Router(LiveValues liveValues, MessageCodec codec) {
            this.liveValues = liveValues;
            this.codec = codec;
        }

        void wireJobs(DefaultJobService jobService) {
            this.jobs = jobService;
        }

        void wire(DefaultFleetService fleet, EventIngestor ingestor, AckScheduler acks, AgentRepository agents) {
            this.fleet = fleet;
            this.ingestor = ingestor;
            this.acks = acks;
            this.agents = agents;
        }

        @Override
        public void state(String agentId, byte[] payload) {
            fleet.stateReceived(agentId, payload);
        }

        @Override
        public void metrics(String agentId, byte[] payload) {
            fleet.metricsReceived(agentId, payload, liveValues);
        }

        @Override
        public void event(String agentId, byte[] payload) {
            ingestor.accept(agentId, payload);
        }

        /** {@code jobs.next}: the agent id is the topic's, which only that agent may publish to. */
        @Override
        public void jobs(String agentId, byte[] payload) {
            DefaultJobService service = jobs;
            Envelope<?> request;
            try {
                request = codec.decode(payload);
            } catch (ProtocolException e) {
                LOG.warn("dropping unreadable job request from {}: {}", agentId, e.getMessage());
                return;
            }
            if (!(request.body() instanceof NextJobRequest next)) {
                LOG.warn("dropping {} from {} on its jobs topic: not a job request", request.type().wireName(),
                        agentId);
            } else if (service == null) {
                // the jobs service re-sends what its agents may lack once it has started
                LOG.info("agent {} asked for its next job execution before the jobs service started", agentId);
            } else {
                service.nextRequested(agentId, next.reason() == null ? "no reason given" : next.reason());
            }
        }

        /** After any (re)connect, tell every known agent where the console stands so it re-sends the rest. */
        @Override
        public void connected() {
            if (agents == null) {
                return;
            }
            for (AgentRepository.AgentAck mark : agents.ackMarks()) {
                acks.requestResend(mark.agentId(), mark.ackedSeq());
            }
        }
    }
}
