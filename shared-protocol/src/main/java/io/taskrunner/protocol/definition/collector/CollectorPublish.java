package io.taskrunner.protocol.definition.collector;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;

/**
 * Where a collector publishes its values besides the console: an MQTT topic of the agent's broker connection
 * (e.g. {@code plant/line1/press}), as {@code {"collector": .., "at": .., "values": {..}}}.
 *
 * @param onlyChanges publish only when a value differs from the last published one
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record CollectorPublish(
        @JsonProperty(required = true) String topic,
        int qos,
        boolean retain,
        boolean onlyChanges) {

    public CollectorPublish {
        Check.maxLength(Check.notBlank(topic, "topic"), 1024, "topic");
        if (topic.contains("+") || topic.contains("#")) {
            throw new ProtocolException("topic", "must not contain the wildcards + or #");
        }
        Check.range(qos, 0, 1, "qos");
    }
}
