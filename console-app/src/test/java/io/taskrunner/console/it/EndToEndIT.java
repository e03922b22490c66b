package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded broker (mutual TLS) + console core + an agent process started from the built jar. */
class EndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ConsoleCore console;
    private AgentProcess agent;

    @BeforeEach
    void startConsoleAndAgent() throws Exception {
        console = ConsoleCore.start(ConsoleOptions.embedded(dir.resolve("console"), "127.0.0.1", FreePorts.next()),
                Clock.systemUTC());
        Path bundle = dir.resolve("bundle.json");
        console.enrolment().enrolToFile("agent-1", bundle);
        AgentProcess.enroll(bundle, dir.resolve("agent"));
        agent = new AgentProcess(dir.resolve("agent")).start();
        await("agent online").atMost(WAIT).until(() -> console.fleet().agent("agent-1")
                .map(AgentSnapshot::online).orElse(false));
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.stop();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void echo_runsOnTheAgent_andExitCodeAndOutputAreStoredInH2() {
        AgentSnapshot online = console.fleet().agent("agent-1").orElseThrow();
        assertThat(online.hostName()).isNotBlank();
        assertThat(online.agentVersion()).isNotBlank();

        UUID runId = console.runs().start(new RunRequest("agent-1", List.of("echo", "hello"), null, null,
                Duration.ofSeconds(30))).join();

        RunSnapshot run = awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.durationMs()).isNotNull();
        assertThat(outputOf(runId)).isEqualTo("hello\n");
    }

    @Test
    void failingCommand_storesItsExitCodeAndStderr() {
        UUID runId = console.runs().start(new RunRequest("agent-1", List.of("sh", "-c", "echo oops >&2; exit 7"),
                null, null, Duration.ofSeconds(30))).join();

        RunSnapshot run = awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(outputOf(runId)).isEqualTo("oops\n");
    }

    @Test
    void commandSentWhileAgentIsStopped_runsExactlyOnceWhenItStartsAgain() throws Exception {
        Path marker = dir.resolve("marker.txt");
        agent.stop();
        await("agent offline").atMost(WAIT).until(() -> !console.fleet().agent("agent-1").orElseThrow().online());

        UUID runId = console.runs().start(new RunRequest("agent-1",
                List.of("sh", "-c", "echo ran >> \"$1\"; echo done", "sh", marker.toString()), null, null,
                Duration.ofSeconds(30))).join();
        assertThat(console.runs().run(runId).orElseThrow().state()).isEqualTo(RunState.PENDING);

        agent = new AgentProcess(dir.resolve("agent")).start();
        RunSnapshot run = awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);

        // a second restart must not run it again (the broker could redeliver an unacknowledged command)
        agent.stop();
        agent = new AgentProcess(dir.resolve("agent")).start();
        await("agent online again").atMost(WAIT).until(() -> console.fleet().agent("agent-1")
                .map(AgentSnapshot::online).orElse(false));
        assertThat(java.nio.file.Files.readAllLines(marker)).containsExactly("ran");
        assertThat(console.storedEvents("agent-1", "run.started")).isEqualTo(1);
        assertThat(console.storedEvents("agent-1", "run.finished")).isEqualTo(1);
    }

    @Test
    void timeout_killsTheProcessAndIsReportedAsTimedOut() {
        UUID runId = console.runs().start(new RunRequest("agent-1", List.of("sleep", "60"), null, null,
                Duration.ofSeconds(1))).join();

        RunSnapshot run = awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(run.error()).contains("timed out");
    }

    private RunSnapshot awaitFinished(UUID runId) {
        await("run " + runId + " finished").atMost(WAIT).until(() -> console.runs().run(runId)
                .map(run -> run.state().isFinal()).orElse(false));
        return console.runs().run(runId).orElseThrow();
    }

    private String outputOf(UUID runId) {
        return console.runs().output(runId).stream().map(RunOutputChunk::text).collect(Collectors.joining());
    }
}
