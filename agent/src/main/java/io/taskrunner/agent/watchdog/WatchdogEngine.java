package io.taskrunner.agent.watchdog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.alert.AlertNotifier;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.agent.store.KeyedRecords;
import io.taskrunner.agent.watchdog.check.Probes;
import io.taskrunner.agent.watchdog.check.TopicMessages;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.definition.watchdog.RestartAction;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's watchdog: runs each enabled rule's check on its interval, supervises the programs of {@code program}
 * rules, climbs the rules' escalation ladders and raises and closes incidents.
 *
 * <p>Lifecycle: construct, {@link #update} with the current rules, {@link #start()}, {@link #update} whenever the
 * definitions change, {@link #close()}. An unchanged rule keeps its state and its running program; a changed rule
 * starts afresh (its program is restarted); a removed rule's program is stopped and its open incident closed.
 * Thread-safe.
 */
public final class WatchdogEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchdogEngine.class);
    /** The store map holding open incidents, keyed by rule name. */
    public static final String STORE_MAP = "watchdog";
    /** Each supervised program's output log keeps at most twice this. */
    static final long PROGRAM_LOG_BYTES = 1024 * 1024;

    /**
     * What the watchdog needs from the agent.
     *
     * @param dataDir  the agent's data folder; programs' output goes to {@code watchdog/<rule>.log} in it
     * @param records  {@code store.records(WatchdogEngine.STORE_MAP)}: open incidents across restarts
     * @param json     the codec's mapper, to encode the stored incidents
     * @param notifier webhook and email delivery of alerts
     * @param runs     the run engine, for {@code runTask} and {@code restartPc} steps and {@code task} checks
     * @param topics   MQTT topic activity for {@code mqttSilence} checks
     * @param modbus   the agent's shared Modbus connections, for {@code modbus} checks; the agent closes it
     */
    public record Parts(Clock clock, Path dataDir, EventLog events, KeyedRecords records, ObjectMapper json,
            AlertNotifier notifier, RunEngine runs, TopicMessages topics, ModbusSlaves modbus) {
        public Parts {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(notifier, "notifier");
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(modbus, "modbus");
        }
    }

    private final Parts parts;
    private final Incidents incidents;
    private final Escalation escalation;
    private final Probes probes;
    private final ProcessExecutor processes = new ProcessExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("watchdog-scheduler").daemon().factory());
    private final Map<String, CheckedRule> checked = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> ticks = new ConcurrentHashMap<>();
    private final Map<String, ProgramSupervisor> supervised = new ConcurrentHashMap<>();
    private volatile ProgramEvents programEvents = ProgramEvents.NONE;
    private List<WatchdogRule> wanted = List.of();
    private boolean started;
    private boolean closed;

    public WatchdogEngine(Parts parts) {
        this.parts = parts;
        this.incidents = new Incidents(parts.records(), parts.events(), parts.notifier(), parts.json(), parts.clock());
        this.escalation = new Escalation(parts.runs(), incidents, this::restartProgram);
        this.probes = new Probes(parts.clock(), parts.topics(), this::runTask, this::pid, parts.modbus());
    }

    /** Who hears about supervised programs starting and ending; set before {@link #start()}. */
    public void onProgramEvents(ProgramEvents listener) {
        this.programEvents = Objects.requireNonNull(listener, "listener");
    }

    /** Applies the current rules (all of them; disabled ones are stopped like removed ones). */
    public synchronized void update(List<WatchdogRule> rules) {
        Map<String, WatchdogRule> byName = new LinkedHashMap<>();
        rules.stream().filter(WatchdogRule::isEnabled).forEach(rule -> byName.put(rule.name(), rule));
        wanted = List.copyOf(byName.values());
        if (started && !closed) {
            apply();
        }
    }

    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        apply();
        LOG.info("watchdog started with {} rules", wanted.size());
    }

    private void apply() {
        Map<String, WatchdogRule> byName = new LinkedHashMap<>();
        wanted.forEach(rule -> byName.put(rule.name(), rule));
        Map<String, AlertTargets> previousTargets = new HashMap<>();
        checked.values().forEach(rule -> previousTargets.put(rule.rule().name(), rule.rule().alert()));
        supervised.values().forEach(program -> previousTargets.put(program.rule().name(), program.rule().alert()));
        for (CheckedRule rule : List.copyOf(checked.values())) {
            if (!rule.rule().equals(byName.get(rule.rule().name()))) {
                stopChecked(rule.rule().name());
            }
        }
        for (ProgramSupervisor supervisor : List.copyOf(supervised.values())) {
            if (!supervisor.rule().equals(byName.get(supervisor.rule().name()))) {
                supervised.remove(supervisor.rule().name());
                supervisor.close();
            }
        }
        for (WatchdogRule rule : wanted) {
            if (checked.containsKey(rule.name()) || supervised.containsKey(rule.name())) {
                continue;
            }
            try {
                startRule(rule);
            } catch (RuntimeException e) {
                LOG.error("cannot start watchdog rule {}", rule.name(), e);
            }
        }
        for (String rule : incidents.rulesWithIncident()) {
            if (!byName.containsKey(rule)) {
                AlertTargets targets = previousTargets.getOrDefault(rule, AlertTargets.CONSOLE_ONLY);
                incidents.recover(rule, targets, AlertTexts.text(targets, "watchdog.alert.removed", rule));
            }
        }
    }

    private void startRule(WatchdogRule rule) {
        if (rule.supervises()) {
            boolean restarts = rule.actions().stream()
                    .anyMatch(step -> step instanceof RestartAction restart && restart.program() == null);
            ProgramSupervisor supervisor = new ProgramSupervisor(rule, restarts, processes,
                    parts.dataDir().resolve("watchdog").resolve(rule.name() + ".log"), scheduler, parts.clock(),
                    new SupervisorOwner(), programEvents);
            supervised.put(rule.name(), supervisor);
            supervisor.start();
            return;
        }
        CheckedRule checkedRule = new CheckedRule(rule, probes.create(rule), escalation, incidents, parts.clock());
        checked.put(rule.name(), checkedRule);
        ticks.put(rule.name(), scheduler.scheduleWithFixedDelay(checkedRule::tick, 0, rule.intervalSeconds(),
                TimeUnit.SECONDS));
    }

    private void stopChecked(String name) {
        ScheduledFuture<?> tick = ticks.remove(name);
        if (tick != null) {
            tick.cancel(false);
        }
        CheckedRule rule = checked.remove(name);
        if (rule != null) {
            rule.close();
        }
    }

    /** Each rule's state, by name. */
    public List<RuleStatus> status() {
        List<RuleStatus> all = new ArrayList<>();
        checked.values().forEach(rule -> all.add(rule.status()));
        supervised.values().forEach(supervisor -> all.add(new RuleStatus(supervisor.rule().name(),
                supervisor.health(), supervisor.exitsInRow(), supervisor.restarts(),
                supervisor.pid().isPresent() ? supervisor.pid().getAsLong() : null,
                incidents.open(supervisor.rule().name()).map(OpenIncident::incidentId).orElse(null),
                supervisor.lastProblem())));
        all.sort(Comparator.comparing(RuleStatus::rule));
        return all;
    }

    /** The pid of the program the named {@code program} rule runs now. */
    public OptionalLong pid(String rule) {
        ProgramSupervisor supervisor = supervised.get(rule);
        return supervisor == null ? OptionalLong.empty() : supervisor.pid();
    }

    private boolean restartProgram(String rule) {
        ProgramSupervisor supervisor = supervised.get(rule);
        return supervisor != null && supervisor.restart();
    }

    private CompletableFuture<Integer> runTask(String task, Map<String, Object> parameters) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        RunEngine.Submission submission = parts.runs().submit(RunRequest.of(task, parameters, Escalation.SOURCE),
                record -> done.complete(record.state() == RunState.SUCCEEDED ? 0
                        : record.exitCode() != null && record.exitCode() != 0 ? record.exitCode() : -1));
        if (!submission.accepted()) {
            done.completeExceptionally(new IllegalStateException(submission.error()));
        }
        return done;
    }

    /** Stops checking, then stops every supervised program politely (SIGTERM, then a kill after its grace). */
    @Override
    public void close() {
        List<ProgramSupervisor> programs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            List.copyOf(checked.keySet()).forEach(this::stopChecked);
            programs = List.copyOf(supervised.values());
            supervised.clear();
        }
        // in parallel: each may wait its grace
        List<Thread> stoppers = programs.stream()
                .map(supervisor -> Thread.ofVirtual().name("watchdog-stop").start(supervisor::close)).toList();
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        scheduler.shutdownNow();
        probes.close();
    }

    /** Climbs a program rule's ladder when its supervisor gives up, and closes the incident once it runs stable. */
    private final class SupervisorOwner implements ProgramSupervisor.Owner {
        @Override
        public void gaveUp(ProgramSupervisor supervisor, int exitCode, String startFailure) {
            WatchdogRule rule = supervisor.rule();
            String problem = startFailure != null
                    ? AlertTexts.text(rule.alert(), "watchdog.alert.cannotStart", startFailure)
                    : AlertTexts.text(rule.alert(), "watchdog.alert.gaveUp", supervisor.restarts(), exitCode,
                            rule.restartBudget().maxRestarts(), rule.restartBudget().windowSeconds());
            rule.actions().stream()
                    .filter(step -> !(step instanceof RestartAction restart && restart.program() == null))
                    .forEach(step -> {
                        try {
                            escalation.take(rule, step, problem);
                        } catch (RuntimeException e) {
                            LOG.error("rule {}: a step of its ladder failed", rule.name(), e);
                        }
                    });
        }

        @Override
        public void ranStable(ProgramSupervisor supervisor) {
            WatchdogRule rule = supervisor.rule();
            incidents.recover(rule.name(), rule.alert(), AlertTexts.text(rule.alert(), "watchdog.alert.recovered",
                    rule.name()));
        }
    }
}
