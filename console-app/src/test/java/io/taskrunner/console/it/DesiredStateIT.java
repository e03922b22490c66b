package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.service.desired.AgentBundleStatus;
import io.taskrunner.console.service.desired.AgentChange;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Desired state end to end: definitions stored in the console's H2, assigned by group, deployed as a signed retained
 * bundle through the embedded broker to a real agent process, which applies it, keeps it across a restart, and
 * catches up on a bundle deployed while it was off.
 */
class DesiredStateIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AGENT = ConsoleAndAgent.AGENT_ID;

    @TempDir
    Path dir;

    @Test
    void deployedBundle_isAppliedByTheAgent_keptAcrossARestart_andCaughtUpAfterAnOutage() throws Exception {
        Path marker = dir.resolve("marker.txt");
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            DesiredStateService desired = fixture.console().desired();
            desired.putJson(DefinitionKind.TASK, stampTask("first", marker));
            desired.assign(DefinitionKind.TASK, "stamp", Target.group("line1"));

            assertThat(desired.dryRun()).singleElement().satisfies(change -> {
                assertThat(change.agentId()).isEqualTo(AGENT);
                assertThat(change.changesSomething()).as("not in the group yet").isFalse();
            });
            desired.setLabels(AGENT, Set.of("line1"), Set.of("packing"));
            assertThat(desired.dryRun()).singleElement().satisfies(change -> {
                assertThat(change.added()).containsExactly("group/line1", "task/stamp");
                assertThat(change.online()).isTrue();
                assertThat(change.problem()).isNull();
            });

            desired.deploy().join();
            awaitApplied(desired, 1);
            assertThat(run(fixture)).isEqualTo("first");

            fixture.agent().stop();
            fixture.awaitOffline();
            desired.putJson(DefinitionKind.TASK, stampTask("second", marker));
            List<AgentChange> planned = desired.dryRun();
            assertThat(planned).singleElement().satisfies(change -> {
                assertThat(change.changed()).containsExactly("task/stamp");
                assertThat(change.online()).isFalse();
            });
            desired.deploy().join();
            assertThat(status(desired).desiredVersion()).isEqualTo(2);
            assertThat(status(desired).appliedVersion()).isEqualTo(1);
            assertThat(status(desired).inSync()).isFalse();

            fixture.startAgent();
            fixture.awaitOnline();
            awaitApplied(desired, 2);
            assertThat(run(fixture)).isEqualTo("second");
            assertThat(Files.readString(fixture.agentDir().resolve("desired.json"))).contains("\"version\" : 2");
            assertThat(desired.dryRun()).singleElement().satisfies(change ->
                    assertThat(change.changesSomething()).isFalse());
        }
    }

    @Test
    void bundleWithADanglingName_isNotDeployed_andTheDryRunSaysWhy() throws Exception {
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, null)) {
            DesiredStateService desired = fixture.console().desired();
            desired.putJson(DefinitionKind.TRIGGER, """
                    {"name": "door", "topic": "plant/door/+", "task": "open-door"}""");
            desired.assign(DefinitionKind.TRIGGER, "door", Target.ALL);

            List<AgentChange> changes = desired.deploy().join();

            assertThat(changes).singleElement().satisfies(change -> assertThat(change.problem())
                    .isEqualTo("definitions.triggers[0].task: names task 'open-door', which is not defined"));
            assertThat(status(desired).desiredVersion()).isZero();
        }
    }

    private static String stampTask(String text, Path marker) {
        return """
                {"name": "stamp", "type": "command",
                 "spec": {"program": "sh", "args": ["-c", "echo TEXT > \\"$1\\"", "sh", "MARKER"]}}
                """.replace("TEXT", text).replace("MARKER", marker.toString());
    }

    private static String run(ConsoleAndAgent fixture) throws Exception {
        RunSnapshot started = fixture.console().runs().runTask(AGENT, new TaskRunRequest("stamp", null, Map.of(), 0,
                0)).join();
        RunSnapshot finished = fixture.awaitFinished(started.runId());
        assertThat(finished.state()).isEqualTo(RunState.SUCCEEDED);
        return Files.readString(fixture.agentDir().getParent().resolve("marker.txt")).strip();
    }

    private static void awaitApplied(DesiredStateService desired, long version) {
        await("bundle " + version + " applied").atMost(WAIT).until(() -> status(desired).appliedVersion() == version);
        assertThat(status(desired).inSync()).isTrue();
        assertThat(status(desired).refusedError()).isNull();
    }

    private static AgentBundleStatus status(DesiredStateService desired) {
        return desired.status().stream().filter(status -> status.agentId().equals(AGENT)).findFirst().orElseThrow();
    }
}
