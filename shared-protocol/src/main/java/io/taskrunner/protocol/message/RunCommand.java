package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Run a program on the agent: an argument list handed to the operating system as separate arguments, never
 * joined into a shell string.
 */
public record RunCommand(
        @JsonProperty(required = true) UUID runId,
        @JsonProperty(required = true) List<String> argv,
        String workingDir,
        Map<String, String> env,
        @JsonProperty(required = true) int timeoutSeconds,
        long outputLimitBytes) implements MessageBody {

    public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final long DEFAULT_OUTPUT_LIMIT = 1024 * 1024;
    public static final long MAX_OUTPUT_LIMIT = 64L * 1024 * 1024;

    public RunCommand {
        Check.required(runId, "runId");
        Check.maxSize(Check.required(argv, "argv"), 1024, "argv");
        if (argv.isEmpty() || argv.getFirst() == null || argv.getFirst().isBlank()) {
            throw new io.taskrunner.protocol.ProtocolException("argv", "must name a program to run");
        }
        for (int i = 0; i < argv.size(); i++) {
            Check.maxLength(Check.required(argv.get(i), "argv[" + i + "]"), 32 * 1024, "argv[" + i + "]");
        }
        argv = List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(Check.maxSize(env, 256, "env"));
        Check.maxLength(workingDir, 4096, "workingDir");
        Check.range(timeoutSeconds, 1, MAX_TIMEOUT_SECONDS, "timeoutSeconds");
        outputLimitBytes = outputLimitBytes == 0 ? DEFAULT_OUTPUT_LIMIT : outputLimitBytes;
        Check.range(outputLimitBytes, 1, MAX_OUTPUT_LIMIT, "outputLimitBytes");
    }
}
