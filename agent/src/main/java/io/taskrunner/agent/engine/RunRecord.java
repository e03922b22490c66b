package io.taskrunner.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.message.RunState;
import java.util.Map;
import java.util.UUID;

/** A finished run as the agent's history keeps it (and as the command line shows it). */
public record RunRecord(
        UUID runId,
        String task,
        String channel,
        String source,
        RunState state,
        int attempts,
        Integer exitCode,
        String error,
        long acceptedAt,
        Long startedAt,
        long finishedAt,
        long outputBytes,
        boolean outputTruncated,
        String outputExcerpt,
        JsonNode result,
        Map<String, Object> parameters,
        UUID mergedInto) {
}
