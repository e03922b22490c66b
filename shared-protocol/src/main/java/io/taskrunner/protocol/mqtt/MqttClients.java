package io.taskrunner.protocol.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Builds the MQTT 5 clients both sides use: TLS with the client certificate, automatic reconnect with capped
 * exponential backoff (the HiveMQ client adds random jitter to each delay), and an optional retained will.
 *
 * <p>TCP_NODELAY: the client is built on Netty, whose socket channels enable TCP_NODELAY by default, so no Nagle
 * delay is added to small QoS 1 round trips.
 */
public final class MqttClients {
    public static final long RECONNECT_INITIAL_DELAY_MS = 500;
    public static final long RECONNECT_MAX_DELAY_MS = 30_000;

    private MqttClients() {
    }

    public static Mqtt5ClientBuilder builder(MqttConnectionSettings settings) {
        return MqttClient.builder()
                .useMqttVersion5()
                .identifier(settings.clientId())
                .serverHost(settings.host())
                .serverPort(settings.port())
                .sslConfig(PemTls.mqttSslConfig(settings.tls()))
                .automaticReconnect()
                .initialDelay(RECONNECT_INITIAL_DELAY_MS, TimeUnit.MILLISECONDS)
                .maxDelay(RECONNECT_MAX_DELAY_MS, TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect();
    }

    /** A client whose broker publishes {@code willPayload} retained on {@code willTopic} if it vanishes. */
    public static Mqtt5AsyncClient withRetainedWill(MqttConnectionSettings settings, String willTopic,
            byte[] willPayload) {
        return builder(settings)
                .willPublish()
                .topic(willTopic)
                .payload(willPayload)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .contentType("application/json")
                .applyWillPublish()
                .buildAsync();
    }
}
