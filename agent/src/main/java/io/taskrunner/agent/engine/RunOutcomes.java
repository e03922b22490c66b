package io.taskrunner.agent.engine;

import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records how runs ended: the history record, the {@code run.finished} event, the log line; for merged runs too. */
final class RunOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(RunOutcomes.class);
    private static final int MAX_ERROR_CHARS = 4000;

    private final EventLog events;
    private final RunHistory history;
    private final RunLogs logs;
    private final Clock clock;
    private final RunCompletions completions;

    RunOutcomes(EventLog events, RunHistory history, RunLogs logs, Clock clock, RunCompletions completions) {
        this.events = events;
        this.history = history;
        this.logs = logs;
        this.clock = clock;
        this.completions = completions;
    }

    /** The run ended after {@code attemptsMade} attempts; the runs merged into it end the same way. */
    void finished(PendingRun run, String error, AttemptRunner.Attempt attempt, int attemptsMade) {
        TaskOutcome outcome = attempt.outcome();
        String reason = error != null ? error : outcome.error();
        record(run, run.runId(), null, reason, attempt, attemptsMade);
        for (UUID merged : run.merged()) {
            record(run, merged, run.runId(), "merged into run " + run.runId() + (reason == null ? "" : "; " + reason),
                    attempt, attemptsMade);
        }
        logs.note(run.task(), run.runId(), "finished: " + outcome.state().wire()
                + (outcome.exitCode() == null ? "" : ", exit code " + outcome.exitCode())
                + (reason == null ? "" : ", " + reason) + " after " + attempt.durationMs() + " ms");
        LOG.info("run {} finished: {} (task {}{})", run.runId(), outcome.state().wire(), run.task(),
                reason == null ? "" : ", " + reason);
    }

    void rejected(RunRequest request, String error) {
        LOG.warn("run {} of task {} rejected: {}", request.runId(), request.task(), error);
        String task = request.task().length() > 256 ? request.task().substring(0, 256) : request.task();
        RunRecord record = new RunRecord(request.runId(), task, null, request.source(), RunState.REJECTED, 0, null,
                error, clock.millis(), null, clock.millis(), 0, false, "", null, Map.of(), null);
        history.add(record);
        events.record(new RunFinished(request.runId(), RunState.REJECTED, null, 0, 0, false, truncate(error), task,
                0, null));
        completions.finished(record);
    }

    /** A run merged into another was cancelled on its own before that one started. */
    void cancelledMerged(UUID runId, String task) {
        events.record(new RunFinished(runId, RunState.CANCELLED, null, 0, 0, false, "cancelled before it started",
                task, 0, null));
        completions.finished(new RunRecord(runId, task, null, null, RunState.CANCELLED, 0, null,
                "cancelled before it started", clock.millis(), null, clock.millis(), 0, false, "", null, Map.of(),
                null));
    }

    /**
     * After a crash: when the history already holds the run's end, its event may not have been recorded with it,
     * so it is recorded again (the console takes it once). False when the run had not ended.
     */
    boolean repeatRecordedFinish(PendingRun run) {
        Optional<RunRecord> done = history.get(run.runId());
        done.ifPresent(record -> events.record(new RunFinished(run.runId(), record.state(), record.exitCode(), 0,
                record.outputBytes(), record.outputTruncated(), truncate(record.error()), record.task(),
                record.attempts(), record.result())));
        return done.isPresent();
    }

    static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
    }

    private void record(PendingRun run, UUID runId, UUID mergedInto, String reason, AttemptRunner.Attempt attempt,
            int attemptsMade) {
        TaskOutcome outcome = attempt.outcome();
        RunRecord record = new RunRecord(runId, run.task(), run.channel(), run.source(), outcome.state(), attemptsMade,
                outcome.exitCode(), reason, run.acceptedAt(), attempt.startedAt(), clock.millis(),
                attempt.outputBytes(), attempt.outputTruncated(), attempt.excerpt(), outcome.result(),
                run.parameters(), mergedInto);
        history.add(record);
        events.record(new RunFinished(runId, outcome.state(), outcome.exitCode(), attempt.durationMs(),
                attempt.outputBytes(), attempt.outputTruncated(), truncate(reason), run.task(), attemptsMade,
                outcome.result()));
        completions.finished(record);
    }
}
