package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Run on any one agent of group G" end to end: the console with its embedded broker and four real agent processes,
 * three of them in group line1. Each group run goes to the group's MQTT 5 shared subscription; the broker hands it
 * to one connected member, and with one member stopped the other two take every run, each exactly once.
 */
class GroupRunsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final List<String> MEMBERS = List.of("line1-a", "line1-b", "line1-c");
    private static final String OUTSIDER = "packing-1";
    private static final int RUNS = 12;

    @TempDir
    Path dir;

    private ConsoleCore console;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (AgentProcess agent : agents.values()) {
            agent.stop();
        }
        if (console != null) {
            console.close();
        }
    }

    @Test
    void sharedSubscriptionGroupRun_withOneOfThreeAgentsStopped_executesEveryRunExactlyOnce() throws Exception {
        console = ConsoleCore.start(ConsoleOptions.embedded(dir.resolve("console"), "127.0.0.1", FreePorts.next()),
                Clock.systemUTC());
        for (String agentId : allAgents()) {
            Path bundle = dir.resolve(agentId + ".bundle.json");
            console.enrolment().enrolToFile(agentId, bundle);
            AgentProcess.enroll(bundle, dir.resolve(agentId));
            agents.put(agentId, new AgentProcess(dir.resolve(agentId)).start());
        }
        await("agents online").atMost(WAIT).until(() -> allAgents().stream().allMatch(this::online));

        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        Path stamps = shared.resolve("stamps.txt");
        DesiredStateService desired = console.desired();
        desired.putJson(DefinitionKind.TASK, """
                {"name": "stamp", "type": "command",
                 "parameters": [{"name": "mark", "type": "string", "required": true}],
                 "spec": {"program": "sh", "args": ["-c", "echo \\"$1\\" >> \\"$2\\"", "sh", "${mark}", "FILE"]}}
                """.replace("FILE", stamps.toString()));
        desired.assign(DefinitionKind.TASK, "stamp", Target.ALL);
        for (String member : MEMBERS) {
            desired.setLabels(member, Set.of("line1"), Set.of());
        }
        desired.setLabels(OUTSIDER, Set.of("packing"), Set.of());
        desired.deploy().join();
        await("bundles applied").atMost(WAIT).until(() -> desired.status().stream()
                .allMatch(status -> status.appliedVersion() == 1 && status.refusedVersion() == null));
        for (String member : MEMBERS) {
            awaitLog(member, "taking commands for group line1");
        }

        agents.get("line1-c").stop();
        await("line1-c offline").atMost(WAIT).until(() -> !online("line1-c"));

        Map<String, UUID> runByMark = new LinkedHashMap<>();
        for (int i = 0; i < RUNS; i++) {
            String mark = "mark-" + i;
            RunSnapshot sent = console.runs().runTaskOnGroup("line1", TaskRunRequest.of("stamp",
                    Map.of("mark", mark))).get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(sent.agentId()).as("no agent before the first event").isNull();
            assertThat(sent.group()).isEqualTo("line1");
            runByMark.put(mark, sent.runId());
        }

        List<RunSnapshot> finished = new ArrayList<>();
        for (UUID runId : runByMark.values()) {
            finished.add(awaitFinished(runId));
        }
        assertThat(finished).allSatisfy(run -> {
            assertThat(run.state()).as("%s", run).isEqualTo(RunState.SUCCEEDED);
            assertThat(run.group()).isEqualTo("line1");
            assertThat(run.agentId()).as("the console knows who ran it").isIn("line1-a", "line1-b");
        });
        Map<String, Long> perAgent = finished.stream()
                .collect(Collectors.groupingBy(RunSnapshot::agentId, Collectors.counting()));
        assertThat(perAgent).as("spread over both live members").containsOnlyKeys("line1-a", "line1-b");

        List<String> lines = Files.readAllLines(stamps);
        assertThat(lines).as("every run exactly once").hasSize(RUNS)
                .containsExactlyInAnyOrderElementsOf(runByMark.keySet());
        assertThat(agents.get(OUTSIDER).log()).as("the agent outside the group got nothing")
                .doesNotContain("for group line1").doesNotContain("rejected command");
        assertThat(console.runs().recentRuns(100)).noneMatch(run -> OUTSIDER.equals(run.agentId()));

        assertThatThrownBy(() -> console.runs().runTaskOnGroup("line9", TaskRunRequest.of("stamp",
                Map.of("mark", "x")))).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("group: ");
    }

    private RunSnapshot awaitFinished(UUID runId) throws Exception {
        try {
            await("run " + runId).atMost(WAIT).until(() -> console.runs().run(runId)
                    .map(run -> run.state().isFinal()).orElse(false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder logs = new StringBuilder();
            for (Map.Entry<String, AgentProcess> agent : agents.entrySet()) {
                logs.append("\n--- ").append(agent.getKey()).append(":\n").append(tail(agent.getValue().log()));
            }
            throw new AssertionError(e.getMessage() + "; the console has " + console.runs().run(runId) + logs, e);
        }
        return console.runs().run(runId).orElseThrow();
    }

    private void awaitLog(String agentId, String text) {
        await(agentId + " log with '" + text + "'").atMost(WAIT).until(() -> agents.get(agentId).log().contains(text));
    }

    private boolean online(String agentId) {
        return console.fleet().agent(agentId).map(AgentSnapshot::online).orElse(false);
    }

    private static List<String> allAgents() {
        List<String> all = new ArrayList<>(MEMBERS);
        all.add(OUTSIDER);
        return all;
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
