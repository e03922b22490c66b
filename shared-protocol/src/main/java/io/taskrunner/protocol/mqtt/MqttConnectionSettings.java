package io.taskrunner.protocol.mqtt;

import io.taskrunner.protocol.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how one side connects to the broker: always MQTT 5 over TLS with a client certificate, a persistent
 * session (clean start false, session expiry of days) so QoS 1 traffic survives short absences.
 */
public record MqttConnectionSettings(
        String host,
        int port,
        String clientId,
        TlsFiles tls,
        String topicPrefix,
        Duration sessionExpiry,
        Duration keepAlive) {

    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public MqttConnectionSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("broker host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker port must be between 1 and 65535, was " + port);
        }
        Topics.checkLevel(clientId, "clientId");
        Objects.requireNonNull(tls, "tls");
        topicPrefix = topicPrefix == null ? Topics.DEFAULT_PREFIX : topicPrefix;
        sessionExpiry = sessionExpiry == null ? DEFAULT_SESSION_EXPIRY : sessionExpiry;
        keepAlive = keepAlive == null ? DEFAULT_KEEP_ALIVE : keepAlive;
    }

    public Topics topics() {
        return new Topics(topicPrefix);
    }
}
