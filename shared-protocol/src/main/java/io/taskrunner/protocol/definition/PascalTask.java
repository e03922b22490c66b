package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A script body run by Free Pascal's instantfpc; parameters arrive as environment variables {@code PARAM_<name>}. */
public record PascalTask(@JsonProperty(required = true) String script) implements TaskSpec {
    public PascalTask {
        ScriptBody.check(script);
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.PASCAL;
    }
}
