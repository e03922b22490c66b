package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends executions as task runs and makes each follow its run: started, ended, retried. An execution still
 * {@code sent} whose run the agent has not queued yet is sent again, same run id, when its agent comes online (the
 * agent keeps one run per id), and when the console starts. Thread-safe.
 */
final class ExecutionTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionTracker.class);

    private final JobRepository repository;
    private final JobRuns runs;
    private final JobEvents events;
    private final Clock clock;
    private final Set<String> online = new HashSet<>();

    ExecutionTracker(JobRepository repository, JobRuns runs, JobEvents events, Clock clock) {
        this.repository = repository;
        this.runs = runs;
        this.events = events;
        this.clock = clock;
    }

    /** Stores the next attempt as sent (first, so a crash cannot lose it), then sends its run-task command. */
    synchronized JobExecution send(JobSnapshot job, JobExecution execution, Instant now) {
        JobExecution sent = save(execution.sent(UUID.randomUUID(), now));
        dispatch(job.spec(), sent);
        return sent;
    }

    private void dispatch(JobSpec spec, JobExecution execution) {
        UUID runId = execution.runId();
        runs.send(execution.agentId(), runId, spec.runRequest()).whenComplete((result, error) -> {
            if (error != null) {
                notSent(runId, error instanceof CompletionException && error.getCause() != null ? error.getCause()
                        : error);
            } else {
                sent(runId);
            }
        });
    }

    /** An execution cancelled while its command was on the way: the cancel may have missed the run, so again. */
    private synchronized void sent(UUID runId) {
        Optional<JobExecution> execution = repository.executionOfRun(runId);
        if (execution.isPresent() && execution.get().state() == ExecutionState.CANCELLED
                && runs.run(runId).map(run -> !run.state().isFinal()).orElse(false)) {
            runs.cancel(runId);
        }
    }

    /** A command that could not even be stored or signed ends its execution rejected; a transport failure waits. */
    private synchronized void notSent(UUID runId, Throwable error) {
        Optional<JobExecution> execution = repository.executionOfRun(runId);
        if (execution.isPresent() && execution.get().state() == ExecutionState.SENT && runs.run(runId).isEmpty()) {
            save(execution.get().ended(ExecutionState.REJECTED, "not sent: " + error.getMessage(), null,
                    clock.instant()));
        } else {
            LOG.warn("sending run {} of a job failed; it is sent again when its agent comes online: {}", runId,
                    error.getMessage());
        }
    }

    synchronized void cancel(JobExecution execution, String reason, Instant now) {
        if (execution.state() == ExecutionState.SENT || execution.state() == ExecutionState.IN_PROGRESS) {
            runs.cancel(execution.runId());
        }
        save(execution.ended(ExecutionState.CANCELLED, reason, null, now));
    }

    synchronized void timedOut(JobSnapshot job, JobExecution execution, Instant now) {
        runs.cancel(execution.runId());
        ended(job, execution, ExecutionState.TIMED_OUT, "still in progress after "
                + job.spec().inProgressTimeoutSeconds() + " s", Duration.between(execution.startedAt(), now)
                .toMillis(), now);
    }

    /** Applies a run's new state to its execution; returns the job when the execution changed. */
    synchronized Optional<UUID> runChanged(RunSnapshot run) {
        Optional<JobExecution> found = repository.executionOfRun(run.runId());
        if (found.isEmpty() || found.get().state().isFinal() || found.get().state() == ExecutionState.QUEUED) {
            return Optional.empty();  // not a job's run, or the attempt is over for the job already
        }
        JobExecution execution = found.get();
        Instant now = clock.instant();
        RunState state = run.state();
        if (state.isFinal()) {
            JobSnapshot job = repository.find(execution.jobId()).orElseThrow();
            ended(job, execution, outcome(state), details(run), run.durationMs(), now);
        } else if (execution.state() == ExecutionState.SENT
                && (state == RunState.RUNNING || (state == RunState.QUEUED && run.startedAt() != null))) {
            JobExecution started = execution.started(now);
            save(hasProgress(run) ? started.progressed(run.progressPercent(), run.progressDetails()) : started);
        } else if (execution.state() == ExecutionState.IN_PROGRESS && progressChanged(execution, run)) {
            save(execution.progressed(run.progressPercent(), run.progressDetails()));
        } else {
            return Optional.empty();
        }
        return Optional.of(execution.jobId());
    }

    /**
     * An agent's {@code $next}: sends again its oldest {@code sent} execution whose run it has not queued yet (same
     * run id and command id, so an agent that has it ignores the copy). Returns it, or empty when there is none.
     */
    synchronized Optional<JobExecution> resendOldestPending(String agentId) {
        for (JobExecution execution : repository.executionsOf(agentId, ExecutionState.SENT)) {
            JobSnapshot job = repository.find(execution.jobId()).orElseThrow();
            Optional<RunSnapshot> run = runs.run(execution.runId());
            if (job.state() == JobState.IN_PROGRESS
                    && (run.isEmpty() || run.get().state() == RunState.PENDING)) {
                dispatch(job.spec(), execution);
                return Optional.of(execution);
            }
        }
        return Optional.empty();
    }

    /** On an agent's return (or its first report after a console start) re-sends what it may not have received. */
    synchronized void agentChanged(AgentSnapshot agent) {
        if (!agent.online()) {
            online.remove(agent.agentId());
            return;
        }
        if (!online.add(agent.agentId())) {
            return;
        }
        for (JobExecution execution : repository.executionsOf(agent.agentId(), ExecutionState.SENT)) {
            Optional<RunSnapshot> run = runs.run(execution.runId());
            if (run.isEmpty() || run.get().state() == RunState.PENDING) {
                LOG.info("agent {} is back; sending run {} of job {} again", agent.agentId(), execution.runId(),
                        execution.jobId());
                dispatch(repository.find(execution.jobId()).orElseThrow().spec(), execution);
            }
        }
    }

    /**
     * After a console start: catches up with run events stored while the engine was not listening, and sends again
     * an attempt whose run was never stored (the console stopped between the two).
     */
    synchronized void recover() {
        for (JobSnapshot job : repository.open()) {
            for (JobExecution execution : repository.executions(job.jobId())) {
                if (execution.state() != ExecutionState.SENT && execution.state() != ExecutionState.IN_PROGRESS) {
                    continue;
                }
                Optional<RunSnapshot> run = runs.run(execution.runId());
                if (run.isPresent()) {
                    runChanged(run.get());
                } else {
                    dispatch(job.spec(), execution);
                }
            }
        }
    }

    /** Ends an attempt; a failed or timed-out one goes back to the queue while retries are left. */
    private void ended(JobSnapshot job, JobExecution execution, ExecutionState end, String details, Long durationMs,
            Instant now) {
        boolean retry = (end == ExecutionState.FAILED || end == ExecutionState.TIMED_OUT)
                && execution.attempts() <= job.spec().maxRetries() && job.state() == JobState.IN_PROGRESS
                && !job.rolloutStopped();
        if (retry) {
            save(execution.requeued("attempt " + execution.attempts() + " " + end.wire()
                    + (details == null ? "" : " (" + details + ")") + "; retrying"));
        } else {
            save(execution.ended(end, details, durationMs, now));
        }
    }

    synchronized JobExecution save(JobExecution execution) {
        repository.update(execution);
        events.executionChanged(execution);
        return execution;
    }

    private static boolean hasProgress(RunSnapshot run) {
        return run.progressPercent() != null || run.progressDetails() != null;
    }

    private static boolean progressChanged(JobExecution execution, RunSnapshot run) {
        return !Objects.equals(execution.progress(), run.progressPercent())
                || (run.progressDetails() != null && !run.progressDetails().equals(execution.statusDetails()));
    }

    private static ExecutionState outcome(RunState state) {
        return switch (state) {
            case SUCCEEDED -> ExecutionState.SUCCEEDED;
            case TIMED_OUT -> ExecutionState.TIMED_OUT;
            case REJECTED -> ExecutionState.REJECTED;
            case CANCELLED -> ExecutionState.CANCELLED;
            default -> ExecutionState.FAILED;  // failed, and interrupted (the agent stopped mid-run)
        };
    }

    private static String details(RunSnapshot run) {
        if (run.error() != null) {
            return run.error();
        }
        return run.exitCode() == null ? null : "exit code " + run.exitCode();
    }
}
