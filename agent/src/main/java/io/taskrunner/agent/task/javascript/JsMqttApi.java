package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.task.MqttPublisher;
import io.taskrunner.agent.task.TaskException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code mqtt.publish(topic, payload, {qos, retain})} through the agent's own broker connection; a string payload
 * is sent as UTF-8, anything else as JSON. Waits for the broker, at most {@link #TIMEOUT} and never past the run's
 * deadline.
 */
final class JsMqttApi {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private JsMqttApi() {
    }

    static JsNamespace create(JsBridge bridge, MqttPublisher publisher) {
        return new JsNamespace("mqtt", bridge, Map.of("publish", new JsFunction("mqtt.publish", bridge, arguments -> {
            String topic = JsArgs.text(arguments, 0, "mqtt.publish: topic");
            if (topic.isBlank() || topic.contains("+") || topic.contains("#")) {
                throw new TaskException("mqtt.publish: topic '" + topic + "' must be a topic without wildcards");
            }
            Object payload = JsArgs.at(arguments, 1);
            byte[] bytes = payload instanceof CharSequence text
                    ? text.toString().getBytes(StandardCharsets.UTF_8)
                    : bridge.fromJs(payload).toString().getBytes(StandardCharsets.UTF_8);
            JsonNode options = JsArgs.options(bridge, arguments, 2, "mqtt.publish: options");
            JsonNode qos = options.path("qos");
            if (!qos.isMissingNode() && !(qos.isIntegralNumber() && qos.intValue() >= 0 && qos.intValue() <= 2)) {
                throw new TaskException("mqtt.publish: qos must be 0, 1 or 2");
            }
            bridge.guard().check();
            Duration remaining = bridge.guard().remaining();
            if (remaining.isZero()) {
                remaining = Duration.ofMillis(1);  // the deadline is now: check() did not see it yet
            }
            try {
                publisher.publish(topic, bytes, qos.asInt(0), options.path("retain").asBoolean(false),
                        remaining.compareTo(TIMEOUT) < 0 ? remaining : TIMEOUT);
            } catch (TaskException e) {
                throw new TaskException("mqtt.publish: " + e.getMessage(), e);
            }
            return null;
        })), null);
    }
}
