package io.taskrunner.console.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.persistence.EventRepository;
import io.taskrunner.console.service.alerts.AlertRepository;
import io.taskrunner.console.service.alerts.AlertSnapshot;
import io.taskrunner.console.service.alerts.DefaultAlertService;
import io.taskrunner.console.service.fleet.AgentRepository;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunRepository;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.RunUpdateListener;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunOutput;
import io.taskrunner.protocol.message.RunQueued;
import io.taskrunner.protocol.message.RunRetrying;
import io.taskrunner.protocol.message.RunStarted;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task-run events from one agent into H2: in order, once each, never moving a finished run back. */
class EventIngestorTest {
    private static final Instant NOW = Instant.parse("2025-03-01T08:20:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String AGENT = "agent-1";

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    private final ObjectMapper json = new ObjectMapper();
    private final List<UUID> changed = new CopyOnWriteArrayList<>();
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private Database database;
    private DefaultAlertService alerts;
    private final List<AlertSnapshot> changedAlerts = new CopyOnWriteArrayList<>();
    private RunRepository runs;
    private EventIngestor ingestor;
    private final List<byte[]> sentSoFar = new ArrayList<>();
    private long seq;

    @BeforeEach
    void open() {
        database = Database.open(dir);
        runs = new RunRepository(database);
        alerts = new DefaultAlertService(new AlertRepository(database), CLOCK);
        alerts.addListener(changedAlerts::add);
        ingestor = new EventIngestor(database, new AgentRepository(database), runs, new EventRepository(database),
                codec, new Acknowledgements() {
                    @Override
                    public void acknowledge(String agentId, long upToSeq) {
                        acks.add("ack " + upToSeq);
                    }

                    @Override
                    public void requestResend(String agentId, long ackedSeq) {
                        acks.add("resend after " + ackedSeq);
                    }
                }, new RunUpdateListener() {
                    @Override
                    public void runChanged(UUID runId) {
                        changed.add(runId);
                    }

                    @Override
                    public void output(RunOutputChunk chunk) {
                    }
                }, alerts, null, CLOCK);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void taskRun_throughQueueRetryAndResult_isStoredStepByStep() throws Exception {
        UUID runId = pendingTaskRun("weigh-batch");
        long runAt = NOW.plusSeconds(30).toEpochMilli();

        send(new RunQueued(runId, UUID.randomUUID(), "weigh-batch", "scales", runAt, null));
        assertThat(run(runId)).satisfies(run -> {
            assertThat(run.state()).isEqualTo(RunState.QUEUED);
            assertThat(run.channel()).isEqualTo("scales");
            assertThat(run.runAt()).isEqualTo(Instant.ofEpochMilli(runAt));
            assertThat(run.isRetrying()).isFalse();
        });

        send(new RunStarted(runId, 4242, 1));
        assertThat(run(runId).state()).isEqualTo(RunState.RUNNING);
        assertThat(run(runId).attempts()).isEqualTo(1);
        Instant firstStart = run(runId).startedAt();

        long nextAttemptAt = NOW.plusSeconds(10).toEpochMilli();
        send(new RunRetrying(runId, 1, RunState.FAILED, 3, "exit code 3", nextAttemptAt));
        assertThat(run(runId)).satisfies(run -> {
            assertThat(run.isRetrying()).isTrue();
            assertThat(run.state()).as("the run stays active").isEqualTo(RunState.QUEUED);
            assertThat(run.state().isFinal()).isFalse();
            assertThat(run.attempts()).isEqualTo(1);
            assertThat(run.error()).isEqualTo("exit code 3");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.nextAttemptAt()).isEqualTo(Instant.ofEpochMilli(nextAttemptAt));
        });

        send(new RunStarted(runId, 4243, 2));
        assertThat(run(runId)).satisfies(run -> {
            assertThat(run.state()).isEqualTo(RunState.RUNNING);
            assertThat(run.attempts()).isEqualTo(2);
            assertThat(run.isRetrying()).isFalse();
            assertThat(run.nextAttemptAt()).isNull();
            assertThat(run.startedAt()).as("the first start is kept").isEqualTo(firstStart);
        });

        send(new RunFinished(runId, RunState.SUCCEEDED, null, 1500, 0, false, null, "weigh-batch", 2,
                json.readTree("{\"rowCount\":1,\"rows\":[{\"id\":1,\"weight\":12.5}]}")));
        assertThat(run(runId)).satisfies(run -> {
            assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(run.attempts()).isEqualTo(2);
            assertThat(run.error()).isNull();
            assertThat(run.exitCode()).isNull();
            assertThat(run.durationMs()).isEqualTo(1500);
            assertThat(json.readTree(run.result())).isEqualTo(json.readTree(
                    "{\"rowCount\":1,\"rows\":[{\"id\":1,\"weight\":12.5}]}"));
            assertThat(run.nextAttemptAt()).isNull();
        });
        assertThat(changed).containsOnly(runId).hasSize(5);
        assertThat(acks).containsExactly("ack 1", "ack 2", "ack 3", "ack 4", "ack 5");
    }

    @Test
    void everyEventSentTwice_changesTheRunOnce() throws Exception {
        UUID runId = pendingTaskRun("sum");
        send(new RunQueued(runId, null, "sum", "default", null, null));
        send(new RunStarted(runId, 0, 1));
        send(new RunRetrying(runId, 1, RunState.TIMED_OUT, null, "timed out", NOW.toEpochMilli()));
        send(new RunStarted(runId, 0, 2));
        send(new RunFinished(runId, RunState.SUCCEEDED, null, 10, 0, false, null, "sum", 2,
                json.readTree("{\"sum\":5}")));
        RunSnapshot before = run(runId);
        changed.clear();

        for (byte[] payload : sentSoFar) {
            ingestor.accept(AGENT, payload);
        }

        assertThat(run(runId)).isEqualTo(before);
        assertThat(changed).isEmpty();
        assertThat(acks).endsWith("ack 5", "ack 5");
    }

    @Test
    void lateRetryOrStart_afterTheRunFinished_doesNotReopenIt() throws Exception {
        UUID runId = pendingTaskRun("sum");
        send(new RunFinished(runId, RunState.FAILED, 1, 10, 0, false, "exit code 1", "sum", 3, null));

        send(new RunRetrying(runId, 3, RunState.FAILED, 1, "late", NOW.toEpochMilli()));
        send(new RunStarted(runId, 0, 4));

        RunSnapshot run = run(runId);
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.attempts()).isEqualTo(3);
        assertThat(run.error()).isEqualTo("exit code 1");
        assertThat(run.isRetrying()).isFalse();
    }

