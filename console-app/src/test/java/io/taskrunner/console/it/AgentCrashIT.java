package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent is killed with SIGKILL in the middle of a run, with more runs waiting behind it in a one-worker
 * channel. After it starts again the cut-off run is reported interrupted (its leftover process tree killed) and
 * the waiting runs run to completion, each exactly once.
 */
class AgentCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEFINITIONS = """
            {
              "channels": [ { "name": "serial", "workers": 1 } ],
              "tasks": [
                { "name": "long", "type": "shell", "channel": "serial",
                  "spec": { "script": "echo started; sleep 300; echo never" } },
                { "name": "quick", "type": "command", "channel": "serial",
                  "parameters": [ { "name": "n", "type": "int", "required": true } ],
                  "spec": { "program": "echo", "args": [ "quick ${n}" ] } }
              ]
            }
            """;

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
        Files.writeString(dir.resolve("agent").resolve("definitions.json"), DEFINITIONS);
        agent = new AgentProcess(dir.resolve("agent")).start();
        awaitOnline();
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
    void killedMidRun_theRunIsInterruptedAndItsProcessEndedWhileQueuedRunsContinue() throws Exception {
        UUID longRun = console.runs().runTask("agent-1", TaskRunRequest.of("long", Map.of())).join().runId();
        await("long run started").atMost(WAIT).until(() -> outputOf(longRun).contains("started"));
        UUID first = console.runs().runTask("agent-1", TaskRunRequest.of("quick", Map.of("n", 1))).join().runId();
        UUID second = console.runs().runTask("agent-1", TaskRunRequest.of("quick", Map.of("n", 2))).join().runId();
        await("both queued behind it").atMost(WAIT).until(() -> state(first) == RunState.QUEUED
                && state(second) == RunState.QUEUED);
        List<ProcessHandle> tree = ProcessHandle.of(agent.pid()).orElseThrow().descendants().toList();
        assertThat(tree).as("the run's sh and sleep").hasSizeGreaterThanOrEqualTo(2);

        agent.kill();
        assertThat(tree).as("a crash leaves the run's processes behind").anyMatch(ProcessHandle::isAlive);
        agent = new AgentProcess(dir.resolve("agent")).start();

        RunSnapshot interrupted = awaitFinished(longRun);
        assertThat(interrupted.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(interrupted.error()).contains("the agent stopped while attempt 1 was running")
                .contains("was still running and was killed");
        await("the leftover processes are gone").atMost(WAIT)
                .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(awaitFinished(first).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(awaitFinished(second).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outputOf(first)).isEqualTo("quick 1\n");
        assertThat(outputOf(second)).isEqualTo("quick 2\n");
        assertThat(outputOf(longRun)).doesNotContain("never");
        assertThat(console.storedEvents("agent-1", "run.finished")).isEqualTo(3);
    }

    private void awaitOnline() {
        await("agent online").atMost(WAIT).until(() -> console.fleet().agent("agent-1")
                .map(AgentSnapshot::online).orElse(false));
    }

    private RunState state(UUID runId) {
        return console.runs().run(runId).map(RunSnapshot::state).orElse(null);
    }

    private RunSnapshot awaitFinished(UUID runId) {
        await("run " + runId + " finished").atMost(WAIT).until(() -> Optional.ofNullable(state(runId))
                .map(RunState::isFinal).orElse(false));
        return console.runs().run(runId).orElseThrow();
    }

    private String outputOf(UUID runId) {
        return console.runs().output(runId).stream().map(RunOutputChunk::text).collect(Collectors.joining());
    }
}
