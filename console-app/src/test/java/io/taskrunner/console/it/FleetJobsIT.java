package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.console.service.pki.IssuedCredential;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.mqtt.MqttClients;
import io.taskrunner.protocol.mqtt.MqttConnectionSettings;
import io.taskrunner.protocol.mqtt.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

/**
 * Fleet jobs end to end: console core with its embedded broker and the real job engine ticking every second, and
 * an enrolled agent process that runs each execution as a task run.
 */
class FleetJobsIT {
    private static final TaskDefinition GREET = TaskDefinition.of("greet",
            new CommandTask("echo", List.of("hello, ${who}!"))).withParameters(List.of(
                    ParameterSpec.of("who", ParameterType.STRING, true)));
    private static final TaskDefinition NAP = TaskDefinition.of("nap", new CommandTask("sleep", List.of("60")));
    /** Reports 40 %, waits for the file named by {@code go}, then reports 100 %. */
    private static final TaskDefinition COPY = TaskDefinition.of("copy", new ShellTask("""
            echo '##taskrunner[progress=40] Copying files'
            while [ ! -f "$PARAM_go" ]; do sleep 0.1; done
            echo '##taskrunner[progress=100] Done'
            """, null)).withParameters(List.of(ParameterSpec.of("go", ParameterType.STRING, true)));

    @TempDir
    Path dir;

    private ConsoleAndAgent fixture;
    private ConsoleCore console;
    private Mqtt5BlockingClient observer;

    @BeforeEach
    void startConsoleAndAgent() throws Exception {
        fixture = ConsoleAndAgent.start(dir, null);
        console = fixture.console();
    }

    @AfterEach
    void stop() throws Exception {
        if (observer != null) {
            observer.disconnect();
        }
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

    @Test
    void aShellTaskPrintingProgress_showsInProgressWithPercentAndDetails_beforeItSucceeds() throws Exception {
        Path go = dir.resolve("go");
        List<JobExecution> told = new CopyOnWriteArrayList<>();
        console.jobs().onExecutionChanged(told::add);
        JobSnapshot job = console.jobs().create(JobSpec.of("copy", COPY, Map.of("go", go.toString()),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))));

        await("progress 40 %").atMost(ConsoleAndAgent.WAIT).until(() -> onlyExecution(job).progress() != null);
        JobExecution running = onlyExecution(job);
        assertThat(running.state()).isEqualTo(ExecutionState.IN_PROGRESS);
        assertThat(running.progress()).isEqualTo(40);
        assertThat(running.statusDetails()).isEqualTo("Copying files");
        assertThat(told).as("listeners were told").contains(running);
        RunSnapshot run = console.runs().run(running.runId()).orElseThrow();
        assertThat(run.progressPercent()).isEqualTo(40);
        assertThat(run.progressDetails()).isEqualTo("Copying files");
        assertThat(run.progressAt()).isNotNull();

        Files.createFile(go);

        awaitJob(job, JobState.COMPLETED);
        JobExecution ended = onlyExecution(job);
        assertThat(ended.state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(ended.progress()).as("the final value before the end").isEqualTo(100);
        assertThat(console.runs().run(ended.runId()).orElseThrow().progressDetails()).isEqualTo("Done");
        assertThat(fixture.outputOf(ended.runId())).as("progress lines stay in the output")
                .isEqualTo("##taskrunner[progress=40] Copying files\n##taskrunner[progress=100] Done\n");
    }

    @Test
    void agentAwayWhenTheJobWasCreated_whoseBrokerSessionLostTheCommand_getsItsExecutionOnReturn() throws Exception {
        fixture.agent().stop();
        fixture.awaitOffline();
        JobSnapshot job = console.jobs().create(JobSpec.of("greet", GREET, Map.of("who", "returner"),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))));
        await("execution sent").atMost(ConsoleAndAgent.WAIT)
                .until(() -> onlyExecution(job).state() == ExecutionState.SENT);
        dropTheAgentsBrokerSession();

        fixture.startAgent();
        fixture.awaitOnline();

        awaitJob(job, JobState.COMPLETED);
        assertThat(onlyExecution(job).state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(fixture.outputOf(onlyExecution(job).runId())).isEqualTo("hello, returner!\n");
    }

    @Test
    void next_fromTheAgentCli_makesTheConsoleResendAPendingExecution_whichThenRunsOnce() throws Exception {
        fixture.agent().stop();
        fixture.awaitOffline();
        JobSnapshot job = console.jobs().create(JobSpec.of("greet", GREET, Map.of("who", "next"),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))));
        await("execution sent").atMost(ConsoleAndAgent.WAIT)
                .until(() -> onlyExecution(job).state() == ExecutionState.SENT);
        UUID runId = onlyExecution(job).runId();
        dropTheAgentsBrokerSession();  // the first command is gone: only a re-send can bring it
        List<String> commands = new CopyOnWriteArrayList<>();
        observer = agentClient(ConsoleAndAgent.AGENT_ID + "-observer");
        observer.connectWith().cleanStart(true).send();
        observer.toAsync().subscribeWith().topicFilter(Topics.withDefaultPrefix().commands(ConsoleAndAgent.AGENT_ID))
                .qos(MqttQos.AT_LEAST_ONCE).callback(publish -> commands.add(
                        new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().get();

        String said = AgentProcess.jobsNext(fixture.agentDir());

        assertThat(said).contains(ConsoleAndAgent.AGENT_ID);
        await("the command sent again").atMost(ConsoleAndAgent.WAIT)
                .until(() -> commands.stream().anyMatch(command -> command.contains(runId.toString())));
        assertThat(console.fleet().agent(ConsoleAndAgent.AGENT_ID).orElseThrow().online())
                .as("the agent did not come back: the re-send answered $next").isFalse();
        fixture.startAgent();
        awaitJob(job, JobState.COMPLETED);
        assertThat(onlyExecution(job).state()).isEqualTo(ExecutionState.SUCCEEDED);
        assertThat(onlyExecution(job).runId()).isEqualTo(runId);
        assertThat(fixture.outputOf(runId)).as("ran once").isEqualTo("hello, next!\n");
    }

    /** As a broker does whose queue limit dropped the agent's messages: the session goes, with what it held. */
    private void dropTheAgentsBrokerSession() {
        Mqtt5BlockingClient stand = agentClient(ConsoleAndAgent.AGENT_ID);
        stand.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        stand.disconnect();
    }

    /** A client with a certificate of the agent's identity, as the agent's own CLI has. */
    private Mqtt5BlockingClient agentClient(String clientId) {
        try {
            Path certs = Files.createDirectories(dir.resolve("agent-certs"));
            IssuedCredential credential = console.certificateAuthority().issueClientCertificate(
                    ConsoleAndAgent.AGENT_ID, Duration.ofDays(1));
            Files.writeString(certs.resolve("ca.cert.pem"), console.certificateAuthority().certificatePem());
            Files.writeString(certs.resolve("client.cert.pem"), credential.certificatePem());
            Files.writeString(certs.resolve("client.key.pem"), credential.privateKeyPem());
            return MqttClients.builder(new MqttConnectionSettings("localhost", console.brokerPort(), clientId,
                    TlsFiles.in(certs), null, null, null)).buildBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
