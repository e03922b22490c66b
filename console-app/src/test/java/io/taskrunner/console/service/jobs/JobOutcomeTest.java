package io.taskrunner.console.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How executions and jobs end: abort rule, in-progress timeout, retries, end time, cancel, re-run, statistics. */
class JobOutcomeTest {
    private static final JobSpec ALL = JobSpec.of("update", null, Map.of("version", "2.1"), List.of(Target.ALL));

    @TempDir
    Path dir;

    private JobsHarness harness;
    private RecordingJobRuns runs;

    @BeforeEach
    void open() {
        harness = new JobsHarness(dir);
        runs = harness.runs;
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void abortRule_cancelsTheJob_whenTheFailureSharePassesTheThreshold_afterTheMinimumOfEndedExecutions() {
        harness.onlineAgents(10);
        JobSnapshot job = harness.jobs.create(ALL.withAbort(new AbortRule(30, 5)));
        end("agent-01", RunState.FAILED);
        end("agent-02", RunState.FAILED);
        harness.jobs.tick();
        assertThat(state(job)).as("2 of 2 failed, but fewer than 5 ended").isEqualTo(JobState.IN_PROGRESS);
        end("agent-03", RunState.SUCCEEDED);
        end("agent-04", RunState.SUCCEEDED);
        end("agent-05", RunState.SUCCEEDED);
        harness.jobs.tick();
        assertThat(state(job)).as("2 of 5 = 40 % > 30 %").isEqualTo(JobState.CANCELLED);

        JobSnapshot aborted = harness.jobs.job(job.jobId()).orElseThrow();
        assertThat(aborted.state()).isEqualTo(JobState.CANCELLED);
        assertThat(aborted.reason()).startsWith("aborted: 2 of 5 ended executions");
        JobStatistics statistics = harness.jobs.statistics(job.jobId());
        assertThat(statistics.count(ExecutionState.CANCELLED)).isEqualTo(5);
        assertThat(runs.cancelled).hasSize(5).containsExactlyInAnyOrderElementsOf(List.of(
                runs.lastRunOf("agent-06"), runs.lastRunOf("agent-07"), runs.lastRunOf("agent-08"),
                runs.lastRunOf("agent-09"), runs.lastRunOf("agent-10")));
    }

    @Test
    void abortRule_belowTheThreshold_letsTheJobComplete() {
        harness.onlineAgents(5);
        JobSnapshot job = harness.jobs.create(ALL.withAbort(new AbortRule(30, 5)));
        end("agent-01", RunState.FAILED);
        for (String agent : List.of("agent-02", "agent-03", "agent-04", "agent-05")) {
            end(agent, RunState.SUCCEEDED);
        }
        harness.jobs.tick();

        assertThat(state(job)).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void inProgressTimeout_marksTheExecutionTimedOut_andCancelsItsRun() {
        harness.onlineAgents(1);
        JobSnapshot job = harness.jobs.create(ALL.withTimeoutAndRetries(60, 0));
        UUID run = runs.lastRunOf("agent-01");
        harness.clock.advance(Duration.ofMinutes(10));
        runs.queue(run);
        harness.jobs.tick();
        assertThat(execution(job).state()).as("queued on the agent is not in progress yet")
                .isEqualTo(ExecutionState.SENT);
        runs.start(run);
        harness.clock.advance(Duration.ofSeconds(59));
        harness.jobs.tick();
        assertThat(execution(job).state()).isEqualTo(ExecutionState.IN_PROGRESS);

        harness.clock.advance(Duration.ofSeconds(1));
        harness.jobs.tick();

        assertThat(execution(job).state()).isEqualTo(ExecutionState.TIMED_OUT);
        assertThat(execution(job).statusDetails()).isEqualTo("still in progress after 60 s");
        assertThat(runs.cancelled).containsExactly(run);
        runs.finish(run, RunState.CANCELLED, 60_100);
        assertThat(execution(job).state()).as("the cancelled run does not change the outcome")
                .isEqualTo(ExecutionState.TIMED_OUT);
        assertThat(state(job)).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void retries_sendAFailedExecutionAgainAsANewRun_untilTheyAreUsedUp() {
        harness.onlineAgents(1);
        JobSnapshot job = harness.jobs.create(ALL.withTimeoutAndRetries(0, 1));
        UUID first = runs.lastRunOf("agent-01");
        end("agent-01", RunState.FAILED);
        assertThat(execution(job).state()).isEqualTo(ExecutionState.QUEUED);
        assertThat(execution(job).statusDetails()).isEqualTo("attempt 1 failed (exit code 1); retrying");

        harness.jobs.tick();

        UUID second = runs.lastRunOf("agent-01");
        assertThat(second).isNotEqualTo(first);
        assertThat(execution(job).attempts()).isEqualTo(2);
        assertThat(execution(job).state()).isEqualTo(ExecutionState.SENT);
        end("agent-01", RunState.FAILED);
        harness.jobs.tick();
        assertThat(runs.runIdsOf("agent-01")).containsExactly(first, second);
        assertThat(execution(job).state()).isEqualTo(ExecutionState.FAILED);
        assertThat(state(job)).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void endTime_withStopRollout_sendsNoMore_andCompletesOnceTheSentOnesEnded() {
        harness.onlineAgents(3);
        JobSnapshot job = harness.jobs.create(ALL.withRollout(Rollout.fixed(1)).withSchedule(null,
                JobsHarness.START.plusSeconds(90), JobSpec.EndBehaviour.STOP_ROLLOUT));
        harness.clock.advance(Duration.ofSeconds(60));
        harness.jobs.tick();
        assertThat(runs.sent).hasSize(2);
        harness.clock.advance(Duration.ofSeconds(30));
        harness.jobs.tick();
        harness.clock.advance(Duration.ofSeconds(60));
        harness.jobs.tick();
        assertThat(runs.sent).as("nothing after the end time").hasSize(2);
        assertThat(harness.jobs.job(job.jobId()).orElseThrow().rolloutStopped()).isTrue();

        end("agent-01", RunState.SUCCEEDED);
        end("agent-02", RunState.SUCCEEDED);

        assertThat(state(job)).isEqualTo(JobState.COMPLETED);
        assertThat(harness.jobs.statistics(job.jobId()).count(ExecutionState.QUEUED)).isEqualTo(1);
    }

    @Test
    void endTime_withCancel_cancelsTheJob() {
        harness.onlineAgents(3);
        JobSnapshot job = harness.jobs.create(ALL.withRollout(Rollout.fixed(1)).withSchedule(null,
                JobsHarness.START.plusSeconds(30), JobSpec.EndBehaviour.CANCEL));

        harness.clock.advance(Duration.ofSeconds(30));
        harness.jobs.tick();

        JobSnapshot ended = harness.jobs.job(job.jobId()).orElseThrow();
        assertThat(ended.state()).isEqualTo(JobState.CANCELLED);
        assertThat(ended.reason()).startsWith("end time");
        assertThat(harness.jobs.statistics(job.jobId()).count(ExecutionState.CANCELLED)).isEqualTo(3);
        assertThat(runs.cancelled).containsExactly(runs.lastRunOf("agent-01"));
    }

    @Test
    void cancel_leavesRunningExecutionsAlone_forceCancel_stopsThem() {
        harness.onlineAgents(3);
        JobSnapshot job = harness.jobs.create(ALL.withRollout(Rollout.fixed(2)));
        UUID running = runs.lastRunOf("agent-01");
        runs.start(running);
        UUID notStarted = runs.lastRunOf("agent-02");

        harness.jobs.cancel(job.jobId());

        assertThat(state(job)).isEqualTo(JobState.CANCELLED);
        assertThat(executionOf(job, "agent-01").state()).isEqualTo(ExecutionState.IN_PROGRESS);
        assertThat(executionOf(job, "agent-02").state()).isEqualTo(ExecutionState.CANCELLED);
        assertThat(executionOf(job, "agent-03").state()).isEqualTo(ExecutionState.CANCELLED);
        assertThat(runs.cancelled).containsExactly(notStarted);

        harness.jobs.forceCancel(job.jobId());

        assertThat(executionOf(job, "agent-01").state()).isEqualTo(ExecutionState.CANCELLED);
        assertThat(runs.cancelled).containsExactly(notStarted, running);
        harness.clock.advance(Duration.ofMinutes(5));
        harness.jobs.tick();
        assertThat(runs.sent).as("nothing sent after the cancel").hasSize(2);
    }

    @Test
    void cancel_whileTheCommandIsStillOnItsWay_cancelsTheRunAgainOnceItIsSent() {
        harness.onlineAgents(1);
        runs.holdSends();
        JobSnapshot job = harness.jobs.create(ALL);
        UUID run = runs.lastRunOf("agent-01");

        harness.jobs.cancel(job.jobId());
        runs.releaseSends();

        assertThat(runs.cancelled).containsExactly(run, run);
    }

    @Test
    void rerun_targetsOnlyTheFailedTimedOutAndNotStartedAgents() {
        harness.onlineAgents(4);
        JobSnapshot job = harness.jobs.create(ALL.withRollout(Rollout.fixed(3)));
        end("agent-01", RunState.SUCCEEDED);
        end("agent-02", RunState.FAILED);
        end("agent-03", RunState.TIMED_OUT);
        harness.jobs.cancel(job.jobId());

        JobSnapshot rerun = harness.jobs.rerun(job.jobId());

        assertThat(rerun.rerunOf()).isEqualTo(job.jobId());
        assertThat(rerun.spec().task()).isEqualTo("update");
        assertThat(rerun.spec().parameters()).containsEntry("version", "2.1");
        assertThat(harness.jobs.executions(rerun.jobId())).extracting(JobExecution::agentId)
                .containsExactly("agent-02", "agent-03", "agent-04");
    }

    @Test
    void rerun_ofAJobWhereAllSucceeded_isRefused() {
        harness.onlineAgents(1);
        JobSnapshot job = harness.jobs.create(ALL);
        end("agent-01", RunState.SUCCEEDED);

        assertThatThrownBy(() -> harness.jobs.rerun(job.jobId())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobId: no agent of job");
    }

    @Test
    void statistics_countStates_successRate_andDurationPercentiles() {
        harness.onlineAgents(12);
        JobSnapshot job = harness.jobs.create(ALL);
        for (int i = 1; i <= 9; i++) {
            end(String.format("agent-%02d", i), RunState.SUCCEEDED, i * 1000L);
        }
        end("agent-10", RunState.FAILED, 10_000);
        runs.start(runs.lastRunOf("agent-11"));

        JobStatistics statistics = harness.jobs.statistics(job.jobId());

        assertThat(statistics.total()).isEqualTo(12);
        assertThat(statistics.count(ExecutionState.SUCCEEDED)).isEqualTo(9);
        assertThat(statistics.count(ExecutionState.FAILED)).isEqualTo(1);
        assertThat(statistics.count(ExecutionState.IN_PROGRESS)).isEqualTo(1);
        assertThat(statistics.count(ExecutionState.SENT)).isEqualTo(1);
        assertThat(statistics.successRate()).isEqualTo(0.9);
        assertThat(statistics.p50Ms()).isEqualTo(5000);
        assertThat(statistics.p90Ms()).isEqualTo(9000);
        assertThat(statistics.p99Ms()).isEqualTo(10_000);
    }

    @Test
    void job_completesWithTheLastEndedExecution_andNotBefore_withoutWaitingForATick() {
        harness.onlineAgents(12);
        JobSnapshot job = harness.jobs.create(ALL);
        for (int i = 1; i <= 11; i++) {
            end(String.format("agent-%02d", i), RunState.SUCCEEDED);
        }
        runs.start(runs.lastRunOf("agent-12"));

        assertThat(state(job)).isEqualTo(JobState.IN_PROGRESS);
        runs.finish(runs.lastRunOf("agent-12"), RunState.SUCCEEDED, 1000);
        assertThat(state(job)).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void askingWhetherAJobHasOpenExecutions_usesTheJobAndStateIndex() {
        String plan = harness.database.read(connection -> {
            try (var query = connection.prepareStatement("EXPLAIN SELECT 1 FROM job_executions WHERE job_id = ? "
                    + "AND state IN (?, ?) LIMIT 1")) {
                query.setObject(1, UUID.randomUUID());
                query.setString(2, "sent");
                query.setString(3, "in_progress");
                try (var rows = query.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });

        assertThat(plan).containsIgnoringCase("JOB_EXECUTIONS_BY_JOB_STATE");
    }

    private void end(String agent, RunState state) {
        end(agent, state, 1000);
    }

    private void end(String agent, RunState state, long durationMs) {
        UUID run = runs.lastRunOf(agent);
        runs.start(run);
        runs.finish(run, state, durationMs);
    }

    private JobState state(JobSnapshot job) {
        return harness.jobs.job(job.jobId()).orElseThrow().state();
    }

    private JobExecution execution(JobSnapshot job) {
        return harness.jobs.executions(job.jobId()).getFirst();
    }

    private JobExecution executionOf(JobSnapshot job, String agent) {
        return harness.jobs.executions(job.jobId()).stream().filter(execution -> execution.agentId().equals(agent))
                .findFirst().orElseThrow();
    }
}
