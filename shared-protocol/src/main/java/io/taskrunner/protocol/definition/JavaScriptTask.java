package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;

/**
 * A JavaScript (ES6) program run in the agent's sandbox. It sees only the host API ({@code params}, {@code result},
 * {@code log}, {@code http}, {@code sql}, {@code files}, {@code mqtt}, {@code sleep}); {@code cpuSeconds} caps the
 * CPU time it may use (0: the task's timeout alone limits it).
 */
public record JavaScriptTask(@JsonProperty(required = true) String script, int cpuSeconds) implements TaskSpec {
    public JavaScriptTask {
        ScriptBody.check(script);
        Check.range(cpuSeconds, 0, 24 * 3600, "cpuSeconds");
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.JAVASCRIPT;
    }
}
