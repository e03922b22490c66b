package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;

/**
 * Publishes a message through the agent's own broker connection. {@code ${param}} in the topic must fill whole
 * topic levels (checked like any topic level); in the payload it is JSON-escaped when the payload is JSON.
 */
public record MqttPublishTask(
        @JsonProperty(required = true) String topic,
        String payload,
        int qos,
        boolean retain) implements TaskSpec {

    public MqttPublishTask {
        Check.maxLength(Check.notBlank(topic, "topic"), 1024, "topic");
        if (topic.contains("+") || topic.contains("#")) {
            throw new ProtocolException("topic", "must not contain the wildcards + or #");
        }
        Check.maxLength(payload, 256 * 1024, "payload");
        Check.range(qos, 0, 2, "qos");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.MQTT_PUBLISH;
    }
}
