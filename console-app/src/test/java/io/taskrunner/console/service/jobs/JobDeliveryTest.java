package io.taskrunner.console.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which agents get a job and that each gets it: continuous targets, agents that were away, console restarts. */
class JobDeliveryTest {
    private static final JobSpec PRESSES = JobSpec.of("calibrate", null, Map.of(), List.of(Target.group("presses")));

    @TempDir
    Path dir;

    private JobsHarness harness;
    private RecordingJobRuns runs;

    @BeforeEach
    void open() {
        harness = new JobsHarness(dir);
        runs = harness.runs;
        harness.onlineAgents(3);
        harness.desired.setLabels("agent-01", Set.of("presses"), Set.of());
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void continuousJob_reachesAnAgentAddedToTheGroupLater_aSnapshotJobDoesNot() {
        JobSnapshot continuous = harness.jobs.create(PRESSES.withTargets(PRESSES.targets(),
                JobSpec.TargetMode.CONTINUOUS));
        JobSnapshot snapshot = harness.jobs.create(PRESSES);
        assertThat(runs.sent).extracting(RecordingJobRuns.Sent::agentId).containsExactly("agent-01", "agent-01");

        harness.desired.setLabels("agent-02", Set.of("presses"), Set.of());
        harness.clock.advance(Duration.ofSeconds(1));
        harness.jobs.tick();

        assertThat(harness.jobs.executions(continuous.jobId())).extracting(JobExecution::agentId)
                .containsExactly("agent-01", "agent-02");
        assertThat(harness.jobs.executions(snapshot.jobId())).extracting(JobExecution::agentId)
                .containsExactly("agent-01");
        assertThat(runs.runIdsOf("agent-02")).hasSize(1);
        UUID run = runs.lastRunOf("agent-02");
        runs.start(run);
        runs.finish(run, RunState.SUCCEEDED, 10);
        assertThat(harness.jobs.job(continuous.jobId()).orElseThrow().state()).as("continuous jobs wait for more")
                .isEqualTo(JobState.IN_PROGRESS);
    }

    @Test
    void continuousJob_removesAQueuedExecution_whenItsAgentLeavesTheGroup() {
        harness.desired.setLabels("agent-02", Set.of("presses"), Set.of());
        JobSnapshot job = harness.jobs.create(PRESSES.withTargets(PRESSES.targets(), JobSpec.TargetMode.CONTINUOUS)
                .withRollout(Rollout.fixed(1)));

        harness.desired.setLabels("agent-02", Set.of(), Set.of());
        harness.jobs.tick();

        assertThat(harness.jobs.executions(job.jobId())).extracting(JobExecution::agentId, JobExecution::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("agent-01", ExecutionState.SENT),
                        org.assertj.core.groups.Tuple.tuple("agent-02", ExecutionState.REMOVED));
    }

    @Test
    void offlineAgent_getsItsExecutionAgain_withTheSameRunId_whenItComesBack() {
        harness.agents(AgentConnectionStatus.OFFLINE, "agent-01");
        JobSnapshot job = harness.jobs.create(PRESSES);
        UUID run = runs.lastRunOf("agent-01");

        harness.agents(AgentConnectionStatus.ONLINE, "agent-01");
        harness.agents(AgentConnectionStatus.ONLINE, "agent-01");

        assertThat(runs.runIdsOf("agent-01")).as("sent, and once again on its return").containsExactly(run, run);
        runs.queue(run);
        harness.agents(AgentConnectionStatus.OFFLINE, "agent-01");
        harness.agents(AgentConnectionStatus.ONLINE, "agent-01");
        assertThat(runs.runIdsOf("agent-01")).as("the agent has queued it: nothing to send").hasSize(2);
        runs.start(run);
        runs.finish(run, RunState.SUCCEEDED, 10);
        assertThat(harness.jobs.job(job.jobId()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void restartedConsole_catchesUpWithRunsThatEndedMeanwhile_andGoesOnRollingOut() {
        harness.desired.setLabels("agent-02", Set.of("presses"), Set.of());
        JobSnapshot job = harness.jobs.create(PRESSES.withRollout(Rollout.fixed(1)));
        UUID first = runs.lastRunOf("agent-01");
        harness.jobs.close();
        runs.start(first);
        runs.finish(first, RunState.SUCCEEDED, 10);

        harness.jobs = harness.newService();

        assertThat(harness.jobs.executions(job.jobId()).getFirst().state()).isEqualTo(ExecutionState.SUCCEEDED);
        harness.clock.advance(Duration.ofMinutes(1));
        harness.jobs.tick();
        UUID second = runs.lastRunOf("agent-02");
        runs.start(second);
        runs.finish(second, RunState.SUCCEEDED, 10);
        assertThat(harness.jobs.job(job.jobId()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }
}
