package io.taskrunner.console.service.jobs;

/**
 * When a job gives up: once at least {@code minExecutions} executions ended, and more than
 * {@code failureSharePercent} % of the ended ones failed, timed out or were rejected, the job stops its rollout and
 * is cancelled. Executions that will be retried have not ended yet; cancelled and removed ones do not count.
 */
public record AbortRule(double failureSharePercent, int minExecutions) {
    public AbortRule {
        if (!(failureSharePercent >= 0 && failureSharePercent < 100)) {
            throw new IllegalArgumentException("abort.failureSharePercent: must be from 0 to below 100, was "
                    + failureSharePercent);
        }
        JobChecks.range(minExecutions, 1, 1_000_000, "abort.minExecutions");
    }

    /** Whether {@code failures} out of {@code ended} executions pass the threshold. */
    public boolean triggers(long failures, long ended) {
        return ended >= minExecutions && failures * 100.0 / ended > failureSharePercent;
    }
}
