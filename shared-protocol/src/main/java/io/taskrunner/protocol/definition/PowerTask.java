package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * Restarts, shuts down or logs off the PC after {@code delaySeconds}, showing {@code message} to its users;
 * {@code cancel} withdraws a pending one.
 */
public record PowerTask(
        @JsonProperty(required = true) PowerAction action,
        int delaySeconds,
        String message) implements TaskSpec {

    public PowerTask {
        Check.required(action, "action");
        Check.range(delaySeconds, 0, 24 * 3600, "delaySeconds");
        Check.maxLength(message, 512, "message");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.POWER;
    }
}
