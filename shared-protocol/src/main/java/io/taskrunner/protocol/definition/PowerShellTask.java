package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A script body run by PowerShell (pwsh, or powershell.exe on Windows); parameters arrive as environment variables {@code PARAM_<name>}. */
public record PowerShellTask(@JsonProperty(required = true) String script) implements TaskSpec {
    public PowerShellTask {
        ScriptBody.check(script);
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.POWERSHELL;
    }
}
