package io.taskrunner.agent.engine;

import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.store.OutboxEntry;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A real engine over a real agent store in a folder, with the events it recorded readable back from the outbox. */
final class EngineHarness implements AutoCloseable {
    final Path dir;
    final AgentStore store;
    final MessageCodec codec = new MessageCodec();
    final DefinitionRegistry definitions = new DefinitionRegistry();
    final RunEngine engine;
    final RunLogs logs;

    private EngineHarness(Path dir, DefinitionSet set, List<TaskExecutor> executors, Duration grace,
            Set<TaskType> allowed) {
        this.dir = dir;
        this.store = AgentStore.open(dir.resolve("agent-store.mv.db"));
        EventLog events = new EventLog(store.outbox(), codec, Clock.systemUTC());
        definitions.setLocal(set);
        logs = new RunLogs(dir.resolve("logs"), Clock.systemUTC(), 14);
        engine = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(), codec.mapper()),
                definitions, new TaskExecutors(executors, allowed), new TestRun.Services(null, null, dir), dir.resolve("work"),
                logs, Clock.systemUTC(), codec.mapper(), grace);
        engine.start();
    }

    static EngineHarness start(Path dir, DefinitionSet set, List<TaskExecutor> executors) {
        return new EngineHarness(dir, set, executors, Duration.ofSeconds(5), EnumSet.allOf(TaskType.class));
    }

    static EngineHarness start(Path dir, DefinitionSet set, List<TaskExecutor> executors, Duration grace) {
        return new EngineHarness(dir, set, executors, grace, EnumSet.allOf(TaskType.class));
    }

    /** An engine on an agent that runs only tasks of the {@code allowed} types. */
    static EngineHarness start(Path dir, DefinitionSet set, List<TaskExecutor> executors, Set<TaskType> allowed) {
        return new EngineHarness(dir, set, executors, Duration.ofSeconds(5), allowed);
    }

    List<MessageBody> events() {
        // events leave the outbox once on disk; flush what was recorded so far so the test sees all of it
        store.outbox().awaitDurable(store.outbox().lastSeq());
        List<OutboxEntry> entries = store.outbox().pendingAfter(0, Integer.MAX_VALUE);
        return entries.stream().<MessageBody>map(entry -> codec.decode(entry.payload()).body()).toList();
    }

    <T extends MessageBody> List<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends MessageBody> List<T> eventsOf(UUID runId, Class<T> type) {
        return events(type).stream().filter(event -> runIdOf(event).equals(runId)).toList();
    }

    Optional<RunFinished> finished(UUID runId) {
        return events(RunFinished.class).stream().filter(f -> f.runId().equals(runId)).findFirst();
    }

    RunFinished awaitFinished(UUID runId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> finished(runId), Optional::isPresent).get();
    }

    List<Envelope<?>> envelopes() {
        store.outbox().awaitDurable(store.outbox().lastSeq());
        return store.outbox().pendingAfter(0, Integer.MAX_VALUE).stream()
                .<Envelope<?>>map(entry -> codec.decode(entry.payload())).toList();
    }

    private static UUID runIdOf(MessageBody body) {
        try {
            return (UUID) body.getClass().getMethod("runId").invoke(body);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(body.getClass() + " has no runId", e);
        }
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
