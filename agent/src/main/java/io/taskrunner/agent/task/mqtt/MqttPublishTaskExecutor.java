package io.taskrunner.agent.task.mqtt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.MqttPublishTask;
import io.taskrunner.protocol.definition.TaskType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code mqtt-publish} tasks through the agent's own broker connection. A parameter in the topic must be a
 * whole topic level and a valid one, so a value cannot reach other topics ({@code a/#}); in a JSON payload
 * parameters are JSON-escaped. Thread-safe.
 */
public final class MqttPublishTaskExecutor implements TaskExecutor {
    private static final Pattern WHOLE_LEVEL = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public MqttPublishTaskExecutor() {
        // Stateless: the connection comes with each run's services.
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.MQTT_PUBLISH);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        long deadline = System.nanoTime() + context.timeout().toNanos();
        MqttPublishTask spec = context.spec(MqttPublishTask.class);
        String topic = topic(context, spec.topic());
        String template = spec.payload() == null ? "" : spec.payload();
        String trimmed = template.strip();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        byte[] payload = Placeholders.expand(template, context.task(), context.parameters(),
                json ? Placeholders::jsonEscaped : UnaryOperator.identity()).getBytes(StandardCharsets.UTF_8);
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        try {
            context.services().mqtt().publish(topic, payload, spec.qos(), spec.retain(),
                    Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (TaskException e) {
            // The publisher cannot tell us it timed out other than by its message; the clock can.
            if (deadline - System.nanoTime() <= 0) {
                return TaskOutcome.timedOut(context.timeout());
            }
            throw e;
        }
        context.output().onOutput(OutputStreamKind.STDOUT, "published " + payload.length + " bytes to " + topic
                + " (qos " + spec.qos() + (spec.retain() ? ", retained" : "") + ")\n");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("topic", topic);
        result.put("bytes", payload.length);
        result.put("qos", spec.qos());
        result.put("retain", spec.retain());
        return TaskOutcome.succeeded(result);
    }

    /**
     * Fills the topic level by level: a level holding a placeholder must be nothing but that placeholder, and its
     * value must be a valid level (no {@code /}, {@code +}, {@code #}, not empty).
     *
     * @throws TaskException naming the level or the parameter
     */
    static String topic(TaskContext context, String template) {
        List<String> levels = new ArrayList<>();
        for (String level : template.split("/", -1)) {
            Matcher whole = WHOLE_LEVEL.matcher(level);
            if (whole.matches()) {
                String name = whole.group(1);
                levels.add(Placeholders.expand(level, context.task(), context.parameters(),
                        value -> checkLevel(value, name)));
            } else if (level.replace("$${", "").contains("${")) {
                throw new TaskException("topic level '" + level + "' must be a whole placeholder such as ${name}:"
                        + " a parameter fills whole topic levels");
            } else {
                levels.add(Placeholders.expand(level, context.task(), context.parameters()));
            }
        }
        return String.join("/", levels);
    }

    private static String checkLevel(String value, String parameter) {
        try {
            return Topics.checkLevel(value, "parameter '" + parameter + "'");
        } catch (IllegalArgumentException e) {
            throw new TaskException("topic: " + e.getMessage(), e);
        }
    }
}
