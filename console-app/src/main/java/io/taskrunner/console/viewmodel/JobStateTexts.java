package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.i18n.Messages;
import java.util.ArrayList;
import java.util.List;

/**
 * The labels and tones of job and execution states, and figures made from a job's counts. Keys are written out
 * whole so the localization check finds them.
 */
public final class JobStateTexts {
    /** The order counts are listed in: how a job moves through them, ended ones first. */
    private static final List<ExecutionState> ORDER = List.of(ExecutionState.SUCCEEDED, ExecutionState.FAILED,
            ExecutionState.TIMED_OUT, ExecutionState.REJECTED, ExecutionState.CANCELLED, ExecutionState.IN_PROGRESS,
            ExecutionState.SENT, ExecutionState.QUEUED, ExecutionState.REMOVED);

    private JobStateTexts() {
    }

    public static String text(JobState state, Messages messages) {
        return messages.get(switch (state) {
            case SCHEDULED -> "jobs.state.scheduled";
            case IN_PROGRESS -> "jobs.state.inProgress";
            case COMPLETED -> "jobs.state.completed";
            case CANCELLED -> "jobs.state.cancelled";
        });
    }

    public static Tone tone(JobState state) {
        return switch (state) {
            case SCHEDULED -> Tone.NEUTRAL;
            case IN_PROGRESS -> Tone.ACCENT;
            case COMPLETED -> Tone.SUCCESS;
            case CANCELLED -> Tone.WARNING;
        };
    }

    public static String text(ExecutionState state, Messages messages) {
        return messages.get(switch (state) {
            case QUEUED -> "jobs.execution.queued";
            case SENT -> "jobs.execution.sent";
            case IN_PROGRESS -> "jobs.execution.inProgress";
            case SUCCEEDED -> "jobs.execution.succeeded";
            case FAILED -> "jobs.execution.failed";
            case TIMED_OUT -> "jobs.execution.timedOut";
            case REJECTED -> "jobs.execution.rejected";
            case CANCELLED -> "jobs.execution.cancelled";
            case REMOVED -> "jobs.execution.removed";
        });
    }

    public static Tone tone(ExecutionState state) {
        return switch (state) {
            case QUEUED, REMOVED -> Tone.NEUTRAL;
            case SENT, IN_PROGRESS -> Tone.ACCENT;
            case SUCCEEDED -> Tone.SUCCESS;
            case FAILED, REJECTED -> Tone.DANGER;
            case TIMED_OUT, CANCELLED -> Tone.WARNING;
        };
    }

    /** "Succeeded 12 · Failed 2 · Queued 21": the states that have executions, in the order a job moves through. */
    public static String counts(JobStatistics statistics, Messages messages) {
        List<String> parts = new ArrayList<>();
        for (ExecutionState state : ORDER) {
            long count = statistics.count(state);
            if (count > 0) {
                parts.add(messages.get("jobs.count", text(state, messages), count));
            }
        }
        return parts.isEmpty() ? messages.get("jobs.counts.none") : String.join("  ·  ", parts);
    }

    /** Ended executions of the total, without removed ones: how far the job is, 0 to 1. */
    public static double progress(JobStatistics statistics) {
        long total = statistics.total() - statistics.count(ExecutionState.REMOVED);
        if (total <= 0) {
            return 0;
        }
        long ended = 0;
        for (ExecutionState state : ExecutionState.values()) {
            if (state.isFinal() && state != ExecutionState.REMOVED) {
                ended += statistics.count(state);
            }
        }
        return (double) ended / total;
    }

    /** Executions a re-run would repeat: failed, timed out, rejected, cancelled, or never started. */
    public static long rerunnable(JobStatistics statistics) {
        return statistics.count(ExecutionState.FAILED) + statistics.count(ExecutionState.TIMED_OUT)
                + statistics.count(ExecutionState.REJECTED) + statistics.count(ExecutionState.CANCELLED)
                + statistics.count(ExecutionState.QUEUED) + statistics.count(ExecutionState.SENT);
    }
}