    @Test
    void interruptedRun_isStoredAsFinal() {
        UUID runId = pendingTaskRun("long-job");
        send(new RunStarted(runId, 99, 1));

        send(new RunFinished(runId, RunState.INTERRUPTED, null, 5000, 12, false, "the agent stopped", "long-job", 1,
                null));

        RunSnapshot run = run(runId);
        assertThat(run.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(run.state().isFinal()).isTrue();
        assertThat(run.error()).isEqualTo("the agent stopped");
        assertThat(run.result()).isNull();
    }

    @Test
    void runMergedIntoAnother_remembersWhichOne() {
        UUID first = pendingTaskRun("refresh");
        UUID second = pendingTaskRun("refresh");
        send(new RunQueued(first, null, "refresh", "distinct", null, null));

        send(new RunQueued(second, null, "refresh", "distinct", null, first));

        assertThat(run(second).mergedInto()).isEqualTo(first);
        assertThat(run(second).state()).isEqualTo(RunState.QUEUED);
        assertThat(run(first).mergedInto()).isNull();
    }

    @Test
    void taskRunTheAgentStartedOnItsOwn_isStoredWhenItIsQueued() {
        UUID runId = UUID.randomUUID();

        send(new RunQueued(runId, null, "scale-trigger", "scales", null, null));
        send(new RunOutput(runId, OutputStreamName.STDOUT, "12.5 kg\n"));
        send(new RunFinished(runId, RunState.SUCCEEDED, 0, 20, 8, false, null, "scale-trigger", 1, null));

        RunSnapshot run = run(runId);
        assertThat(run.agentId()).isEqualTo(AGENT);
        assertThat(run.taskName()).isEqualTo("scale-trigger");
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.argv()).isEmpty();
        assertThat(runs.output(runId)).extracting(RunOutputChunk::text).containsExactly("12.5 kg\n");
    }

    @Test
    void queuedEventWithoutATask_forAnUnknownRun_storesNothing() {
        UUID runId = UUID.randomUUID();

        send(new RunQueued(runId, UUID.randomUUID()));

        assertThat(runs.find(runId)).isEmpty();
        assertThat(acks).containsExactly("ack 1");
    }

