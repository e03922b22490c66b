package io.taskrunner.agent;

import io.taskrunner.agent.collector.CollectorOutputs;
import io.taskrunner.agent.transport.AgentConnection;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.CollectorValues;
import io.taskrunner.protocol.message.Envelope;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collector values out through the agent's broker connection, without waiting: values are live data, and a poll
 * loop must not stall behind a slow or absent broker.
 */
final class ConnectionOutputs implements CollectorOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOutputs.class);

    private final AgentConnection connection;
    private final MessageCodec codec;
    private final Clock clock;

    ConnectionOutputs(AgentConnection connection, MessageCodec codec, Clock clock) {
        this.connection = connection;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public void toConsole(CollectorValues values) {
        connection.publishMetrics(codec.encode(Envelope.report(values, clock)));
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        connection.publishTo(topic, payload, qos, retain).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debug("collector values not published to {}: {}", topic, failure.toString());
            }
        });
    }
}
