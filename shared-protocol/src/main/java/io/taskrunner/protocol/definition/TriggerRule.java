package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.TopicFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A device's MQTT messages on a topic of its own choosing ({@code factory/line1/+/button}) start a task or store a
 * row: the payload and topic are mapped to parameters, an optional condition decides, a debounce window swallows
 * repeats, and the device may get the result back.
 *
 * @param topic          the topic filter the agent subscribes to
 * @param task           the task to run; exactly one of {@code task} and {@code store}
 * @param parameters     how each parameter is taken from the message; a JSON object payload with no mapping at all
 *                       is passed on as the parameters themselves
 * @param condition      when set, the task runs only if it holds for the mapped parameters, e.g.
 *                       {@code temperature > 80}
 * @param debounceMillis repeats from the same topic within this window after a message that ran are dropped; 0: none
 * @param reply          MQTT 3.1.1 devices get the result on {@code <topic>/reply} (MQTT 5 devices get it on their
 *                       response topic whenever they name one)
 * @param files          limits for a parameter mapped {@code from: file}
 * @param store          writes a row instead of running a task
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record TriggerRule(
        @JsonProperty(required = true) String name,
        String description,
        @JsonProperty(required = true) String topic,
        String task,
        List<ParameterMapping> parameters,
        Condition condition,
        long debounceMillis,
        boolean reply,
        DeviceFileLimits files,
        StoreAction store,
        Boolean enabled) {

    public static final long MAX_DEBOUNCE_MILLIS = 24L * 3600 * 1000;

    public TriggerRule {
        Definitions.checkName(name, "name");
        Check.maxLength(description, 1024, "description");
        TopicFilter.check(topic, "topic");
        Definitions.checkTaskOrStore(task, store);
        parameters = Check.listOf(parameters, 256, "parameters");
        Set<String> mapped = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            if (!mapped.add(parameters.get(i).parameter())) {
                throw new ProtocolException("parameters[" + i + "].parameter", "'" + parameters.get(i).parameter()
                        + "' is mapped twice");
            }
        }
        if (condition != null) {
            if (!parameters.isEmpty()) {
                for (String read : condition.names()) {
                    if (!mapped.contains(read)) {
                        throw new ProtocolException("condition", "reads '" + read + "', which no parameter mapping"
                                + " of this rule fills");
                    }
                }
            }
        }
        Check.range(debounceMillis, 0, MAX_DEBOUNCE_MILLIS, "debounceMillis");
        files = files == null ? DeviceFileLimits.DEFAULT : files;
        if (store != null) {
            store.columns().forEach((column, parameter) -> {
                if (!mapped.contains(parameter)) {
                    throw new ProtocolException("store.columns." + column, "names '" + parameter
                            + "', which no parameter mapping of this rule fills");
                }
            });
        }
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }
}
