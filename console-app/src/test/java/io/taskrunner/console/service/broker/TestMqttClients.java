package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.pki.KeyStores;

/** Real MQTT 5 clients over TLS for broker tests; disconnects every client it built on {@link #closeAll()}. */
final class TestMqttClients {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final X509Certificate trustedCa;
    private final List<Mqtt5AsyncClient> built = new ArrayList<>();

    TestMqttClients(X509Certificate trustedCa) {
        this.trustedCa = trustedCa;
    }

    /** @param credential the client certificate to present, or null to present none */
    Mqtt5AsyncClient client(int port, String clientId, IssuedCredential credential) {
        MqttClientSslConfigBuilder tls = MqttClientSslConfig.builder()
                .trustManagerFactory(KeyStores.trustManagerFactory(trustedCa));
        if (credential != null) {
            tls = tls.keyManagerFactory(KeyStores.keyManagerFactory(credential));
        }
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .sslConfig(tls.build())
                .buildAsync();
        built.add(client);
        return client;
    }

    Mqtt5AsyncClient connected(int port, String clientId, IssuedCredential credential) throws Exception {
        Mqtt5AsyncClient client = client(port, clientId, credential);
        client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    static void publishQos1(Mqtt5AsyncClient client, String topic, String payload, boolean retain) throws Exception {
        Mqtt5PublishResult result = client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.getError()).as("publish error").isEmpty();
    }

    void closeAll() throws Exception {
        for (Mqtt5AsyncClient client : built) {
            if (client.getState() == MqttClientState.CONNECTED) {
                client.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        built.clear();
    }
}
