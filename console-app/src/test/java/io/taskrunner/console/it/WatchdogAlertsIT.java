package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.service.alerts.AlertSnapshot;
import io.taskrunner.console.service.broker.EmbeddedBroker;
import io.taskrunner.protocol.message.AlertSeverity;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watchdog rule on a real agent process watches a real TCP port on loopback. Its incident reaches the console's
 * H2 over the agents' alerts topic, its recovery closes it, and an incident raised while the broker is down arrives
 * when the broker is back.
 */
class WatchdogAlertsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void portIncident_isRaisedOnce_closedOnRecovery_andSurvivesABrokerOutage() throws Exception {
        int port = FreePorts.next();
        String definitions = """
                {"watchdog": [{"name": "scale-port", "check": {"type": "port", "host": "127.0.0.1", "port": PORT,
                   "timeoutMillis": 500}, "intervalSeconds": 1, "threshold": {"failures": 2},
                   "actions": [{"type": "alert", "severity": "critical"}], "alert": {"language": "zh-CN"}}]}
                """.replace("PORT", Integer.toString(port));
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, definitions)) {
            AlertSnapshot raised = awaitOpen(fixture, 1).getFirst();
            assertThat(raised.rule()).isEqualTo("scale-port");
            assertThat(raised.agentId()).isEqualTo(ConsoleAndAgent.AGENT_ID);
            assertThat(raised.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(raised.message()).as("in the rule's language").contains("scale-port").contains("端口");

            try (ServerSocket scale = new ServerSocket()) {
                scale.bind(new InetSocketAddress("127.0.0.1", port));
                await("recovery").atMost(WAIT).until(() -> fixture.console().alerts().open().isEmpty());
            }
            assertThat(fixture.console().alerts().recent(10)).singleElement().satisfies(closed -> {
                assertThat(closed.incidentId()).isEqualTo(raised.incidentId());
                assertThat(closed.recoveredAt()).isNotNull();
            });

            EmbeddedBroker broker = fixture.console().embeddedBroker().orElseThrow();
            try (ServerSocket scale = new ServerSocket()) {
                scale.bind(new InetSocketAddress("127.0.0.1", port));
                broker.stop();
                fixture.awaitAgentLog("disconnected from", 1);
            }
            // the port is closed again while the broker is down: the agent raises the incident into its outbox
            fixture.awaitAgentLog("raised incident", 2);
            assertThat(fixture.console().alerts().open()).isEmpty();
            broker.start();

            List<AlertSnapshot> open = awaitOpen(fixture, 1);
            assertThat(open.getFirst().incidentId()).isNotEqualTo(raised.incidentId());
            assertThat(fixture.console().alerts().recent(10)).hasSize(2);
        }
    }

    private static List<AlertSnapshot> awaitOpen(ConsoleAndAgent fixture, int count) {
        await("open incidents").atMost(WAIT).until(() -> fixture.console().alerts().open().size() == count);
        return fixture.console().alerts().open();
    }
}
