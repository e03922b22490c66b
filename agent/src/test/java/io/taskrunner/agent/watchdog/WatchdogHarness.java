package io.taskrunner.agent.watchdog;

import io.taskrunner.agent.alert.AlertNotifier;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.store.OutboxEntry;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.agent.task.power.PowerControl;
import io.taskrunner.agent.task.power.PowerTaskExecutor;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.agent.task.process.ShellTaskExecutor;
import io.taskrunner.agent.watchdog.check.TopicMessages;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A watchdog over a real agent store, event log and run engine (command, shell and power tasks; the power task's
 * OS control only records what it was asked), with a notifier that records what it was given.
 */
final class WatchdogHarness implements AutoCloseable {
    final Path dir;
    final AgentStore store;
    final MessageCodec codec = new MessageCodec();
    final EventLog events;
    final RunEngine runs;
    final List<AlertRaised> notified = new CopyOnWriteArrayList<>();
    final List<AlertTargets> notifiedTargets = new CopyOnWriteArrayList<>();
    final List<String> powerRequests = new CopyOnWriteArrayList<>();
    final ModbusSlaves modbus = new ModbusSlaves(Clock.systemUTC());
    private final Clock clock;
    private final TopicMessages topics;
    WatchdogEngine engine;

    WatchdogHarness(Path dir, Clock clock, TopicMessages topics, List<TaskDefinition> tasks) {
        this.dir = dir;
        this.clock = clock;
        this.topics = topics;
        this.store = AgentStore.open(dir.resolve("agent-store.mv.db"));
        this.events = new EventLog(store.outbox(), codec, clock);
        DefinitionRegistry definitions = new DefinitionRegistry();
        definitions.setLocal(new DefinitionSet(tasks, null, null, null, null));
        ProcessExecutor processes = new ProcessExecutor();
        runs = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(), codec.mapper()),
                definitions, new TaskExecutors(List.of(new CommandTaskExecutor(processes),
                        new ShellTaskExecutor(processes), new PowerTaskExecutor(new RecordingPower()))),
                new TestRun.Services(null, null, dir), dir.resolve("work"),
                new RunLogs(dir.resolve("logs"), Clock.systemUTC(), 14), Clock.systemUTC(), codec.mapper(),
                Duration.ofSeconds(5));
        runs.start();
        engine = newEngine();
    }

    static WatchdogHarness start(Path dir) {
        return new WatchdogHarness(dir, Clock.systemUTC(), TopicMessages.NONE, List.of());
    }

    private WatchdogEngine newEngine() {
        AlertNotifier notifier = (alert, targets) -> {
            notified.add(alert);
            notifiedTargets.add(targets);
        };
        return new WatchdogEngine(new WatchdogEngine.Parts(clock, dir, events,
                store.records(WatchdogEngine.STORE_MAP), codec.mapper(), notifier, runs, topics, modbus));
    }

    /** Closes the watchdog and makes a new one over the same store, as an agent restart would. */
    WatchdogEngine restartEngine() {
        engine.close();
        engine = newEngine();
        return engine;
    }

    List<MessageBody> events() {
        store.outbox().awaitDurable(store.outbox().lastSeq());
        List<OutboxEntry> entries = store.outbox().pendingAfter(0, Integer.MAX_VALUE);
        return entries.stream().<MessageBody>map(entry -> codec.decode(entry.payload()).body()).toList();
    }

    List<AlertRaised> alerts() {
        return events().stream().filter(AlertRaised.class::isInstance).map(AlertRaised.class::cast).toList();
    }

    List<RunFinished> finishedRuns() {
        return events().stream().filter(RunFinished.class::isInstance).map(RunFinished.class::cast).toList();
    }

    @Override
    public void close() {
        engine.close();
        runs.close();
        modbus.close();
        store.close();
    }

    /** The PC is never restarted by a test: the request is only written down. */
    private final class RecordingPower implements PowerControl {
        @Override
        public void restart(Duration delay, String message) {
            powerRequests.add("restart " + delay.toSeconds() + " " + message);
        }

        @Override
        public void shutdown(Duration delay, String message) {
            powerRequests.add("shutdown " + delay.toSeconds());
        }

        @Override
        public void logoff() {
            powerRequests.add("logoff");
        }

        @Override
        public void cancelPending() {
            powerRequests.add("cancel");
        }
    }
}
