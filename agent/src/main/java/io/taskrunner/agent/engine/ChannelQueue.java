package io.taskrunner.agent.engine;

import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.message.ChannelStatus;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named channel: waiting runs (ready by priority then arrival, or delayed until their time) and a set of
 * worker virtual threads that take them one at a time. A slow run holds one worker of its own channel only.
 */
final class ChannelQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelQueue.class);
    private static final AtomicLong ARRIVAL = new AtomicLong();

    private record Entry(PendingRun run, long arrival) {
    }

    private static final Comparator<Entry> READY_ORDER = Comparator
            .comparingInt((Entry entry) -> -entry.run().priority()).thenComparingLong(Entry::arrival);
    private static final Comparator<Entry> DELAY_ORDER = Comparator
            .comparingLong((Entry entry) -> entry.run().notBefore()).thenComparing(READY_ORDER);

    private final String name;
    private final Clock clock;
    private final Consumer<PendingRun> worker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> ready = new PriorityQueue<>(READY_ORDER);
    private final PriorityQueue<Entry> delayed = new PriorityQueue<>(DELAY_ORDER);
    private final Map<UUID, Entry> waiting = new HashMap<>();
    private final Map<String, UUID> waitingByKey = new HashMap<>();
    private int targetWorkers;
    private int liveWorkers;
    private int running;
    private boolean distinct;
    private boolean stopped;
    private long succeeded;
    private long failed;

    ChannelQueue(ChannelDefinition definition, Clock clock, Consumer<PendingRun> worker) {
        this.name = definition.name();
        this.clock = clock;
        this.worker = worker;
        configure(definition);
    }

    String name() {
        return name;
    }

    /** Applies a new worker count and distinct flag; extra workers leave after their current run. */
    void configure(ChannelDefinition definition) {
        lock.lock();
        try {
            distinct = definition.distinct();
            targetWorkers = definition.workers();
            while (!stopped && liveWorkers < targetWorkers) {
                liveWorkers++;
                Thread.ofVirtual().name("channel-" + name + "-worker").start(this::workLoop);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void enqueue(PendingRun run) {
        lock.lock();
        try {
            Entry entry = new Entry(run, ARRIVAL.incrementAndGet());
            waiting.put(run.runId(), entry);
            if (run.distinctKey() != null) {
                waitingByKey.put(run.distinctKey(), run.runId());
            }
            (run.notBefore() > clock.millis() ? delayed : ready).add(entry);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The waiting run a new run with {@code key} merges into, when this channel is distinct. */
    Optional<PendingRun> waitingTwin(String key) {
        lock.lock();
        try {
            if (!distinct || key == null) {
                return Optional.empty();
            }
            UUID id = waitingByKey.get(key);
            Entry entry = id == null ? null : waiting.get(id);
            return Optional.ofNullable(entry).map(Entry::run);
        } finally {
            lock.unlock();
        }
    }

    boolean isDistinct() {
        lock.lock();
        try {
            return distinct;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the waiting record of a run (e.g. after a merge) without changing its place. */
    boolean replaceWaiting(PendingRun run) {
        lock.lock();
        try {
            Entry old = waiting.get(run.runId());
            if (old == null) {
                return false;
            }
            Entry entry = new Entry(run, old.arrival());
            (ready.remove(old) ? ready : delayed.remove(old) ? delayed : ready).add(entry);
            waiting.put(run.runId(), entry);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a waiting run out of the channel (cancel); empty when it is not waiting here. */
    Optional<PendingRun> removeWaiting(UUID runId) {
        lock.lock();
        try {
            Entry entry = waiting.remove(runId);
            if (entry == null) {
                return Optional.empty();
            }
            if (!ready.remove(entry)) {
                delayed.remove(entry);
            }
            forgetKey(entry.run());
            return Optional.of(entry.run());
        } finally {
            lock.unlock();
        }
    }

    void recordOutcome(boolean success) {
        lock.lock();
        try {
            if (success) {
                succeeded++;
            } else {
                failed++;
            }
        } finally {
            lock.unlock();
        }
    }

    ChannelStatus status() {
        lock.lock();
        try {
            return new ChannelStatus(name, targetWorkers, running, ready.size(), delayed.size(), succeeded, failed);
        } finally {
            lock.unlock();
        }
    }

    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Workers take nothing more; waiting runs stay where they are (and in the store). */
    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void workLoop() {
        while (true) {
            PendingRun run;
            try {
                run = next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (run == null) {
                return;
            }
            try {
                worker.accept(run);
            } catch (RuntimeException | Error e) {
                // The engine records every outcome itself; this keeps the worker alive whatever slipped through.
                LOG.error("channel {}: run {} failed inside the agent", name, run.runId(), e);
            } finally {
                lock.lock();
                try {
                    running--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private PendingRun next() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (stopped || liveWorkers > targetWorkers) {
                    liveWorkers--;
                    return null;
                }
                long now = clock.millis();
                while (!delayed.isEmpty() && delayed.peek().run().notBefore() <= now) {
                    ready.add(delayed.poll());
                }
                Entry entry = ready.poll();
                if (entry != null) {
                    waiting.remove(entry.run().runId());
                    forgetKey(entry.run());
                    running++;
                    return entry.run();
                }
                if (delayed.isEmpty()) {
                    changed.await();
                } else {
                    changed.await(delayed.peek().run().notBefore() - now, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void forgetKey(PendingRun run) {
        if (run.distinctKey() != null) {
            waitingByKey.remove(run.distinctKey(), run.runId());
        }
    }
}
