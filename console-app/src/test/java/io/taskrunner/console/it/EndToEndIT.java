package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedded broker (mutual TLS) + console core + an agent process started from the built jar. */
class EndToEndIT {

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
    void echo_runsOnTheAgent_andExitCodeAndOutputAreStoredInH2() {
        AgentSnapshot online = console.fleet().agent("agent-1").orElseThrow();
        assertThat(online.hostName()).isNotBlank();
        assertThat(online.agentVersion()).isNotBlank();

        UUID runId = console.runs().start(new RunRequest("agent-1", List.of("echo", "hello"), null, null,
                Duration.ofSeconds(30))).join();

        RunSnapshot run = fixture.awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.durationMs()).isNotNull();
        assertThat(fixture.outputOf(runId)).isEqualTo("hello\n");
    }

    @Test
    void failingCommand_storesItsExitCodeAndStderr() {
        UUID runId = console.runs().start(new RunRequest("agent-1", List.of("sh", "-c", "echo oops >&2; exit 7"),
                null, null, Duration.ofSeconds(30))).join();

        RunSnapshot run = fixture.awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(fixture.outputOf(runId)).isEqualTo("oops\n");
    }

    @Test
    void commandSentWhileAgentIsStopped_runsExactlyOnceWhenItStartsAgain() throws Exception {
        Path marker = dir.resolve("marker.txt");
        fixture.agent().stop();
        fixture.awaitOffline();

        UUID runId = console.runs().start(new RunRequest("agent-1",
                List.of("sh", "-c", "echo ran >> \"$1\"; echo done", "sh", marker.toString()), null, null,
                Duration.ofSeconds(30))).join();
        assertThat(console.runs().run(runId).orElseThrow().state()).isEqualTo(RunState.PENDING);

        fixture.startAgent();
        RunSnapshot run = fixture.awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);

        // a second restart must not run it again (the broker could redeliver an unacknowledged command)
        fixture.agent().stop();
        fixture.startAgent();
        fixture.awaitOnline();
        assertThat(java.nio.file.Files.readAllLines(marker)).containsExactly("ran");
        assertThat(console.storedEvents("agent-1", "run.started")).isEqualTo(1);
        assertThat(console.storedEvents("agent-1", "run.finished")).isEqualTo(1);
    }

    @Test
    void timeout_killsTheProcessAndIsReportedAsTimedOut() {
        UUID runId = console.runs().start(new RunRequest("agent-1", List.of("sleep", "60"), null, null,
                Duration.ofSeconds(1))).join();

        RunSnapshot run = fixture.awaitFinished(runId);
        assertThat(run.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(run.error()).contains("timed out");
    }
}
