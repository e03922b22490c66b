package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A script body run by Python 3 (python3, or python); parameters arrive as environment variables {@code PARAM_<name>}. */
public record PythonTask(@JsonProperty(required = true) String script) implements TaskSpec {
    public PythonTask {
        ScriptBody.check(script);
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.PYTHON;
    }
}
