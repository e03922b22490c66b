package io.taskrunner.agent.progress;

import io.taskrunner.agent.task.TaskProgress;
import io.taskrunner.protocol.message.RunProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a task's progress reports, however many, into few {@code run.progress} events: at most one per
 * {@link #INTERVAL} (the latest report wins), never more than {@link #MAX_EVENTS} for one attempt, and the last
 * value is always sent by {@link #finish()}, before the run's end is recorded. A report that leaves out the percent
 * or the text keeps the one reported before, so every event carries the whole current state. Thread-safe.
 */
public final class ProgressCoalescer implements TaskProgress {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int MAX_EVENTS = 100;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("run-progress").daemon().factory());

    /** Runs {@code task} once after {@code delay}; the agent's shared timer thread, or a hand-driven one in tests. */
    @FunctionalInterface
    public interface Later {
        void schedule(Runnable task, Duration delay);
    }

    private final UUID runId;
    private final Consumer<RunProgress> sink;
    private final Clock clock;
    private final Later later;
    private Integer percent;
    private String details;
    private RunProgress lastSent;
    private long lastSentAt;
    private int sent;
    private boolean flushScheduled;
    private boolean finished;

    /** @param sink where events go (the event log); called with this coalescer's lock held, so it must not block long */
    public ProgressCoalescer(UUID runId, Consumer<RunProgress> sink, Clock clock, Later later) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.later = Objects.requireNonNull(later, "later");
    }

    /** One coalescer on the agent's shared {@code run-progress} timer thread. */
    public static ProgressCoalescer onSharedTimer(UUID runId, Consumer<RunProgress> sink, Clock clock) {
        return new ProgressCoalescer(runId, sink, clock,
                (task, delay) -> TIMER.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void report(Integer newPercent, String newDetails) {
        if (newPercent != null && (newPercent < 0 || newPercent > 100)) {
            throw new IllegalArgumentException("percent must be between 0 and 100, was " + newPercent);
        }
        if (finished) {
            return;
        }
        if (newPercent != null) {
            percent = newPercent;
        }
        if (newDetails != null && !newDetails.isBlank()) {
            details = truncate(newDetails.strip());
        }
        if (!hasNews() || sent >= MAX_EVENTS - 1) {
            return;  // nothing new, or only the final event is left and finish() sends it
        }
        long now = clock.millis();
        if (lastSent == null || now - lastSentAt >= INTERVAL.toMillis()) {
            send(now);
        } else if (!flushScheduled) {
            flushScheduled = true;
            later.schedule(this::flushDue, Duration.ofMillis(lastSentAt + INTERVAL.toMillis() - now));
        }
    }

    /** Sends the latest report now (the attempt ended); reports after this are dropped. */
    public synchronized void finish() {
        if (!finished) {
            finished = true;
            if (hasNews() && sent < MAX_EVENTS) {
                send(clock.millis());
            }
        }
    }

    /** The timer's turn: sends what arrived since the last event, or waits for the rest of the interval. */
    private synchronized void flushDue() {
        flushScheduled = false;
        if (finished || !hasNews() || sent >= MAX_EVENTS - 1) {
            return;
        }
        long now = clock.millis();
        long wait = lastSentAt + INTERVAL.toMillis() - now;
        if (wait <= 0) {
            send(now);
        } else {
            flushScheduled = true;
            later.schedule(this::flushDue, Duration.ofMillis(wait));
        }
    }

    private boolean hasNews() {
        return (percent != null || details != null) && !current().equals(lastSent);
    }

    private RunProgress current() {
        return new RunProgress(runId, percent, details);
    }

    private void send(long now) {
        RunProgress event = current();
        sink.accept(event);
        lastSent = event;
        lastSentAt = now;
        sent++;
    }

    private static String truncate(String text) {
        if (text.length() <= RunProgress.MAX_DETAILS_CHARS) {
            return text;
        }
        int end = RunProgress.MAX_DETAILS_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
