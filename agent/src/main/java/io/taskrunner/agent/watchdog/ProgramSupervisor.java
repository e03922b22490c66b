package io.taskrunner.agent.watchdog;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.CommandSpec;
import io.taskrunner.agent.executor.ExecutionFailedException;
import io.taskrunner.agent.executor.ExecutionResult;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.protocol.definition.watchdog.ProgramCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one program running. Its own thread starts the program through the agent's {@link ProcessExecutor} and
 * blocks until it exits; the executor watches the child through a pidfd (or the JDK's reaper), so the exit is seen
 * the moment it happens, with no polling. Then the {@link RestartPolicy} says how long to wait before the restart,
 * or that the budget is spent: the supervisor gives up and tells its {@link Owner}, which climbs the rest of the
 * ladder. A program that stays up for the backoff's {@code stableSeconds} counts as recovered.
 */
final class ProgramSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgramSupervisor.class);
    /** A supervised program runs until stopped; the executor needs some limit, and this one never passes. */
    private static final Duration NO_TIMEOUT = Duration.ofDays(365L * 100);

    /** Told about what the supervisor cannot decide itself. Called on the supervisor's or scheduler's thread. */
    interface Owner {
        /** The budget is spent (or the rule does not restart its program): the program stays down. */
        void gaveUp(ProgramSupervisor supervisor, int exitCode, String startFailure);

        /** The program has run {@code stableSeconds} since its last start. */
        void ranStable(ProgramSupervisor supervisor);
    }

    private final WatchdogRule rule;
    private final CommandSpec spec;
    private final Duration stopGrace;
    private final boolean restarts;
    private final RestartPolicy policy;
    private final ProcessExecutor processes;
    private final OutputListener log;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Owner owner;
    private final ProgramEvents events;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile boolean restartRequested;
    private volatile RuleHealth health = RuleHealth.UNKNOWN;
    private volatile long pid;
    private volatile int exitsInRow;
    private volatile String lastProblem;
    private CancellationToken token;
    private CompletableFuture<Void> runEnded = CompletableFuture.completedFuture(null);
    private Thread thread;

    /**
     * @param restarts whether the rule's ladder restarts its own program; if not, the first exit gives up
     * @param logFile  where the program's output goes (bounded)
     */
    ProgramSupervisor(WatchdogRule rule, boolean restarts, ProcessExecutor processes, Path logFile,
            ScheduledExecutorService scheduler, Clock clock, Owner owner, ProgramEvents events) {
        ProgramCheck program = (ProgramCheck) rule.check();
        List<String> argv = new ArrayList<>();
        argv.add(program.program());
        argv.addAll(program.args());
        this.rule = rule;
        this.spec = new CommandSpec(argv, program.workingDir() == null ? null : Path.of(program.workingDir()),
                program.env(), NO_TIMEOUT, Long.MAX_VALUE);
        this.stopGrace = Duration.ofSeconds(program.stopGraceSeconds());
        this.restarts = restarts;
        this.policy = new RestartPolicy(rule.restartBudget(), rule.backoff());
        this.processes = processes;
        this.log = new BoundedLog(logFile, WatchdogEngine.PROGRAM_LOG_BYTES);
        this.scheduler = scheduler;
        this.clock = clock;
        this.owner = owner;
        this.events = events;
    }

    WatchdogRule rule() {
        return rule;
    }

    synchronized void start() {
        thread = Thread.ofVirtual().name("watchdog-" + rule.name()).start(this::superviseSafely);
    }

    private void superviseSafely() {
        try {
            supervise();
        } catch (RuntimeException e) {
            LOG.error("supervising the program of rule {} failed; it is no longer watched", rule.name(), e);
            health = RuleHealth.GIVEN_UP;
            lastProblem = e.toString();
        } finally {
            ended.complete(null);
        }
    }

    private void supervise() {
        while (!stopping) {
            CancellationToken run = new CancellationToken();
            CompletableFuture<Void> thisRun = new CompletableFuture<>();
            synchronized (this) {
                if (stopping) {
                    return;
                }
                token = run;
                runEnded = thisRun;
            }
            long startNanos = System.nanoTime();
            int exitCode;
            String startFailure = null;
            try {
                ExecutionResult result = processes.execute(spec, this::started, log, run);
                exitCode = result.exitCode();
            } catch (ExecutionFailedException e) {
                exitCode = -1;
                startFailure = e.getMessage();
            }
            long endedPid = pid;
            pid = 0;
            thisRun.complete(null);
            events.exited(rule.name(), endedPid, exitCode);
            if (stopping) {
                return;
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
            boolean requested = restartRequested;
            restartRequested = false;
            lastProblem = startFailure != null ? startFailure : "exit code " + exitCode;
            if (!requested) {
                exitsInRow++;
                LOG.warn("program {} of rule {} (pid {}) ended with exit code {} after {} ms", spec.program(),
                        rule.name(), endedPid, exitCode, ran.toMillis());
            }
            Optional<Duration> delay = restarts || requested ? nextRestart(ran) : Optional.empty();
            if (delay.isEmpty()) {
                health = RuleHealth.GIVEN_UP;
                LOG.error("rule {}: not restarting program {} any more ({} restarts within {} s allowed)",
                        rule.name(), spec.program(), rule.restartBudget().maxRestarts(),
                        rule.restartBudget().windowSeconds());
                owner.gaveUp(this, exitCode, startFailure);
                return;
            }
            health = RuleHealth.RESTARTING;
            if (!delay.get().isZero() && awaitStop(delay.get())) {
                return;
            }
        }
    }

    private synchronized Optional<Duration> nextRestart(Duration ran) {
        return policy.next(clock.instant(), ran);
    }

    private void started(long newPid) {
        pid = newPid;
        health = RuleHealth.HEALTHY;
        events.started(rule.name(), newPid);
        LOG.info("rule {}: program {} runs as pid {}", rule.name(), spec.program(), newPid);
        try {
            scheduler.schedule(() -> checkStable(newPid), rule.backoff().stableSeconds(), TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the watchdog is closing; this program is about to be stopped
            LOG.debug("rule {}: not watching pid {} for stability: {}", rule.name(), newPid, e.toString());
        }
    }

    private void checkStable(long startedPid) {
        if (pid != startedPid || stopping) {
            return;
        }
        synchronized (this) {
            policy.stable();
        }
        exitsInRow = 0;
        try {
            owner.ranStable(this);
        } catch (RuntimeException e) {
            LOG.warn("rule {}: handling a stable program failed", rule.name(), e);
        }
    }

    /** Waits {@code delay} unless stopped first; true when stopped. */
    private boolean awaitStop(Duration delay) {
        try {
            return stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Restarts the program for another rule's {@code restart} step: a polite stop, then the usual restart (counted
     * in the budget). False when it is not running (given up, stopping or waiting for its restart anyway).
     */
    boolean restart() {
        long current = pid;
        if (stopping || health == RuleHealth.GIVEN_UP || current == 0) {
            return false;
        }
        restartRequested = true;
        LOG.info("rule {}: restarting program {} (pid {}) on request", rule.name(), spec.program(), current);
        CompletableFuture<Void> thisRun;
        CancellationToken run;
        synchronized (this) {
            thisRun = runEnded;
            run = token;
        }
        terminate(current);
        // on a copy: the run's own future must stay for the supervisor thread to complete
        thisRun.copy().orTimeout(stopGrace.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(timeout -> {
                    run.cancel();
                    return null;
                });
        return true;
    }

    /** SIGTERM to our own child only: after it was reaped, the pid may belong to someone else. */
    private static void terminate(long target) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.of(target)
                .filter(process -> process.parent().map(parent -> parent.pid() == self).orElse(false))
                .ifPresent(ProcessHandle::destroy);
    }

    OptionalLong pid() {
        long current = pid;
        return current == 0 ? OptionalLong.empty() : OptionalLong.of(current);
    }

    RuleHealth health() {
        return health;
    }

    synchronized long restarts() {
        return policy.total();
    }

    int exitsInRow() {
        return exitsInRow;
    }

    String lastProblem() {
        return lastProblem;
    }

    /** Stops the program: SIGTERM, then after the grace the whole process tree is killed; waits for the end. */
    @Override
    public void close() {
        stopping = true;
        stopSignal.countDown();
        CompletableFuture<Void> thisRun;
        CancellationToken run;
        synchronized (this) {
            if (thread == null) {
                ended.complete(null);
            }
            thisRun = runEnded;
            run = token;
        }
        long current = pid;
        if (current != 0) {
            LOG.info("rule {}: stopping program {} (pid {})", rule.name(), spec.program(), current);
            terminate(current);
        } else if (run != null) {
            // starting right now or between runs: nothing to ask politely
            run.cancel();
        }
        try {
            thisRun.get(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("rule {}: program {} did not end within {} s of SIGTERM; killing it", rule.name(),
                    spec.program(), stopGrace.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.debug("rule {}: run ended with {}", rule.name(), e.getCause().toString());
        }
        if (run != null) {
            run.cancel();
        }
        try {
            ended.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("rule {}: the supervisor thread did not end: {}", rule.name(), e.toString());
        }
    }
}
