package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.TopicFilter;

/**
 * A device's heartbeat: some message arrived on {@code topic} (a filter; wildcards allowed) within the last
 * {@code maxSilenceSeconds}. The silence is counted from the rule's start until the first message.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record MqttSilenceCheck(
        @JsonProperty(required = true) String topic,
        @JsonProperty(required = true) long maxSilenceSeconds) implements WatchdogCheck {

    public MqttSilenceCheck {
        TopicFilter.check(topic, "topic");
        Check.range(maxSilenceSeconds, 1, 7L * 24 * 3600, "maxSilenceSeconds");
    }
}
