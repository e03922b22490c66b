package io.taskrunner.agent.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run ended.
 *
 * @param exitCode        the process's exit status; after a kill, whatever the OS reports (137 for SIGKILL on Linux,
 *                        or the program's own code if it ended when its children were killed first), so look at
 *                        {@code timedOut} and {@code cancelled}; -1 when the run was cancelled before it started
 * @param duration        from start to exit, measured on the monotonic clock
 * @param timedOut        the process tree was killed because {@link CommandSpec#timeout()} passed
 * @param cancelled       the process tree was killed because the {@link CancellationToken} was cancelled
 * @param outputTruncated more output came than {@link CommandSpec#outputLimitBytes()}; the excess was dropped
 * @param outputBytes     bytes the process wrote to stdout and stderr together, including any dropped ones
 */
public record ExecutionResult(
        int exitCode,
        Duration duration,
        boolean timedOut,
        boolean cancelled,
        boolean outputTruncated,
        long outputBytes) {

    public ExecutionResult {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        if (outputBytes < 0) {
            throw new IllegalArgumentException("outputBytes must not be negative, was " + outputBytes);
        }
    }

    /** The program ran to its end on its own and reported success. */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut && !cancelled;
    }
}
