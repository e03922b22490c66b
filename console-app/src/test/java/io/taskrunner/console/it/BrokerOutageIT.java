package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.broker.EmbeddedBroker;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away while the agent produces events; when it returns, every event arrives once, in order. */
class BrokerOutageIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void brokerStopsWhileAgentProducesEvents_allEventsArriveInOrderNoneTwice() throws Exception {
        try (ConsoleCore console = ConsoleCore.start(
                ConsoleOptions.embedded(dir.resolve("console"), "127.0.0.1", FreePorts.next()), Clock.systemUTC())) {
            Path bundle = dir.resolve("bundle.json");
            console.enrolment().enrolToFile("agent-1", bundle);
            AgentProcess.enroll(bundle, dir.resolve("agent"));
            try (AgentProcess agent = new AgentProcess(dir.resolve("agent")).start()) {
                await().atMost(WAIT).until(() -> console.fleet().agent("agent-1").map(AgentSnapshot::online)
                        .orElse(false));
                // prints 1..120, one line every 50 ms: about 30 output events over 6 s
                UUID runId = console.runs().start(new RunRequest("agent-1", List.of("sh", "-c",
                        "i=1; while [ $i -le 120 ]; do echo line $i; i=$((i+1)); sleep 0.05; done"), null, null,
                        Duration.ofSeconds(60))).join();
                await().atMost(WAIT).until(() -> !console.runs().output(runId).isEmpty());

                EmbeddedBroker broker = console.embeddedBroker().orElseThrow();
                broker.stop();
                // the run goes on and finishes while the broker is down: its events wait in the agent's outbox
                await().atMost(WAIT).until(() -> agent.log().contains("run " + runId + " finished"));
                assertThat(console.runs().run(runId).orElseThrow().state()).isNotEqualTo(RunState.SUCCEEDED);
                broker.start();

                await().atMost(WAIT).until(() -> console.runs().run(runId).orElseThrow().state()
                        == RunState.SUCCEEDED);
                String output = console.runs().output(runId).stream().map(RunOutputChunk::text)
                        .collect(Collectors.joining());
                assertThat(output).isEqualTo(IntStream.rangeClosed(1, 120).mapToObj(i -> "line " + i + "\n")
                        .collect(Collectors.joining()));
                List<Long> seqs = storedSequences(console, "agent-1");
                assertThat(seqs).isEqualTo(LongRange.closed(1, seqs.size()));
                assertThat(console.storedEvents("agent-1", "run.finished")).isEqualTo(1);
            }
        }
    }

    static List<Long> storedSequences(ConsoleCore console, String agentId) throws Exception {
        try (Connection connection = console.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq FROM agent_events WHERE agent_id = ? ORDER BY seq")) {
            query.setString(1, agentId);
            try (ResultSet rows = query.executeQuery()) {
                List<Long> seqs = new ArrayList<>();
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
                return seqs;
            }
        }
    }

    /** 1..n as a list, to compare stored sequence numbers against. */
    static final class LongRange {
        private LongRange() {
        }

        static List<Long> closed(long from, long to) {
            List<Long> values = new ArrayList<>();
            for (long value = from; value <= to; value++) {
                values.add(value);
            }
            return values;
        }
    }
}
