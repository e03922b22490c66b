package io.taskrunner.agent.engine;

import io.taskrunner.protocol.message.RunState;
import java.util.Map;
import java.util.UUID;

/**
 * A run the engine accepted and has not finished, as it stands now.
 *
 * @param state      {@code queued} (waiting, delayed, or waiting for a retry) or {@code running}
 * @param attempt    the attempt running or next to run (1 for the first)
 * @param notBefore  epoch milliseconds before which it does not start
 * @param parameters the checked values, secret ones included: mask them before showing them
 * @param mergedInto the run it was merged into on a distinct channel, or {@code null}
 */
public record RunProgress(
        UUID runId,
        String task,
        String channel,
        String source,
        RunState state,
        int attempt,
        long acceptedAt,
        long notBefore,
        Map<String, Object> parameters,
        UUID mergedInto) {

    static RunProgress of(PendingRun run, UUID runId, UUID mergedInto) {
        return new RunProgress(runId, run.task(), run.channel(), run.source(),
                run.running() && mergedInto == null ? RunState.RUNNING : RunState.QUEUED, run.attempt(),
                run.acceptedAt(), run.notBefore(), run.parameters(), mergedInto);
    }
}
