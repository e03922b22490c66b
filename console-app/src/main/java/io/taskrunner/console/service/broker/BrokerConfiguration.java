package io.taskrunner.console.service.broker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;

/** Turns {@link BrokerSettings} into Artemis' programmatic configuration. */
final class BrokerConfiguration {
    static final String BROKER_NAME = "taskrunner-broker";
    static final String ACCEPTOR_NAME = "mqtt-tls";
    /** Every address: MQTT topics, retained messages ($sys.mqtt.retain.*) and session state ($sys.mqtt.sessions). */
    private static final String ALL_ADDRESSES = "#";
    private static final String PKCS12 = "PKCS12";

    private BrokerConfiguration() {
    }

    /**
     * @param maskedStorePassword stands for the store password in the acceptor parameters, which Artemis logs; see
     *                            {@link AcceptorPasswords}
     */
    static Configuration from(BrokerSettings settings, String maskedStorePassword) {
        Path data = settings.dataDir().toAbsolutePath();
        Configuration configuration = new ConfigurationImpl()
                .setName(BROKER_NAME)
                .setPersistenceEnabled(true)
                // NIO runs everywhere; ASYNCIO needs libaio and would only log a fallback warning without it
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(data.resolve("lock").toString())
                // Results are acknowledged end to end (see DESIGN.md), not trusted to the broker's disk: skipping
                // the fsync per QoS 1 message triples throughput. The journal is still written and synced on stop.
                .setJournalSyncTransactional(false)
                .setJournalSyncNonTransactional(false)
                // the default (90 %) blocks every publisher when the user's disk fills up; only a full disk should
                .setMaxDiskUsage(100)
                .setSecurityEnabled(true)
                // Artemis caches granted authorizations under the MQTT user name the client sent plus the check type.
                // Agents and the console send none, so they never used that cache; devices log in with their name.
                // Without it a device can never meet another client's cached grants, whatever the names, and a
                // disabled or deleted device loses its grants at once. Cost, measured: one in-memory check per
                // publish (DeviceAccessPolicy, ~1 us with 64 grants); a device's QoS 1 publishes ran at the same
                // rate within noise (~20-35k msg/s on 2 cores) with the cache on and off. Logins stay cached.
                .setAuthorizationCacheSize(0)
                .setJMXManagementEnabled(false)
                // HALT or SHUTDOWN would take the whole console down with a stalled broker thread
                .setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG)
                // persistent MQTT sessions (clean start false) keep their subscriptions across broker restarts
                .setMqttSubscriptionPersistenceEnabled(true)
                .setGracefulShutdownEnabled(false)
                .addAddressSetting(ALL_ADDRESSES, addressSettings())
                .addAcceptorConfiguration(mqttAcceptor(settings, maskedStorePassword));
        return configuration;
    }

    /**
     * The MQTT protocol manager creates subscription queues, retained-message queues and shared-subscription
     * queues on demand, so it needs auto-created queues and addresses; it deletes what a session no longer needs.
     */
    private static AddressSettings addressSettings() {
        return new AddressSettings()
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false);
    }

    private static TransportConfiguration mqttAcceptor(BrokerSettings settings, String maskedPassword) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, settings.bindHost());
        params.put(TransportConstants.PORT_PROP_NAME, settings.port());
        params.put(TransportConstants.PROTOCOLS_PROP_NAME, "MQTT");
        params.put(TransportConstants.TCP_NODELAY_PROPNAME, true);
        params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
        // agents and the console present a client certificate; devices cannot, and log in with a device credential
        // (CertificateSecurityManager): so ask for a certificate but let a client without one reach the login
        params.put(TransportConstants.WANT_CLIENT_AUTH_PROP_NAME, true);
        params.put(TransportConstants.ENABLED_PROTOCOLS_PROP_NAME, "TLSv1.3,TLSv1.2");
        params.put(AcceptorPasswords.CODEC_PARAMETER, AcceptorPasswords.class.getName());
        params.put(TransportConstants.KEYSTORE_TYPE_PROP_NAME, PKCS12);
        params.put(TransportConstants.KEYSTORE_PATH_PROP_NAME, settings.keyStorePath().toAbsolutePath().toString());
        params.put(TransportConstants.KEYSTORE_PASSWORD_PROP_NAME, maskedPassword);
        params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, PKCS12);
        params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, settings.trustStorePath().toAbsolutePath().toString());
        params.put(TransportConstants.TRUSTSTORE_PASSWORD_PROP_NAME, maskedPassword);
        // read by the MQTT protocol manager: announced in CONNACK and enforced on incoming packets
        params.put("maximumPacketSize", settings.maxMessageBytes());
        return new TransportConfiguration(NettyAcceptorFactory.class.getName(), params, ACCEPTOR_NAME);
    }
}
