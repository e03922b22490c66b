package io.taskrunner.console.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.definition.TimeWindow;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How fast and when a job sends its executions, on a clock that moves only when told. */
class JobRolloutTest {
    private static final JobSpec ALL = JobSpec.of("inventory", null, Map.of(), List.of(Target.ALL));

    @TempDir
    Path dir;

    private JobsHarness harness;

    @BeforeEach
    void open() {
        harness = new JobsHarness(dir);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void fixedRollout_sendsNoMoreThanTheRateInAnyMinute() {
        harness.onlineAgents(25);

        JobSnapshot job = harness.jobs.create(ALL.withRollout(Rollout.fixed(10)));

        assertThat(job.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(harness.runs.sent).hasSize(10);
        advanceAndTick(Duration.ofSeconds(30));
        assertThat(harness.runs.sent).as("half a minute later").hasSize(10);
        advanceAndTick(Duration.ofSeconds(29));
        assertThat(harness.runs.sent).as("59 s later").hasSize(10);
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(harness.runs.sent).as("a minute later").hasSize(20);
        advanceAndTick(Duration.ofSeconds(60));
        assertThat(harness.runs.sent).as("two minutes later").hasSize(25);
        assertThat(harness.runs.sent).extracting(RecordingJobRuns.Sent::agentId).doesNotHaveDuplicates();
        assertThat(harness.jobs.statistics(job.jobId()).count(ExecutionState.SENT)).isEqualTo(25);
    }

    @Test
    void exponentialRollout_multipliesTheRateAfterEachStepOfSentExecutions_upToItsMaximum() {
        harness.onlineAgents(30);

        harness.jobs.create(ALL.withRollout(Rollout.exponentialAfterNotified(2, 2.0, 2, 8)));

        assertThat(harness.runs.sent).as("base rate").hasSize(2);
        advanceAndTick(Duration.ofMinutes(1));
        assertThat(harness.runs.sent).as("2 sent: one raise, 4 a minute").hasSize(6);
        advanceAndTick(Duration.ofMinutes(1));
        assertThat(harness.runs.sent).as("6 sent: 16 a minute, capped at 8").hasSize(14);
        advanceAndTick(Duration.ofMinutes(1));
        assertThat(harness.runs.sent).hasSize(22);
    }

    @Test
    void exponentialRollout_afterSucceeded_raisesOnlyWithSuccesses() {
        harness.onlineAgents(20);

        harness.jobs.create(ALL.withRollout(Rollout.exponentialAfterSucceeded(1, 3.0, 1, 100)));
        advanceAndTick(Duration.ofMinutes(1));
        assertThat(harness.runs.sent).as("no success yet: still 1 a minute").hasSize(2);

        for (RecordingJobRuns.Sent sent : List.copyOf(harness.runs.sent)) {
            harness.runs.start(sent.runId());
            harness.runs.finish(sent.runId(), RunState.SUCCEEDED, 100);
        }
        advanceAndTick(Duration.ofMinutes(1));

        assertThat(harness.runs.sent).as("2 successes: 1 * 3 * 3 = 9 a minute").hasSize(11);
    }

    @Test
    void scheduledJob_waitsForItsStartTime() {
        harness.onlineAgents(3);

        JobSnapshot job = harness.jobs.create(ALL.withSchedule(JobsHarness.START.plus(Duration.ofHours(1)), null,
                null));
        assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
        advanceAndTick(Duration.ofMinutes(59));
        assertThat(harness.runs.sent).isEmpty();
        assertThat(harness.jobs.job(job.jobId()).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);

        advanceAndTick(Duration.ofMinutes(1));

        assertThat(harness.runs.sent).hasSize(3);
        JobSnapshot started = harness.jobs.job(job.jobId()).orElseThrow();
        assertThat(started.state()).isEqualTo(JobState.IN_PROGRESS);
        assertThat(started.startedAt()).isEqualTo(JobsHarness.START.plus(Duration.ofHours(1)));
    }

    @Test
    void maintenanceWindows_letExecutionsOutOnlyInsideThem_inTheirZone() {
        harness.onlineAgents(2);
        // 01:00 UTC is 02:00 in Berlin in November; the window opens at 03:00 Berlin time
        JobSpec spec = ALL.withMaintenanceWindows(List.of(new TimeWindow(List.of(), "03:00", "04:00")),
                ZoneId.of("Europe/Berlin"));

        harness.jobs.create(spec);
        advanceAndTick(Duration.ofMinutes(59));
        assertThat(harness.runs.sent).isEmpty();

        advanceAndTick(Duration.ofMinutes(1));

        assertThat(harness.runs.sent).hasSize(2);
    }

    private void advanceAndTick(Duration duration) {
        harness.clock.advance(duration);
        harness.jobs.tick();
    }
}
