package io.taskrunner.console.service.runs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An operator's request to run a program on one agent; checked here so every caller gets the same errors. */
public record RunRequest(String agentId, List<String> argv, String workingDir, Map<String, String> env,
        Duration timeout) {

    public static final Duration MAX_TIMEOUT = Duration.ofDays(7);

    public RunRequest {
        Objects.requireNonNull(agentId, "agentId");
        if (argv == null || argv.isEmpty() || argv.getFirst().isBlank()) {
            throw new IllegalArgumentException("argv must name a program to run");
        }
        argv = List.copyOf(argv);
        workingDir = workingDir == null || workingDir.isBlank() ? null : workingDir;
        env = env == null ? Map.of() : Map.copyOf(env);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout must be between 1 second and 7 days, was " + timeout);
        }
    }
}
