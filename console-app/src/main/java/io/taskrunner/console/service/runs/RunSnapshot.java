package io.taskrunner.console.service.runs;

import io.taskrunner.protocol.message.RunState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One run as stored in the console. Fields of a later stage are {@code null} until it is reached. */
public record RunSnapshot(
        UUID runId,
        String agentId,
        List<String> argv,
        RunState state,
        Integer exitCode,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        long outputBytes,
        boolean outputTruncated,
        String error) {

    public RunSnapshot {
        argv = List.copyOf(argv);
    }
}
