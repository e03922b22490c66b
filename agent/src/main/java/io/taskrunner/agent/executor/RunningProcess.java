package io.taskrunner.agent.executor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One started process: its output readers, its deadline and why (if at all) it was killed. */
final class RunningProcess {

    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
    /** SIGKILL is not refused; this only bounds the wait for a process stuck in the kernel. */
    private static final Duration EXIT_AFTER_KILL_WAIT = Duration.ofSeconds(30);

    private enum StopReason { TIMEOUT, CANCEL }

    private final CommandSpec spec;
    private final Process process;
    private final OutputCapture capture;
    private final long startNanos;
    private final long deadlineNanos;
    private final long tickNanos;
    /**
     * Pipes are read on pooled platform threads: a virtual thread blocked in a pipe read holds its carrier, and the
     * scheduler then adds carriers, which costs more than the read when thousands of short programs run.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("process-output-", 0).daemon().factory());

    private final Future<?> stdoutReader;
    private final Future<?> stderrReader;
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private volatile boolean finished;

    RunningProcess(CommandSpec spec, Process process, OutputCapture capture, long startNanos, Duration tick) {
        this.spec = spec;
        this.process = process;
        this.capture = capture;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + saturatedNanos(spec.timeout());
        this.tickNanos = Math.max(1, saturatedNanos(tick));
        if (process instanceof SpawnedProcess spawned) {
            List<? extends Future<?>> ends = spawned.monitor(capture);
            this.stdoutReader = ends.get(0);
            this.stderrReader = ends.get(1);
        } else {
            this.stdoutReader = READERS.submit(() -> capture.pump(process.getInputStream(), OutputStreamKind.STDOUT));
            this.stderrReader = READERS.submit(() -> capture.pump(process.getErrorStream(), OutputStreamKind.STDERR));
        }
    }

    /** Called from the cancelling thread: kills the tree and returns; the running thread waits for the exit. */
    void cancel() {
        stop(StopReason.CANCEL);
    }

    ExecutionResult awaitResult(Duration drainGrace) {
        try {
            awaitExit();
            drainOutput(drainGrace);
        } catch (InterruptedException e) {
            // The agent is shutting down: do not leave the tree running behind us.
            stop(StopReason.CANCEL);
            awaitExitAfterKill();
            Thread.currentThread().interrupt();
        } finally {
            capture.close();
            // From here on a late cancel must not touch the pid: the OS may have given it to another process.
            finished = true;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        StopReason reason = stopReason.get();
        ExecutionResult result = new ExecutionResult(exitCode, duration, reason == StopReason.TIMEOUT,
                reason == StopReason.CANCEL, capture.truncated(), capture.totalBytes());
        LOG.info("{} (pid {}) ended with exit code {} after {} ms{}", spec.program(), process.pid(), exitCode,
                duration.toMillis(), reason == null ? "" : ", killed on " + reason.name().toLowerCase());
        return result;
    }

    private void awaitExit() throws InterruptedException {
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                stop(StopReason.TIMEOUT);
                break;
            }
            if (process.waitFor(Math.min(remaining, tickNanos), TimeUnit.NANOSECONDS)) {
                break;
            }
            capture.flushPending();
        }
        awaitExitAfterKill();
    }

    private void awaitExitAfterKill() {
        try {
            if (!process.waitFor(EXIT_AFTER_KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.error("{} (pid {}) is still alive {} s after it was killed", spec.program(), process.pid(),
                        EXIT_AFTER_KILL_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the readers to reach end-of-file. A background process the program left behind may hold the pipes
     * open long after the program exited; after {@code grace} we stop waiting and stop forwarding (the readers
     * keep draining so that process never blocks), like Go's {@code exec.Cmd.WaitDelay}.
     */
    private static boolean finishedWithin(Future<?> reader, long nanos) throws InterruptedException {
        try {
            reader.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            LOG.warn("reading a program's output failed", e.getCause());
            return true;
        }
    }

    private void drainOutput(Duration grace) throws InterruptedException {
        long drainDeadline = System.nanoTime() + saturatedNanos(grace);
        for (Future<?> reader : List.of(stdoutReader, stderrReader)) {
            while (!finishedWithin(reader, Math.clamp(drainDeadline - System.nanoTime(), 1, tickNanos))) {
                capture.flushPending();
                if (System.nanoTime() - drainDeadline >= 0) {
                    LOG.warn("Output of {} (pid {}) is still open {} ms after it exited, probably held by a background"
                            + " process it started; no longer forwarding it", spec.program(), process.pid(),
                            grace.toMillis());
                    return;
                }
            }
        }
    }

    private void stop(StopReason reason) {
        if (finished || !process.isAlive()) {
            return;
        }
        if (stopReason.compareAndSet(null, reason)) {
            LOG.info("Killing the process tree of {} (pid {}) on {}", spec.program(), process.pid(),
                    reason.name().toLowerCase());
        }
        ProcessTree.killForcibly(process);
    }

    private static long saturatedNanos(Duration duration) {
        // Durations beyond ~292 years do not fit in nanoseconds; they mean "no limit" in practice.
        return duration.compareTo(Duration.ofDays(100 * 365)) > 0 ? Duration.ofDays(100 * 365).toNanos()
                : duration.toNanos();
    }
}
