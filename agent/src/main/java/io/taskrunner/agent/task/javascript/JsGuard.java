package io.taskrunner.agent.task.javascript;

import io.taskrunner.agent.task.TaskException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits of one script run: cancel, deadline and CPU time. Once it stopped the run it stays stopped, so every
 * later {@link #check()} throws again and a script cannot swallow the stop in a catch block for long.
 *
 * <p>{@link #tick()}, {@link #check()}, {@link #sleep} and {@link #startCpuClock()} run on the script thread;
 * {@link #stop} and {@link #watch} on any thread.
 */
final class JsGuard {

    /** Why a run was stopped. */
    enum Stop { CANCELLED, TIMED_OUT, CPU_LIMIT }

    /** Undoes an {@link #onStop} registration. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger LOG = LoggerFactory.getLogger(JsGuard.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CPU_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int TICKS_PER_CLOCK_READ = 256;

    private final Duration timeout;
    private final long deadlineNanos;
    private final int cpuSeconds;
    private final long cpuLimitNanos;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private final List<Runnable> onStop = new ArrayList<>();
    private volatile long stoppedAtNanos;
    private volatile long cpuBaselineNanos = -1;
    private long nextCpuCheckNanos;
    private long ticks;

    JsGuard(Duration timeout, int cpuSeconds) {
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + Math.max(0, timeout.toNanos());
        this.cpuSeconds = cpuSeconds;
        this.cpuLimitNanos = TimeUnit.SECONDS.toNanos(cpuSeconds);
    }

    /** Starts counting the script thread's CPU time; what the engine's set-up used before is not counted. */
    void startCpuClock() {
        if (cpuLimitNanos > 0 && THREADS.isCurrentThreadCpuTimeSupported()) {
            cpuBaselineNanos = THREADS.getCurrentThreadCpuTime();
        } else if (cpuLimitNanos > 0) {
            LOG.warn("This JVM cannot measure thread CPU time; the CPU limit of {} s is not enforced", cpuSeconds);
        }
    }

    /**
     * The tick: throws once the run must stop, also on every later call. Cheap: the clocks are read only every
     * {@link #TICKS_PER_CLOCK_READ} calls; the watchdog ({@link #watch}) covers a script that ticks rarely.
     *
     * @throws TaskException naming why the script was stopped
     */
    void tick() {
        Stop reason = stop.get();
        if (reason == null && ++ticks % TICKS_PER_CLOCK_READ == 0) {
            reason = checkClocks();
        }
        if (reason != null) {
            throw new TaskException(message(reason));
        }
    }

    /**
     * Like {@link #tick()} but always reads the clocks; before a call that may block.
     *
     * @throws TaskException naming why the script was stopped
     */
    void check() {
        Stop reason = stop.get();
        if (reason == null) {
            reason = checkClocks();
        }
        if (reason != null) {
            throw new TaskException(message(reason));
        }
    }

    private Stop checkClocks() {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            return stop(Stop.TIMED_OUT);
        }
        if (cpuBaselineNanos >= 0 && now - nextCpuCheckNanos >= 0) {
            nextCpuCheckNanos = now + CPU_CHECK_INTERVAL_NANOS;
            if (THREADS.getCurrentThreadCpuTime() - cpuBaselineNanos > cpuLimitNanos) {
                return stop(Stop.CPU_LIMIT);
            }
        }
        return null;
    }

    /** Checks the limits from outside, for a script thread busy where it does not tick (a long built-in call). */
    void watch(Thread scriptThread) {
        if (stop.get() != null) {
            return;
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            stop(Stop.TIMED_OUT);
        } else if (cpuBaselineNanos >= 0
                && THREADS.getThreadCpuTime(scriptThread.threadId()) - cpuBaselineNanos > cpuLimitNanos) {
            stop(Stop.CPU_LIMIT);
        }
    }

    /** Stops the run unless it already was; returns the reason that counts (the first). */
    Stop stop(Stop reason) {
        if (!stop.compareAndSet(null, reason)) {
            return stop.get();
        }
        stoppedAtNanos = System.nanoTime();
        List<Runnable> callbacks;
        lock.lock();
        try {
            stopped.signalAll();
            callbacks = List.copyOf(onStop);
            onStop.clear();
        } finally {
            lock.unlock();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("Stopping a blocked script call failed", e);
            }
        }
        return reason;
    }

    /** Null while the run may go on. */
    Stop reason() {
        return stop.get();
    }

    /** How long ago the run was stopped; zero while it was not. */
    Duration sinceStopped() {
        return stop.get() == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - stoppedAtNanos);
    }

    /** Time left until the deadline, at least zero. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /**
     * Runs {@code callback} once when the run is stopped (right away if it already is), to unblock a host call;
     * close the registration when the call is done.
     */
    Registration onStop(Runnable callback) {
        lock.lock();
        try {
            if (stop.get() == null) {
                onStop.add(callback);
                return () -> remove(callback);
            }
        } finally {
            lock.unlock();
        }
        callback.run();
        return () -> { };
    }

    /**
     * Sleeps, waking early when the run is stopped.
     *
     * @throws TaskException when the run was stopped before or during the sleep, or the deadline came first
     */
    void sleep(long millis) {
        check();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (stop.get() == null) {
                long now = System.nanoTime();
                if (now - deadlineNanos >= 0 || now - end >= 0) {
                    break;
                }
                stopped.awaitNanos(Math.min(end, deadlineNanos) - now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(Stop.CANCELLED);
        } finally {
            lock.unlock();
        }
        check();
    }

    String message(Stop reason) {
        return switch (reason) {
            case CANCELLED -> "script stopped: cancelled";
            case TIMED_OUT -> "script stopped: timed out after " + timeout.toSeconds() + " s";
            case CPU_LIMIT -> "script stopped: " + cpuLimitMessage();
        };
    }

    String cpuLimitMessage() {
        return "CPU limit of " + cpuSeconds + " s exceeded";
    }

    private void remove(Runnable callback) {
        lock.lock();
        try {
            onStop.remove(callback);
        } finally {
            lock.unlock();
        }
    }
}
