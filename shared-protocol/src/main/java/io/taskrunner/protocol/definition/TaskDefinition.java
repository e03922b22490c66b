package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named task an agent can run, whatever starts it. On the wire: the common fields, {@code type}, and the
 * type-specific {@code spec} object.
 *
 * @param timeoutSeconds   how long one attempt may run; 0 means the default of one hour
 * @param channel          the queue the task's runs wait in; {@code null} means {@code default}
 * @param outputLimitBytes output kept per run; 0 means the default of 1 MiB
 * @param enabled          {@code null} counts as enabled; a disabled task's runs are rejected
 */
public record TaskDefinition(
        @JsonProperty(required = true) String name,
        String description,
        List<ParameterSpec> parameters,
        int timeoutSeconds,
        String channel,
        RetryPolicy retry,
        String workingDir,
        Map<String, String> env,
        long outputLimitBytes,
        Boolean enabled,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "type")
        @JsonProperty(required = true) TaskSpec spec) {

    public static final String DEFAULT_CHANNEL = "default";
    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final long DEFAULT_OUTPUT_LIMIT = 1024 * 1024;
    public static final long MAX_OUTPUT_LIMIT = 64L * 1024 * 1024;

    public TaskDefinition {
        Definitions.checkName(name, "name");
        Check.maxLength(description, 4096, "description");
        parameters = Check.listOf(parameters, 100, "parameters");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterSpec parameter = Check.required(parameters.get(i), "parameters[" + i + "]");
            if (!seen.add(parameter.name())) {
                throw new ProtocolException("parameters[" + i + "].name", "'" + parameter.name()
                        + "' is declared twice");
            }
        }
        timeoutSeconds = timeoutSeconds == 0 ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
        Check.range(timeoutSeconds, 1, MAX_TIMEOUT_SECONDS, "timeoutSeconds");
        channel = channel == null ? DEFAULT_CHANNEL : Definitions.checkName(channel, "channel");
        retry = retry == null ? RetryPolicy.NONE : retry;
        Check.maxLength(workingDir, 4096, "workingDir");
        env = Check.mapOf(env, 256, "env");
        env.forEach((key, value) -> {
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw new ProtocolException("env", "'" + key + "' is not a valid variable name");
            }
            Check.maxLength(Check.required(value, "env." + key), 32 * 1024, "env." + key);
        });
        outputLimitBytes = outputLimitBytes == 0 ? DEFAULT_OUTPUT_LIMIT : outputLimitBytes;
        Check.range(outputLimitBytes, 1, MAX_OUTPUT_LIMIT, "outputLimitBytes");
        Check.required(spec, "spec");
    }

    /** A task with defaults for everything but its name and spec. */
    public static TaskDefinition of(String name, TaskSpec spec) {
        return new TaskDefinition(name, null, null, 0, null, null, null, null, 0, null, spec);
    }

    @JsonIgnore
    public TaskType type() {
        return spec.type();
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    public TaskDefinition withParameters(List<ParameterSpec> declared) {
        return new TaskDefinition(name, description, declared, timeoutSeconds, channel, retry, workingDir, env,
                outputLimitBytes, enabled, spec);
    }

    public TaskDefinition withChannel(String newChannel) {
        return new TaskDefinition(name, description, parameters, timeoutSeconds, newChannel, retry, workingDir, env,
                outputLimitBytes, enabled, spec);
    }

    public TaskDefinition withRetry(RetryPolicy policy) {
        return new TaskDefinition(name, description, parameters, timeoutSeconds, channel, policy, workingDir, env,
                outputLimitBytes, enabled, spec);
    }

    public TaskDefinition withTimeoutSeconds(int seconds) {
        return new TaskDefinition(name, description, parameters, seconds, channel, retry, workingDir, env,
                outputLimitBytes, enabled, spec);
    }

    public TaskDefinition withOutputLimitBytes(long limit) {
        return new TaskDefinition(name, description, parameters, timeoutSeconds, channel, retry, workingDir, env,
                limit, enabled, spec);
    }

    public TaskDefinition withEnabled(boolean on) {
        return new TaskDefinition(name, description, parameters, timeoutSeconds, channel, retry, workingDir, env,
                outputLimitBytes, on, spec);
    }
}
