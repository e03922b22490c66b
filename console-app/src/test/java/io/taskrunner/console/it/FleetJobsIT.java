package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet jobs end to end: console core with its embedded broker and the real job engine ticking every second, and
 * an enrolled agent process that runs each execution as a task run.
 */
class FleetJobsIT {
    private static final TaskDefinition GREET = TaskDefinition.of("greet",
            new CommandTask("echo", List.of("hello, ${who}!"))).withParameters(List.of(
                    ParameterSpec.of("who", ParameterType.STRING, true)));
    private static final TaskDefinition NAP = TaskDefinition.of("nap", new CommandTask("sleep", List.of("60")));

    @TempDir
    Path dir;

    private ConsoleAndAgent fixture;
    private ConsoleCore console;

    @BeforeEach
    void startConsoleAndAgent() throws Exception {
        fixture = ConsoleAndAgent.start(dir, null);
        console = fixture.console();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void job_runsTheTaskOnTheAgent_andCompletesSucceeded_withStatistics() {
        JobSnapshot job = console.jobs().create(JobSpec.of("greet", GREET, Map.of("who", "fleet"),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))));

        awaitJob(job, JobState.COMPLETED);

        JobExecution execution = onlyExecution(job);
        assertThat(execution.state()).as("%s", execution).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(execution.attempts()).isEqualTo(1);
        RunSnapshot run = console.runs().run(execution.runId()).orElseThrow();
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(fixture.outputOf(run.runId())).isEqualTo("hello, fleet!\n");
        JobStatistics statistics = console.jobs().statistics(job.jobId());
        assertThat(statistics.count(ExecutionState.SUCCEEDED)).isEqualTo(1);
        assertThat(statistics.successRate()).isEqualTo(1.0);
        assertThat(statistics.p50Ms()).isNotNull().isEqualTo(run.durationMs());
    }

    @Test
    void agentThatWasStopped_getsItsExecution_whenItReturns() throws Exception {
        fixture.agent().stop();
        fixture.awaitOffline();

        JobSnapshot job = console.jobs().create(JobSpec.of("greet", GREET, Map.of("who", "latecomer"),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))));
        await("execution sent").atMost(ConsoleAndAgent.WAIT)
                .until(() -> onlyExecution(job).state() == ExecutionState.SENT);
        UUID runId = onlyExecution(job).runId();
        assertThat(console.runs().run(runId).orElseThrow().state()).isEqualTo(RunState.PENDING);

        fixture.startAgent();
        fixture.awaitOnline();

        awaitJob(job, JobState.COMPLETED);
        assertThat(onlyExecution(job).state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(onlyExecution(job).runId()).isEqualTo(runId);
        assertThat(fixture.outputOf(runId)).isEqualTo("hello, latecomer!\n");
    }

    @Test
    void forceCancel_stopsARunningExecution_onTheAgent() {
        JobSnapshot job = console.jobs().create(JobSpec.of("nap", NAP, Map.of(),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))));
        await("execution in progress").atMost(ConsoleAndAgent.WAIT)
                .until(() -> onlyExecution(job).state() == ExecutionState.IN_PROGRESS);

        JobSnapshot cancelled = console.jobs().forceCancel(job.jobId());

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(onlyExecution(job).state()).isEqualTo(ExecutionState.CANCELLED);
        RunSnapshot run = fixture.awaitFinished(onlyExecution(job).runId());
        assertThat(run.state()).as("the agent stopped the run").isEqualTo(RunState.CANCELLED);
        assertThat(run.durationMs()).isLessThan(60_000L);
    }

    private void awaitJob(JobSnapshot job, JobState state) {
        await("job " + state.wire()).atMost(ConsoleAndAgent.WAIT).until(() -> console.jobs().job(job.jobId())
                .orElseThrow().state() == state);
    }

    private JobExecution onlyExecution(JobSnapshot job) {
        List<JobExecution> executions = console.jobs().executions(job.jobId());
        assertThat(executions).hasSize(1);
        return executions.getFirst();
    }
}
