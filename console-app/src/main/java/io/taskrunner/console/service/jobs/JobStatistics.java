package io.taskrunner.console.service.jobs;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * Figures of one job.
 *
 * @param counts      executions per state, every state present (0 when none)
 * @param successRate succeeded share of the ended executions (succeeded, failed, timed out, rejected), 0 to 1;
 *                    null while none ended
 * @param p50Ms       median run duration of executions that ran to an end (nearest rank); null while none did
 */
public record JobStatistics(Map<ExecutionState, Long> counts, int total, Double successRate, Long p50Ms, Long p90Ms,
        Long p99Ms) {

    public JobStatistics {
        counts = Map.copyOf(counts);
    }

    public long count(ExecutionState state) {
        return counts.getOrDefault(state, 0L);
    }

    public static JobStatistics of(Collection<JobExecution> executions) {
        Map<ExecutionState, Long> counts = new EnumMap<>(ExecutionState.class);
        for (ExecutionState state : ExecutionState.values()) {
            counts.put(state, 0L);
        }
        executions.forEach(execution -> counts.merge(execution.state(), 1L, Long::sum));
        long succeeded = counts.get(ExecutionState.SUCCEEDED);
        long ended = succeeded + counts.get(ExecutionState.FAILED) + counts.get(ExecutionState.TIMED_OUT)
                + counts.get(ExecutionState.REJECTED);
        long[] durations = executions.stream()
                .filter(execution -> execution.state().isFinal() && execution.durationMs() != null)
                .mapToLong(JobExecution::durationMs).sorted().toArray();
        return new JobStatistics(counts, executions.size(), ended == 0 ? null : (double) succeeded / ended,
                percentile(durations, 50), percentile(durations, 90), percentile(durations, 99));
    }

    private static Long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
