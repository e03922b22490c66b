package io.taskrunner.agent.scheduler;

import io.taskrunner.agent.store.KeyedRecords;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleKind;
import io.taskrunner.protocol.definition.schedule.ScheduleTimeline;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.ScheduleFired;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's schedules. One platform timer thread parks until the earliest next fire time (read from the
 * injected {@link Clock}, at most {@link #MAX_PARK} at a time so a clock jump or a machine's sleep is noticed soon)
 * and decides each firing under a lock; submitting the run and recording the {@link ScheduleFired} event happen on
 * a virtual thread, so a slow submission never delays another schedule's firing.
 *
 * <p>Per schedule the agent store ({@link KeyedRecords}, map {@value #STORE_NAME}) keeps up to which fire time it was
 * handled: after a restart, or when the clock jumped forward, the fire times missed meanwhile go through the
 * schedule's misfire policy ({@link CatchUp}). Overlap: a firing while the schedule's previous run still goes is
 * skipped, queued (one run waits) or runs in parallel, as the schedule says.
 *
 * <p>Thread-safe. {@link #update} may be called at any time; schedules whose definition did not change keep their
 * state.
 */
public final class AgentScheduler implements AutoCloseable {
    public static final String STORE_NAME = "schedules";
    /** The longest the timer sleeps without looking at the clock again. */
    static final Duration MAX_PARK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(AgentScheduler.class);

    private final Clock clock;
    private final ZoneId defaultZone;
    private final String agentId;
    private final KeyedRecords memory;
    private final ExecutorService ownExecutor;
    private final ScheduleFirings firings;
    private final Instant startedAt;
    private final Object lock = new Object();
    private final Map<String, ScheduleState> states = new LinkedHashMap<>();
    private volatile Thread timer;
    private volatile boolean closed;

    /**
     * @param defaultZone the zone of schedules that name none (the agent's)
     * @param agentId     seeds each schedule's splay offset
     * @param memory      {@code store.records(AgentScheduler.STORE_NAME)}
     * @param submitter   {@code runEngine::submit}
     * @param events      {@code eventLog::record}: where {@link ScheduleFired} events go
     */
    public AgentScheduler(Clock clock, ZoneId defaultZone, String agentId, KeyedRecords memory, RunSubmitter submitter,
            Consumer<MessageBody> events) {
        this(clock, defaultZone, agentId, memory, submitter, events, null);
    }

    /** With {@code submissions} running each submission ({@code null}: a virtual thread each); for tests. */
    AgentScheduler(Clock clock, ZoneId defaultZone, String agentId, KeyedRecords memory, RunSubmitter submitter,
            Consumer<MessageBody> events, Consumer<Runnable> submissions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone");
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.ownExecutor = submissions == null ? Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("schedule-submit-", 0).factory()) : null;
        this.firings = new ScheduleFirings(lock, clock, Objects.requireNonNull(submitter, "submitter"),
                Objects.requireNonNull(events, "events"), submissions == null ? ownExecutor::execute : submissions);
        this.startedAt = clock.instant();
    }

    /**
     * Replaces the schedules. An unchanged schedule keeps its state; a new or changed one starts from now, except
     * that right after the agent started, a schedule stored unchanged catches up on what it missed.
     */
    public void update(List<ScheduleDefinition> schedules) {
        Instant now = clock.instant();
        synchronized (lock) {
            Map<String, ScheduleState> next = new LinkedHashMap<>();
            for (ScheduleDefinition definition : schedules) {
                ScheduleState old = states.get(definition.name());
                if (next.containsKey(definition.name())) {
                    LOG.warn("schedule '{}' is defined twice; the last definition wins", definition.name());
                }
                next.put(definition.name(), old != null && old.definition.equals(definition) ? old
                        : create(definition, old, now));
            }
            for (String name : states.keySet()) {
                if (!next.containsKey(name)) {
                    memory.remove(name);
                }
            }
            states.clear();
            states.putAll(next);
        }
        wakeTimer();
    }

    /** Starts the timer thread. */
    public void start() {
        Thread thread = Thread.ofPlatform().name("schedule-timer").daemon().unstarted(this::timerLoop);
        thread.setPriority(Thread.MAX_PRIORITY);
        timer = thread;
        thread.start();
    }

    /** Each schedule with its next five fire times and its last firing. */
    public List<ScheduleStatus> status() {
        Instant now = clock.instant();
        synchronized (lock) {
            return states.values().stream().map(state -> new ScheduleStatus(state.name(), state.definition.task(),
                    state.definition.isEnabled(), state.nextFire == null ? List.of()
                            : state.timeline.next(later(now, state.handledUntil), 5),
                    state.lastScheduledAt, state.lastFiredAt, state.lastOutcome, state.runs.running.size())).toList();
        }
    }

    /** Acts on every fire time due at the clock's current instant; the timer's work, and the tests' handle. */
    void runDue() {
        Instant now = clock.instant();
        List<Runnable> work = new ArrayList<>();
        List<ScheduleState> fired = new ArrayList<>();
        synchronized (lock) {
            for (ScheduleState state : states.values()) {
                if (state.handledUntil.isAfter(now)) {
                    // the clock went back (corrected by NTP or by hand): go on from the new now, not from the future
                    LOG.warn("the clock went back from {} to {}; schedule '{}' goes on from now", state.handledUntil,
                            now, state.name());
                    state.moveTo(now);
                }
                if (state.nextFire != null && !state.nextFire.isAfter(now)) {
                    List<Runnable> own = new ArrayList<>();
                    try {
                        firings.handleDue(state, now, own);
                    } catch (RuntimeException e) {
                        LOG.error("schedule '{}' failed to fire; going on from now", state.name(), e);
                        state.moveTo(now);
                    }
                    // one schedule's work in order (a missed report, then catch-up runs), schedules in parallel
                    if (!own.isEmpty()) {
                        work.add(own.size() == 1 ? own.getFirst() : () -> own.forEach(Runnable::run));
                    }
                    fired.add(state);
                }
            }
        }
        // the runs first; remembering how far each schedule got can wait that long
        work.forEach(firings::dispatch);
        if (!fired.isEmpty()) {
            synchronized (lock) {
                for (ScheduleState state : fired) {
                    if (states.get(state.name()) == state) {
                        memory.put(state.name(), state.memory().encode());
                    }
                }
            }
        }
    }

    /** The earliest next fire time of all schedules, or empty. */
    Optional<Instant> nextDue() {
        synchronized (lock) {
            return states.values().stream().map(state -> state.nextFire).filter(Objects::nonNull)
                    .min(Instant::compareTo);
        }
    }

    private ScheduleState create(ScheduleDefinition definition, ScheduleState old, Instant now) {
        ScheduleTimeline timeline = new ScheduleTimeline(definition, defaultZone, agentId, startedAt);
        String fingerprint = ScheduleMemory.fingerprint(definition);
        Optional<ScheduleMemory> stored = memory.get(definition.name()).flatMap(ScheduleMemory::decode);
        Instant from = now;
        if (old == null && stored.isPresent() && stored.get().fingerprint().equals(fingerprint)) {
            from = Instant.ofEpochMilli(stored.get().handledUntil());
        }
        if (old == null && definition.kind() == ScheduleKind.AFTER_START && from.isAfter(startedAt)) {
            // its one fire time counts from this start, even when the definitions arrive a moment later
            from = startedAt.minusMillis(1);
        }
        ScheduleState state = new ScheduleState(definition, timeline, fingerprint,
                old == null ? new RunTracker() : old.runs, from);
        stored.ifPresent(s -> state.remember(instant(s.lastScheduledAt()), instant(s.lastFiredAt()), s.lastOutcome()));
        memory.put(definition.name(), state.memory().encode());
        return state;
    }

    private void timerLoop() {
        while (!closed) {
            try {
                runDue();
                long wait = nextDue().map(due -> Duration.between(clock.instant(), due)).filter(d -> d.compareTo(
                        MAX_PARK) < 0).orElse(MAX_PARK).toNanos();
                if (wait > 0 && !closed) {
                    LockSupport.parkNanos(this, wait);
                }
            } catch (RuntimeException e) {
                LOG.error("the schedule timer failed; going on", e);
                LockSupport.parkNanos(this, MAX_PARK.toNanos());
            }
        }
    }

    private void wakeTimer() {
        Thread thread = timer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /** Stops the timer, waits for submissions under way, and writes each schedule's state to disk. */
    @Override
    public void close() {
        closed = true;
        firings.close();
        Thread thread = timer;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownExecutor != null) {
            ownExecutor.close();
        }
        synchronized (lock) {
            states.values().forEach(state -> memory.put(state.name(), state.memory().encode()));
        }
        memory.commit();
    }
}