    @Test
    void finishedEvent_fillsInTheTaskName_ofARunStoredWithoutOne() {
        UUID runId = UUID.randomUUID();
        runs.insertPending(runId, UUID.randomUUID(), AGENT, List.of("echo", "x"), null, NOW);

        send(new RunFinished(runId, RunState.SUCCEEDED, 0, 5, 2, false, null, null, 0, null));

        assertThat(run(runId).taskName()).isNull();
        assertThat(run(runId).argv()).containsExactly("echo", "x");
        assertThat(run(runId).attempts()).isZero();
    }

    @Test
    void eventAfterAGap_isNotApplied_andAResendIsAsked() {
        UUID runId = pendingTaskRun("sum");
        seq = 1;

        send(new RunStarted(runId, 1, 1));

        assertThat(run(runId).state()).isEqualTo(RunState.PENDING);
        assertThat(acks).containsExactly("resend after 0");
    }

    @Test
    void alert_isStoredOnce_andItsRecoveryClosesTheIncident() {
        UUID incident = UUID.randomUUID();
        send(new AlertRaised(incident, "keep-hmi-alive", AlertSeverity.CRITICAL, "HMI stopped", false));
        ingestor.accept(AGENT, sentSoFar.getLast());

        assertThat(alerts.open()).singleElement().satisfies(alert -> {
            assertThat(alert.incidentId()).isEqualTo(incident);
            assertThat(alert.agentId()).isEqualTo(AGENT);
            assertThat(alert.rule()).isEqualTo("keep-hmi-alive");
            assertThat(alert.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(alert.message()).isEqualTo("HMI stopped");
            assertThat(alert.raisedAt()).isEqualTo(NOW);
        });
        assertThat(changedAlerts).hasSize(1);

        send(new AlertRaised(incident, "keep-hmi-alive", AlertSeverity.CRITICAL, "HMI running again", true));

        assertThat(alerts.open()).isEmpty();
        assertThat(alerts.recent(10)).singleElement().satisfies(alert -> {
            assertThat(alert.isOpen()).isFalse();
            assertThat(alert.recoveredAt()).isEqualTo(NOW);
            assertThat(alert.recoveryMessage()).isEqualTo("HMI running again");
        });
        assertThat(changedAlerts).hasSize(2);
        assertThat(acks).endsWith("ack 2");
    }

    @Test
    void recovery_ofAnIncidentThisConsoleNeverSaw_isKeptAsAClosedIncident() {
        UUID incident = UUID.randomUUID();
        send(new AlertRaised(incident, "port-502", AlertSeverity.WARNING, "Modbus port answers again", true));

        assertThat(alerts.open()).isEmpty();
        assertThat(alerts.recent(5)).singleElement().satisfies(alert -> {
            assertThat(alert.incidentId()).isEqualTo(incident);
            assertThat(alert.recoveredAt()).isEqualTo(NOW);
            assertThat(alert.recoveryMessage()).isEqualTo("Modbus port answers again");
        });
    }

    @Test
    void acknowledge_marksTheIncidentOnce() {
        UUID incident = UUID.randomUUID();
        send(new AlertRaised(incident, "disk-free", AlertSeverity.WARNING, "Disk / has 4% free", false));

        assertThat(alerts.acknowledge(incident, "  shift lead ")).isTrue();
        assertThat(alerts.acknowledge(incident, "someone else")).isFalse();
        assertThat(alerts.acknowledge(UUID.randomUUID(), "shift lead")).isFalse();
        assertThat(alerts.open()).singleElement().satisfies(alert -> {
            assertThat(alert.acknowledgedBy()).isEqualTo("shift lead");
            assertThat(alert.acknowledgedAt()).isEqualTo(NOW);
        });
    }

    private UUID pendingTaskRun(String task) {
        UUID runId = UUID.randomUUID();
        runs.insertPendingTask(runId, UUID.randomUUID(), AGENT, task, Map.of(), NOW.minusSeconds(5));
        return runId;
    }

    private void send(MessageBody body) {
        byte[] payload = codec.encode(Envelope.event(body, ++seq, CLOCK));
        sentSoFar.add(payload);
        ingestor.accept(AGENT, payload);
    }

    private RunSnapshot run(UUID runId) {
        return runs.find(runId).orElseThrow();
    }
}
