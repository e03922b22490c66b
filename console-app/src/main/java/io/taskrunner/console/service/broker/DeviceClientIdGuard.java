package io.taskrunner.console.service.broker;

import java.security.cert.X509Certificate;
import java.util.Objects;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.utils.CertificateUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connection of a client without a certificate whose CONNECT names a client id of the console, a known
 * agent or another device. MQTT hands a client id's session to whoever connects with it last and drops the
 * connection that held it, before any authorization check; without this a device could push an agent or the
 * console off the broker, or wipe its persistent session with a clean start. This cannot be checked at login:
 * Artemis caches logins without regard to the client id. Sees every incoming MQTT packet, so anything but CONNECT
 * passes at once.
 */
final class DeviceClientIdGuard implements MQTTInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceClientIdGuard.class);

    private final DeviceDirectory directory;

    DeviceClientIdGuard(DeviceDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** @return false to close the connection */
    @Override
    public boolean intercept(MqttMessage packet, RemotingConnection connection) {
        if (!(packet instanceof MqttConnectMessage connect) || hasCertificate(connection)) {
            return true;
        }
        String clientId = connect.payload().clientIdentifier();
        // an empty client id asks the broker to assign one
        if (clientId == null || clientId.isEmpty()) {
            return true;
        }
        String user = connect.payload().userName();
        if (directory.isReservedClientId(user, clientId)) {
            LOG.warn("Refused broker client {} without certificate (user name {}): client id {} belongs to the "
                    + "console, an agent or another device", connection.getRemoteAddress(), Printable.of(user),
                    Printable.of(clientId));
            return false;
        }
        return true;
    }

    private static boolean hasCertificate(RemotingConnection connection) {
        X509Certificate[] chain = CertificateUtil.getCertsFromConnection(connection);
        return chain != null && chain.length > 0 && chain[0] != null;
    }
}
