package io.taskrunner.console.service.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.taskrunner.console.service.pki.CertificateDenyList;
import io.taskrunner.console.service.pki.PrivateFiles;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.remoting.server.RemotingService;
import org.apache.activemq.artemis.core.security.impl.SecurityStoreImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's in-process MQTT 5 broker (Apache ActiveMQ Artemis): one TLS acceptor for clients with a client
 * certificate from the console CA (agents, the console) and for devices logging in with a device credential,
 * persistent sessions, retained messages and shared subscriptions. Start and stop may be called from any thread; the
 * broker runs on its own (Artemis-named) threads.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final Duration CLIENT_DISCONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final BrokerSettings settings;
    private final ActiveMQSecurityManager5 securityManager;
    private final DeviceDirectory devices;
    /** Null when the caller brought its own security manager (and so decides about groups itself). */
    private final AgentGroupDirectory groups;
    private ActiveMQServer server;
    private String passwordToken;

    /** A broker whose clients authenticate by certificate and may use every topic; no device may log in. */
    public EmbeddedBroker(BrokerSettings settings) {
        this(settings, new CertificateSecurityManager());
    }

    /**
     * A broker for the console, for agents (each confined to its own topics, {@link CertifiedAccessPolicy}) and for
     * the devices in {@code devices}.
     */
    public EmbeddedBroker(BrokerSettings settings, DeviceDirectory devices) {
        this(settings, devices, AgentGroupDirectory.none());
    }

    /**
     * A broker for the console, for agents (each confined to its own topics and to the shared subscriptions of its
     * groups in {@code groups}, {@link CertifiedAccessPolicy}) and for the devices in {@code devices}.
     */
    public EmbeddedBroker(BrokerSettings settings, DeviceDirectory devices, AgentGroupDirectory groups) {
        this(settings, devices, groups, new CertificateDenyList());
    }

    /**
     * The same, refusing the certificates {@code denyList} names (revoked ones, those of removed agents) on every
     * connect; after it changes, call {@link #certificatesRevoked()} to close their live sessions.
     */
    public EmbeddedBroker(BrokerSettings settings, DeviceDirectory devices, AgentGroupDirectory groups,
            CertificateDenyList denyList) {
        this(settings, new CertificateSecurityManager(CertifiedAccessPolicy.withDefaultPrefix(groups), devices,
                DeviceTopics.withDefaultPrefix(), Clock.systemUTC(), denyList), devices,
                Objects.requireNonNull(groups, "groups"));
    }

    public EmbeddedBroker(BrokerSettings settings, ActiveMQSecurityManager5 securityManager) {
        this(settings, securityManager, DeviceDirectory.none());
    }

    /** @param devices guards the client ids of the console, agents and devices against clients without certificate */
    public EmbeddedBroker(BrokerSettings settings, ActiveMQSecurityManager5 securityManager, DeviceDirectory devices) {
        this(settings, securityManager, devices, null);
    }

    private EmbeddedBroker(BrokerSettings settings, ActiveMQSecurityManager5 securityManager, DeviceDirectory devices,
            AgentGroupDirectory groups) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.securityManager = Objects.requireNonNull(securityManager, "securityManager");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.groups = groups;
    }

    /**
     * Starts the broker and returns once the acceptor listens.
     *
     * @throws BrokerException      when a store is missing, the port is taken or Artemis fails to start
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("The embedded broker is already started");
        }
        requireFile(settings.keyStorePath(), "keyStorePath");
        requireFile(settings.trustStorePath(), "trustStorePath");
        PrivateFiles.createPrivateFolders(settings.dataDir().toAbsolutePath());
        ArtemisLogging.apply();

        long startedAt = System.nanoTime();
        String token = AcceptorPasswords.newToken();
        String maskedPassword = AcceptorPasswords.register(token, settings.storePassword());
        ActiveMQServer starting = null;
        try {
            starting = new ActiveMQServerImpl(BrokerConfiguration.from(settings, maskedPassword), securityManager);
            // before start: the MQTT protocol manager takes its interceptors from the registry when it is created
            starting.getServiceRegistry().addIncomingInterceptor(new DeviceClientIdGuard(devices));
            if (groups != null) {
                starting.getServiceRegistry().addIncomingInterceptor(GroupSubscriptionGuard.withDefaultPrefix(groups));
            }
            // a live-only server activates inside start(); failures are logged there, not thrown
            starting.start();
            if (!starting.isActive() || !(acceptorOf(starting) instanceof NettyAcceptor acceptor)
                    || !acceptor.isStarted()) {
                throw new BrokerException("The embedded broker did not start; is " + settings.bindHost() + ":"
                        + settings.port() + " in use or not available? See the broker's log above");
            }
        } catch (BrokerException e) {
            stopQuietly(starting, token);
            throw e;
        } catch (Exception e) {
            stopQuietly(starting, token);
            throw new BrokerException("Cannot start the embedded broker with " + settings, e);
        }
        server = starting;
        passwordToken = token;
        LOG.info("Embedded MQTT broker listening on {}:{} (TLS; client certificates or device credentials) in {} ms",
                settings.bindHost(), port(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    /** The port the acceptor is bound to: the configured one, or the one the system chose for port 0. */
    public synchronized int port() {
        if (server == null || !(acceptorOf(server) instanceof NettyAcceptor acceptor)) {
            throw new IllegalStateException("The embedded broker is not running");
        }
        return acceptor.getActualPort();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isActive();
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Stops the broker, closing all client connections; does nothing when it is not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long stoppingAt = System.nanoTime();
        try {
            disconnectClients(server);
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(server, passwordToken);
            throw new BrokerException("Interrupted while stopping the embedded broker", e);
        } catch (Exception e) {
            throw new BrokerException("Cannot stop the embedded broker cleanly", e);
        } finally {
            server = null;
            AcceptorPasswords.forget(passwordToken);
        }
        LOG.info("Embedded MQTT broker stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Makes a change of the device credential {@code deviceName} (new password, disabled, deleted) count for
     * connections too: forgets the logins Artemis cached (for 10 s by default, failed ones included) and closes the
     * device's connections, so it must log in again with what is current. Does nothing when not running.
     */
    public synchronized void deviceCredentialChanged(String deviceName) {
        if (server == null) {
            return;
        }
        if (server.getSecurityStore() instanceof SecurityStoreImpl store) {
            store.invalidateAuthenticationCache();
        }
        ClientIdentity device = ClientIdentity.device(deviceName);
        for (RemotingConnection connection : server.getRemotingService().getConnections()) {
            if (CertificateSecurityManager.identityOf(connection.getSubject()).filter(device::equals).isPresent()) {
                LOG.info("Closing the connection of device {} from {}: its credential changed", deviceName,
                        connection.getRemoteAddress());
                connection.fail(new ActiveMQSecurityException("device credential " + deviceName + " changed"));
            }
        }
    }

    /**
     * Makes a revocation count for connections too: forgets the logins Artemis cached (a revoked certificate could
     * otherwise log in again from the cache for 10 s) and closes every connection whose certificate the deny list
     * now refuses. Connections with other certificates (an agent's renewed one) stay. Does nothing when not running
     * or when the security manager is not a {@link CertificateSecurityManager}.
     */
    public synchronized void certificatesRevoked() {
        if (server == null || !(securityManager instanceof CertificateSecurityManager certificates)) {
            return;
        }
        if (server.getSecurityStore() instanceof SecurityStoreImpl store) {
            store.invalidateAuthenticationCache();
        }
        for (RemotingConnection connection : server.getRemotingService().getConnections()) {
            if (certificates.isRefused(CertificateUtil.getCertsFromConnection(connection))) {
                LOG.warn("Closing the connection of {} from {}: its certificate was revoked",
                        CertificateSecurityManager.identityOf(connection.getSubject()).map(ClientIdentity::value)
                                .orElse("an unauthenticated client"), connection.getRemoteAddress());
                connection.fail(new ActiveMQSecurityException("certificate revoked"));
            }
        }
    }

    /**
     * Artemis tears MQTT sessions down asynchronously when it drops connections; if its storage stops meanwhile, it
     * logs errors (AMQ834000, AMQ834004, AMQ229257) when stopped with clients connected. So close the acceptor (no
     * new connections, existing ones closed) and wait briefly until every connection is gone before stopping.
     */
    private static void disconnectClients(ActiveMQServer server) throws Exception {
        RemotingService remoting = server.getRemotingService();
        Acceptor acceptor = remoting.getAcceptor(BrokerConfiguration.ACCEPTOR_NAME);
        if (acceptor != null) {
            // closes every channel; each connection is then torn down once, by Artemis' own channel-inactive path
            acceptor.stop();
        }
        if (!remoting.getConnectionCountLatch().await(CLIENT_DISCONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.debug("{} client connections still open after {}; stopping anyway", remoting.getConnectionCount(),
                    CLIENT_DISCONNECT_TIMEOUT);
        }
    }

    private static Acceptor acceptorOf(ActiveMQServer server) {
        return server.getRemotingService() == null
                ? null
                : server.getRemotingService().getAcceptor(BrokerConfiguration.ACCEPTOR_NAME);
    }

    private static void stopQuietly(ActiveMQServer server, String passwordToken) {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.debug("Stopping a broker that failed to start failed too", e);
        } finally {
            AcceptorPasswords.forget(passwordToken);
        }
    }

    private static void requireFile(Path file, String field) {
        if (!Files.isRegularFile(file)) {
            throw new BrokerException(field + " " + file + " does not exist");
        }
    }
}
