package io.taskrunner.agent.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.watchdog.check.TopicMessages;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.watchdog.AlertAction;
import io.taskrunner.protocol.definition.watchdog.AlertLevel;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.definition.watchdog.FileAgeCheck;
import io.taskrunner.protocol.definition.watchdog.PortCheck;
import io.taskrunner.protocol.definition.watchdog.RestartAction;
import io.taskrunner.protocol.definition.watchdog.RestartPcAction;
import io.taskrunner.protocol.definition.watchdog.RunTaskAction;
import io.taskrunner.protocol.definition.watchdog.TaskCheck;
import io.taskrunner.protocol.definition.watchdog.Threshold;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incidents, alerts and the escalation ladder of checked rules, with real sockets, files, tasks and programs. */
class WatchdogIncidentsIT {
    private static final AlertTargets IN_TRADITIONAL_CHINESE = new AlertTargets(null, null, "zh-TW", null, null);

    @TempDir
    Path dir;
    private WatchdogHarness harness;

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void failingCheckThatRecovers_raisesOneAlert_thenOneRecovery_withTheSameIncident() throws Exception {
        harness = WatchdogHarness.start(dir);
        int port = freePort();
        harness.engine.update(List.of(Rules.checked("db-port", new PortCheck("127.0.0.1", port, 500), null,
                IN_TRADITIONAL_CHINESE, new AlertAction(AlertLevel.WARNING))));
        harness.engine.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 1);
        // a few more failing checks: still the one alert
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.engine.status().getFirst().failures() >= 3);
        assertThat(harness.alerts()).hasSize(1);
        try (ServerSocket listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 2);
        }

        List<AlertRaised> alerts = harness.alerts();
        assertThat(alerts.get(0).recovered()).isFalse();
        assertThat(alerts.get(0).severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(alerts.get(0).message()).startsWith("看門狗規則 db-port：TCP 連接埠 127.0.0.1:" + port);
        assertThat(alerts.get(1).recovered()).isTrue();
        assertThat(alerts.get(1).incidentId()).isEqualTo(alerts.get(0).incidentId());
        assertThat(alerts.get(1).message()).isEqualTo("看門狗規則 db-port 已恢復正常。");
        assertThat(harness.notified).containsExactlyElementsOf(alerts);
        assertThat(harness.notifiedTargets).containsOnly(IN_TRADITIONAL_CHINESE);
        assertThat(harness.engine.status().getFirst().health()).isEqualTo(RuleHealth.HEALTHY);
    }

    @Test
    void openIncident_survivesARestart_withoutBeingRaisedAgain_andIsClosedOnRecovery() throws Exception {
        harness = WatchdogHarness.start(dir);
        int port = freePort();
        WatchdogRule rule = Rules.checked("api-port", new PortCheck("127.0.0.1", port, 500), null, null,
                new AlertAction(null));
        harness.engine.update(List.of(rule));
        harness.engine.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 1);

        WatchdogEngine restarted = harness.restartEngine();
        restarted.update(List.of(rule));
        restarted.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.status().getFirst().failures() >= 2);
        assertThat(harness.alerts()).hasSize(1);
        assertThat(restarted.status().getFirst().openIncident()).isEqualTo(harness.alerts().getFirst().incidentId());

        try (ServerSocket listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 2);
        }
        assertThat(harness.alerts().get(1).incidentId()).isEqualTo(harness.alerts().get(0).incidentId());
        assertThat(harness.alerts().get(1).recovered()).isTrue();
    }

    @Test
    void ladder_climbsOneStepPerFailure_afterTheThreshold_runTaskThenRestartPcThenAlert() {
        Path marker = dir.resolve("fixed");
        harness = new WatchdogHarness(dir, Clock.systemUTC(), TopicMessages.NONE,
                List.of(TaskDefinition.of("fix", new ShellTask("touch " + marker, null))));
        harness.engine.update(List.of(Rules.checked("heartbeat", new FileAgeCheck(dir.resolve("beat").toString(), 60),
                new Threshold(2, 0), null, new RunTaskAction("fix", Map.of()), new RestartPcAction(120, "bye"),
                new AlertAction(AlertLevel.CRITICAL))));
        harness.engine.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.alerts().size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.powerRequests.size() == 1);

        List<MessageBody> events = harness.events();
        List<String> steps = events.stream().map(event -> switch (event) {
            case RunQueued queued -> "run " + queued.task();
            case AlertRaised alert -> "alert";
            default -> "";
        }).filter(step -> !step.isEmpty()).toList();
        assertThat(steps).containsExactly("run fix", "run " + Escalation.RESTART_PC_TASK, "alert");
        assertThat(Files.exists(marker)).as("the fix task ran").isTrue();
        assertThat(harness.powerRequests).containsExactly("restart 120 bye");
        assertThat(harness.engine.status().getFirst().failures()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void taskCheck_failsWhileTheTaskFails_andRecoversWhenItSucceeds() throws Exception {
        Path healthy = dir.resolve("healthy");
        harness = new WatchdogHarness(dir, Clock.systemUTC(), TopicMessages.NONE,
                List.of(TaskDefinition.of("probe", new ShellTask("test -f " + healthy, null))));
        harness.engine.update(List.of(Rules.checked("probe-task", new TaskCheck("probe", null), null, null,
                new AlertAction(null))));
        harness.engine.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.alerts().size() == 1);
        assertThat(harness.alerts().getFirst().message()).contains("Task probe ended with exit code 1");
        Files.writeString(healthy, "yes");
        await().atMost(Duration.ofSeconds(20)).until(() -> harness.alerts().size() == 2);
        assertThat(harness.alerts().get(1).recovered()).isTrue();
        assertThat(harness.finishedRuns()).extracting(finished -> finished.state())
                .contains(RunState.FAILED, RunState.SUCCEEDED);
    }

    @Test
    void restartStep_restartsTheProgramOfTheNamedRule() {
        harness = WatchdogHarness.start(dir);
        harness.engine.update(List.of(
                Rules.program("server", null, null, "sleep", "100000"),
                Rules.checked("server-alive", new FileAgeCheck(dir.resolve("server.beat").toString(), 60),
                        new Threshold(1, 0), null, new RestartAction("server"))));
        harness.engine.start();
        long first = await().atMost(Duration.ofSeconds(10)).until(() -> harness.engine.pid("server").orElse(0),
                pid -> pid != 0);

        long second = await().atMost(Duration.ofSeconds(10))
                .until(() -> harness.engine.pid("server").orElse(0), pid -> pid != 0 && pid != first);

        assertThat(second).isNotEqualTo(first);
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void removingARuleWithAnOpenIncident_closesIt() throws Exception {
        harness = WatchdogHarness.start(dir);
        harness.engine.update(List.of(Rules.checked("gone", new PortCheck("127.0.0.1", freePort(), 500), null, null,
                new AlertAction(null))));
        harness.engine.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 1);

        harness.engine.update(List.of());

        assertThat(harness.alerts()).hasSize(2);
        assertThat(harness.alerts().get(1).recovered()).isTrue();
        assertThat(harness.alerts().get(1).message()).contains("was removed");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
