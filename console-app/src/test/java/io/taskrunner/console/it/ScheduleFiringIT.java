package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.service.broker.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule on a real agent process fires every second through a broker outage: the runs go on, and every firing
 * reaches the console once, in order, after the broker returns.
 */
class ScheduleFiringIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void scheduleKeepsFiringWhileTheBrokerIsDown_andEveryFiringArrivesAfterwards() throws Exception {
        Path marker = dir.resolve("ticks.txt");
        String definitions = """
                {"tasks": [{"name": "stamp", "type": "command",
                   "spec": {"program": "sh", "args": ["-c", "echo tick >> \\"$1\\"", "sh", "MARKER"]}}],
                 "schedules": [{"name": "every-second", "task": "stamp", "every": "PT1S"}]}
                """.replace("MARKER", marker.toString());
        try (ConsoleAndAgent fixture = ConsoleAndAgent.start(dir, definitions)) {
            await("first firings stored").atMost(WAIT)
                    .until(() -> fixture.console().storedEvents(ConsoleAndAgent.AGENT_ID, "schedule.fired") >= 2);

            EmbeddedBroker broker = fixture.console().embeddedBroker().orElseThrow();
            broker.stop();
            fixture.awaitAgentLog("disconnected from", 1);
            long storedBefore = fixture.console().storedEvents(ConsoleAndAgent.AGENT_ID, "schedule.fired");
            long ticksAtOutage = ticks(marker);
            await("ticks while the broker is down").atMost(WAIT).until(() -> ticks(marker) >= ticksAtOutage + 3);
            assertThat(fixture.console().storedEvents(ConsoleAndAgent.AGENT_ID, "schedule.fired"))
                    .isEqualTo(storedBefore);
            broker.start();

            long ticksAfter = ticks(marker);
            await("firings of the outage stored").atMost(WAIT).until(() ->
                    fixture.console().storedEvents(ConsoleAndAgent.AGENT_ID, "schedule.fired") >= ticksAfter);
            List<Long> seqs = BrokerOutageIT.storedSequences(fixture.console(), ConsoleAndAgent.AGENT_ID);
            assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
        }
    }

    private static long ticks(Path marker) throws Exception {
        return Files.exists(marker) ? Files.readAllLines(marker).size() : 0;
    }
}
