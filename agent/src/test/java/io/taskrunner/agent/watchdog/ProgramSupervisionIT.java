package io.taskrunner.agent.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.protocol.definition.watchdog.Backoff;
import io.taskrunner.protocol.definition.watchdog.RestartBudget;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supervised programs: real processes started by the watchdog, killed with the real {@code kill -9}. */
class ProgramSupervisionIT {
    private static final Backoff QUICK = new Backoff(10, 50, 2, 60);

    @TempDir
    Path dir;
    private WatchdogHarness harness;
    private final List<Long> started = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHarness() {
        harness = WatchdogHarness.start(dir);
        harness.engine.onProgramEvents(new ProgramEvents() {
            @Override
            public void started(String rule, long pid) {
                started.add(pid);
            }
        });
    }

    @AfterEach
    void closeHarness() {
        harness.close();
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void programKilledWithKill9_isRestarted_withANewPid() throws Exception {
        harness.engine.update(List.of(Rules.program("sleeper", null, QUICK, "sleep", "100000")));
        harness.engine.start();
        long first = awaitPid("sleeper");

        kill9(first);

        long second = await().atMost(Duration.ofSeconds(10))
                .until(() -> harness.engine.pid("sleeper").orElse(0), pid -> pid != 0 && pid != first);
        assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive)).contains(true);
        RuleStatus status = harness.engine.status().getFirst();
        assertThat(status.health()).isEqualTo(RuleHealth.HEALTHY);
        assertThat(status.restarts()).isEqualTo(1);
        assertThat(harness.alerts()).isEmpty();
    }

    @Test
    void crashLoop_stopsAfterItsBudget_andRaisesExactlyOneAlert() {
        harness.engine.update(List.of(Rules.program("crasher", new RestartBudget(3, 600), QUICK,
                "sh", "-c", "exit 1")));
        harness.engine.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> harness.engine.status().getFirst().health(),
                health -> health == RuleHealth.GIVEN_UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.alerts().size() == 1);
        harness.engine.close();

        List<AlertRaised> alerts = harness.alerts();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.getFirst().recovered()).isFalse();
        assertThat(alerts.getFirst().rule()).isEqualTo("crasher");
        assertThat(alerts.getFirst().severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(alerts.getFirst().message()).contains("crasher").contains("3 restarts").contains("exit code 1");
        assertThat(harness.notified).containsExactly(alerts.getFirst());
        assertThat(started).as("the first start and three restarts").hasSize(4);
    }

    @Test
    void givenUpProgram_thatRunsStableAfterItsRuleChanged_closesTheIncident() {
        Backoff stableAfterOneSecond = new Backoff(10, 50, 2, 1);
        harness.engine.update(List.of(Rules.program("flaky", new RestartBudget(1, 600), stableAfterOneSecond,
                "sh", "-c", "exit 3")));
        harness.engine.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 1);
        assertThat(harness.engine.status().getFirst().openIncident()).isNotNull();

        harness.engine.update(List.of(Rules.program("flaky", new RestartBudget(1, 600), stableAfterOneSecond,
                "sleep", "100000")));

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 2);
        List<AlertRaised> alerts = harness.alerts();
        assertThat(alerts.get(1).recovered()).isTrue();
        assertThat(alerts.get(1).incidentId()).isEqualTo(alerts.get(0).incidentId());
        assertThat(harness.notified).hasSize(2);
        assertThat(harness.engine.status().getFirst().openIncident()).isNull();
    }

    @Test
    void unchangedRule_keepsItsProcess_andRemovedRule_stopsIt() {
        WatchdogRule rule = Rules.program("keeper", null, QUICK, "sleep", "100000");
        harness.engine.update(List.of(rule));
        harness.engine.start();
        long pid = awaitPid("keeper");

        harness.engine.update(List.of(Rules.program("keeper", null, QUICK, "sleep", "100000")));
        assertThat(harness.engine.pid("keeper")).hasValue(pid);

        harness.engine.update(List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).isEmpty()
                || !ProcessHandle.of(pid).get().isAlive());
        assertThat(harness.engine.status()).isEmpty();
    }

    @Test
    void close_stopsAProgramThatIgnoresSigterm_byKillingItAfterItsGrace() throws Exception {
        Path ready = dir.resolve("ready");
        harness.engine.update(List.of(Rules.program("stubborn", null, QUICK, "sh", "-c",
                "trap '' TERM; touch " + ready + "; while true; do sleep 1; done")));
        harness.engine.start();
        long pid = awaitPid("stubborn");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));

        long start = System.nanoTime();
        harness.engine.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500),
                Duration.ofSeconds(10));
    }

    @Test
    void programOutput_goesToItsLogFile() {
        harness.engine.update(List.of(Rules.program("talker", null, QUICK, "sh", "-c",
                "echo hello from the program; exec sleep 100000")));
        harness.engine.start();
        Path log = dir.resolve("watchdog").resolve("talker.log");

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                && Files.readString(log, StandardCharsets.UTF_8).contains("hello from the program"));
    }

    @Test
    void programThatCannotStart_givesUpAfterItsBudget_andTheAlertSaysWhy() {
        harness.engine.update(List.of(Rules.program("missing", new RestartBudget(2, 600), QUICK,
                "/nonexistent/watchdog-test-program")));
        harness.engine.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> harness.alerts().size() == 1);

        assertThat(harness.alerts().getFirst().message()).contains("cannot be started")
                .contains("/nonexistent/watchdog-test-program");
        assertThat(harness.engine.status().getFirst().health()).isEqualTo(RuleHealth.GIVEN_UP);
        assertThat(started).isEmpty();
    }

    private long awaitPid(String rule) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> harness.engine.pid(rule).orElse(0),
                pid -> pid != 0);
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
