package io.taskrunner.agent.transport;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.NextJobRequest;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The agent's {@code $next}: a {@code jobs.next} report on its {@code jobs} topic, which makes the console send the
 * run-task command of its oldest pending job execution (again). {@link AgentConnection} sends one after each
 * connect; {@link #once} sends one over a short connection of its own, for {@code taskrunner-agent jobs next} while
 * the agent runs (its own client id, so the running agent keeps its session).
 */
public final class NextJobAsk {
    private static final MessageCodec CODEC = new MessageCodec();

    private NextJobAsk() {
    }

    /** The encoded report an agent sends when it connected. */
    public static Supplier<byte[]> requestOnConnect(Clock clock) {
        return () -> encode(NextJobRequest.CONNECTED, clock);
    }

    static byte[] encode(String reason, Clock clock) {
        return CODEC.encode(Envelope.report(new NextJobRequest(reason), clock));
    }

    /**
     * Connects as {@code <agentId>-cli} with the agent's certificate, publishes one {@code jobs.next} at QoS 1 and
     * disconnects.
     *
     * @param agent the agent's connection settings (its client id is the agent id)
     * @throws IOException naming the broker when it is out of reach, refuses, or does not answer within the timeout
     */
    public static void once(MqttConnectionSettings agent, Duration timeout, Clock clock) throws IOException {
        String agentId = agent.clientId();
        MqttConnectionSettings cli = new MqttConnectionSettings(agent.host(), agent.port(), agentId + "-cli",
                agent.tls(), agent.topicPrefix(), agent.sessionExpiry(), agent.keepAlive());
        Mqtt5AsyncClient client = MqttClients.builder(cli).buildAsync();
        String broker = agent.host() + ":" + agent.port();
        try {
            client.connectWith().cleanStart(true).sessionExpiryInterval(0).send()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            client.publishWith().topic(agent.topics().jobs(agentId)).qos(MqttQos.AT_LEAST_ONCE)
                    .contentType("application/json").payload(encode(NextJobRequest.CLI, clock)).send()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("the broker at " + broker + " refused: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + broker + " did not answer within " + timeout.toSeconds() + " s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the broker at " + broker, e);
        } finally {
            // also stops the client's automatic reconnect after a failed first attempt
            client.disconnect();
        }
    }
}
