package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
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

/**
 * The agent is killed with SIGKILL in the middle of a run, with more runs waiting behind it in a one-worker
 * channel. After it starts again the cut-off run is reported interrupted (its leftover process tree killed) and
 * the waiting runs run to completion, each exactly once.
 */
class AgentCrashIT {
    private static final Duration WAIT = ConsoleAndAgent.WAIT;
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
    private ConsoleAndAgent fixture;
    private ConsoleCore console;

    @BeforeEach
    void startConsoleAndAgent() throws Exception {
        fixture = ConsoleAndAgent.start(dir, DEFINITIONS);
        console = fixture.console();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void killedMidRun_theRunIsInterruptedAndItsProcessEndedWhileQueuedRunsContinue() throws Exception {
        UUID longRun = console.runs().runTask("agent-1", TaskRunRequest.of("long", Map.of())).join().runId();
        await("long run started").atMost(WAIT).until(() -> fixture.outputOf(longRun).contains("started"));
        UUID first = console.runs().runTask("agent-1", TaskRunRequest.of("quick", Map.of("n", 1))).join().runId();
        UUID second = console.runs().runTask("agent-1", TaskRunRequest.of("quick", Map.of("n", 2))).join().runId();
        await("both queued behind it").atMost(WAIT).until(() -> state(first) == RunState.QUEUED
                && state(second) == RunState.QUEUED);
        List<ProcessHandle> tree = ProcessHandle.of(fixture.agent().pid()).orElseThrow().descendants().toList();
        assertThat(tree).as("the run's sh and sleep").hasSizeGreaterThanOrEqualTo(2);

        fixture.agent().kill();
        assertThat(tree).as("a crash leaves the run's processes behind").anyMatch(ProcessHandle::isAlive);
        fixture.startAgent();

        RunSnapshot interrupted = fixture.awaitFinished(longRun);
        assertThat(interrupted.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(interrupted.error()).contains("the agent stopped while attempt 1 was running")
                .contains("was still running and was killed");
        await("the leftover processes are gone").atMost(WAIT)
                .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(fixture.awaitFinished(first).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(fixture.awaitFinished(second).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(fixture.outputOf(first)).isEqualTo("quick 1\n");
        assertThat(fixture.outputOf(second)).isEqualTo("quick 2\n");
        assertThat(fixture.outputOf(longRun)).doesNotContain("never");
        assertThat(console.storedEvents("agent-1", "run.finished")).isEqualTo(3);
    }


    private RunState state(UUID runId) {
        return console.runs().run(runId).map(RunSnapshot::state).orElse(null);
    }
}
