package io.taskrunner.console.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress a task reports on its job execution, and an agent's {@code $next}. */
class JobProgressAndNextTest {
    private static final JobSpec ON_ONE = JobSpec.of("copy", null, Map.of(), List.of(Target.agent("agent-01")));

    @TempDir
    Path dir;

    private JobsHarness harness;
    private RecordingJobRuns runs;

    @BeforeEach
    void open() {
        harness = new JobsHarness(dir);
        runs = harness.runs;
        harness.onlineAgents(2);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void progressOfTheRun_showsOnTheInProgressExecution_andIsToldToListeners() {
        List<JobExecution> told = new CopyOnWriteArrayList<>();
        harness.jobs.onExecutionChanged(told::add);
        JobSnapshot job = harness.jobs.create(ON_ONE);
        UUID run = runs.lastRunOf("agent-01");
        runs.start(run);

        runs.progress(run, 40, "Copying files");

        JobExecution execution = harness.jobs.executions(job.jobId()).getFirst();
        assertThat(execution.state()).isEqualTo(ExecutionState.IN_PROGRESS);
        assertThat(execution.progress()).isEqualTo(40);
        assertThat(execution.statusDetails()).isEqualTo("Copying files");
        assertThat(told.getLast()).isEqualTo(execution);
    }

    @Test
    void progressWithoutText_keepsTheDetails_andTheEndKeepsTheLastPercent() {
        JobSnapshot job = harness.jobs.create(ON_ONE);
        UUID run = runs.lastRunOf("agent-01");
        runs.start(run);
        runs.progress(run, 40, "Copying files");
        runs.progress(run, 90, null);
        assertThat(harness.jobs.executions(job.jobId()).getFirst()).extracting(JobExecution::progress,
                JobExecution::statusDetails).containsExactly(90, "Copying files");

        runs.finish(run, RunState.SUCCEEDED, 10);

        JobExecution ended = harness.jobs.executions(job.jobId()).getFirst();
        assertThat(ended.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(ended.progress()).isEqualTo(90);
        assertThat(ended.statusDetails()).as("the end's own details").isEqualTo("exit code 0");
    }

    @Test
    void progressThatArrivesWithTheStart_isTakenAtOnce() {
        JobSnapshot job = harness.jobs.create(ON_ONE);
        UUID run = runs.lastRunOf("agent-01");
        runs.start(run);
        harness.jobs.close();  // the console stopped: the run moves on without it
        runs.progress(run, 10, "warming up");

        harness.jobs = harness.newService();

        assertThat(harness.jobs.executions(job.jobId()).getFirst()).extracting(JobExecution::state,
                JobExecution::progress, JobExecution::statusDetails)
                .containsExactly(ExecutionState.IN_PROGRESS, 10, "warming up");
    }

    @Test
    void next_sendsTheOldestSentExecutionAgain_whoseRunTheAgentHasNotQueued() {
        JobSnapshot first = harness.jobs.create(ON_ONE);
        JobSnapshot second = harness.jobs.create(ON_ONE);
        UUID firstRun = harness.jobs.executions(first.jobId()).getFirst().runId();
        UUID secondRun = harness.jobs.executions(second.jobId()).getFirst().runId();
        runs.queue(firstRun);

        harness.jobs.nextRequested("agent-01", "test");

        assertThat(runs.runIdsOf("agent-01")).containsExactly(firstRun, secondRun, secondRun);
        assertThat(runs.runIdsOf("agent-02")).isEmpty();
    }

    @Test
    void next_withNothingSent_sendsTheOldestQueuedExecution_onlyWithinTheRate() {
        harness.agents(AgentConnectionStatus.ONLINE, "agent-03");
        JobSnapshot job = harness.jobs.create(JobSpec.of("copy", null, Map.of(), List.of(Target.agent("agent-01"),
                Target.agent("agent-02"), Target.agent("agent-03"))).withRollout(Rollout.fixed(2)));
        assertThat(runs.sent).hasSize(2);
        String waiting = harness.jobs.executions(job.jobId()).stream()
                .filter(execution -> execution.state() == ExecutionState.QUEUED).findFirst().orElseThrow().agentId();

        harness.jobs.nextRequested(waiting, "test");
        assertThat(runs.runIdsOf(waiting)).as("the rate of 2 a minute is used up").isEmpty();

        harness.clock.advance(Duration.ofSeconds(61));
        harness.jobs.nextRequested(waiting, "test");

        assertThat(runs.runIdsOf(waiting)).hasSize(1);
        assertThat(harness.jobs.executions(job.jobId())).filteredOn(execution -> execution.agentId().equals(waiting))
                .extracting(JobExecution::state).containsExactly(ExecutionState.SENT);
    }

    @Test
    void next_ofAnAgentWithNothingPending_sendsNothing() {
        JobSnapshot job = harness.jobs.create(ON_ONE);
        UUID run = runs.lastRunOf("agent-01");
        runs.start(run);
        runs.finish(run, RunState.SUCCEEDED, 5);

        harness.jobs.nextRequested("agent-01", "test");
        harness.jobs.nextRequested("agent-02", "test");

        assertThat(runs.sent).hasSize(1);
        assertThat(harness.jobs.job(job.jobId()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }
}
