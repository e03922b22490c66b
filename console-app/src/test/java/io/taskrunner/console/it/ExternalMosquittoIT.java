package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.pki.CertificateAuthority;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console and agent on an external broker (Debian's mosquitto with TLS). The console core is down while the agent
 * produces 3,000 events, three times what mosquitto queues for an offline client (1,000, then it drops silently);
 * after the console starts again every one of them is in H2, once.
 */
class ExternalMosquittoIT {
    private static final int RUNS = 750;
    private static final int EVENTS_PER_RUN = 4; // queued, started, output, finished
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final List<String> RUN_EVENT_TYPES =
            List.of("run.queued", "run.started", "run.output", "run.finished");

    @TempDir
    Path dir;

    @Test
    void consoleDownWhileAgentProduces3000Events_allArriveInH2_noneTwice() throws Exception {
        Path consoleDir = dir.resolve("console");
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(consoleDir.resolve("pki"),
                ConsoleCore.CA_NAME);
        try (MosquittoBroker mosquitto = new MosquittoBroker(dir.resolve("mosquitto"), FreePorts.next()).start(ca)) {
            ConsoleOptions options = ConsoleOptions.external(consoleDir, "localhost", mosquitto.port());
            List<UUID> runIds = new ArrayList<>();
            AgentProcess agent;
            try (ConsoleCore console = ConsoleCore.start(options, Clock.systemUTC())) {
                Path bundle = dir.resolve("bundle.json");
                console.enrolment().enrolToFile("agent-m", bundle);
                AgentProcess.enroll(bundle, dir.resolve("agent"));
                agent = new AgentProcess(dir.resolve("agent")).start();
                await("agent online via mosquitto").atMost(WAIT).until(() -> console.fleet().agent("agent-m")
                        .map(AgentSnapshot::online).orElse(false));
                UUID first = console.runs().start(new RunRequest("agent-m", List.of("echo", "warm-up"), null, null,
                        Duration.ofSeconds(30))).join();
                await().atMost(WAIT).until(() -> console.runs().run(first).orElseThrow().state()
                        == RunState.SUCCEEDED);

                // the commands wait in the agent's session while it is stopped; then the console goes away too
                agent.stop();
                List<CompletableFuture<UUID>> sent = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    sent.add(console.runs().start(new RunRequest("agent-m", List.of("echo", "run " + i), null, null,
                            Duration.ofSeconds(60))));
                }
                sent.forEach(future -> runIds.add(future.join()));
            }
            long eventsBefore = 4;

            agent = new AgentProcess(dir.resolve("agent")).start();
            try (AgentProcess running = agent) {
                AgentProcess watched = running;
                await("agent ran all " + RUNS + " commands with the console down").atMost(WAIT)
                        .until(() -> watched.log().split("finished: succeeded", -1).length - 1 >= RUNS);

                try (ConsoleCore console = ConsoleCore.start(options, Clock.systemUTC())) {
                    long runEvents = eventsBefore + (long) RUNS * EVENTS_PER_RUN;
                    await("all run events stored").atMost(WAIT).until(() -> RUN_EVENT_TYPES.stream()
                            .mapToLong(type -> console.storedEvents("agent-m", type)).sum() >= runEvents);
                    // every run event exactly once; other events (e.g. a redelivered command refused as a replay)
                    // may come on top, but the sequence has no gap and no duplicate
                    for (String type : RUN_EVENT_TYPES) {
                        assertThat(console.storedEvents("agent-m", type)).as(type).isEqualTo(RUNS + 1);
                    }
                    List<Long> seqs = BrokerOutageIT.storedSequences(console, "agent-m");
                    assertThat(seqs.size()).isGreaterThanOrEqualTo((int) runEvents);
                    assertThat(seqs).isEqualTo(BrokerOutageIT.LongRange.closed(1, seqs.size()));
                    for (UUID runId : runIds) {
                        RunSnapshot run = console.runs().run(runId).orElseThrow();
                        assertThat(run.state()).as("run %s", runId).isEqualTo(RunState.SUCCEEDED);
                    }
                    assertThat(console.storedEvents("agent-m", "run.output")).isEqualTo(RUNS + 1);
                }
            }
        }
    }
}
