package io.taskrunner.agent.executor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program without a shell, streams its output, and kills its whole process tree on timeout or cancel.
 * Thread-safe: one executor serves any number of concurrent runs.
 */
public final class ProcessExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessExecutor.class);

    static final int DEFAULT_BATCH_BYTES = 4096;
    static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    /** How long output may stay open after the program exited (see {@link RunningProcess#drainOutput}). */
    static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(5);

    private static final ExecutorService LAUNCHER = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("process-launcher-", 0).daemon().factory());

    private final int batchBytes;
    private final Duration flushInterval;
    private final Duration drainGrace;
    private final Optional<NativeSpawn> nativeSpawn;

    public ProcessExecutor() {
        this(DEFAULT_BATCH_BYTES, DEFAULT_FLUSH_INTERVAL, DEFAULT_DRAIN_GRACE, true);
    }

    /** @param nativeLaunch start programs with {@link NativeSpawn} where it works; false: always {@link ProcessBuilder} */
    ProcessExecutor(int batchBytes, Duration flushInterval, Duration drainGrace, boolean nativeLaunch) {
        if (batchBytes <= 0) {
            throw new IllegalArgumentException("batchBytes must be positive, was " + batchBytes);
        }
        this.batchBytes = batchBytes;
        this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
        this.drainGrace = Objects.requireNonNull(drainGrace, "drainGrace");
        this.nativeSpawn = nativeLaunch ? NativeSpawn.instance() : Optional.empty();
    }

    /** True when programs start through {@code posix_spawn} rather than {@link ProcessBuilder}. */
    boolean launchesNatively() {
        return nativeSpawn.isPresent();
    }

    /**
     * Runs {@code spec} and blocks until the program and its output are done; call it on a virtual thread.
     * stdout and stderr are read on their own virtual threads and passed to {@code listener} in batches.
     * On timeout or cancel the whole process tree is killed and this waits for the exit. If the calling thread is
     * interrupted the run is cancelled the same way and the interrupt flag is kept.
     *
     * @return how the run ended; a token already cancelled gives a cancelled result with exit code -1 and starts
     *         nothing
     * @throws ExecutionFailedException if the program cannot be started (not found, not executable, working
     *                                  directory missing); the message names the program and the directory
     */
    public ExecutionResult execute(CommandSpec spec, OutputListener listener, CancellationToken cancel) {
        return execute(spec, pid -> { }, listener, cancel);
    }

    /**
     * Like {@link #execute(CommandSpec, OutputListener, CancellationToken)}, and tells {@code onStarted} the pid
     * once the process runs, on the calling thread and before any output reaches {@code listener}. If
     * {@code onStarted} throws, the process tree is killed and the exception propagates.
     */
    public ExecutionResult execute(CommandSpec spec, LongConsumer onStarted, OutputListener listener,
            CancellationToken cancel) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(onStarted, "onStarted");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancel, "cancel");
        if (cancel.isCancelled()) {
            LOG.info("Not starting {}: the run was cancelled before it started", spec.program());
            return new ExecutionResult(-1, Duration.ZERO, false, true, false, 0);
        }
        long startNanos = System.nanoTime();
        Process process = start(spec);
        try {
            onStarted.accept(process.pid());
        } catch (RuntimeException e) {
            ProcessTree.killForcibly(process);
            if (process instanceof SpawnedProcess spawned) {
                // nobody wants the output, but the pipes must be drained and closed and the child reaped
                spawned.monitor(new OutputCapture((stream, text) -> { }, 0, batchBytes));
            }
            throw e;
        }
        OutputCapture capture = new OutputCapture(listener, spec.outputLimitBytes(), batchBytes);
        RunningProcess run = new RunningProcess(spec, process, capture, startNanos, flushInterval);
        cancel.onCancel(run::cancel);
        return run.awaitResult(drainGrace);
    }

    /**
     * Starts the process with {@link NativeSpawn} where it works, else through {@link ProcessBuilder} on a pooled
     * platform thread. Starting blocks in native code until the child has exec'd;
     * on a virtual thread that would hold one of the few carrier threads (one per core) all that time, so eight
     * workers would start programs two at a time on a two-core PC.
     */
    private Process launch(CommandSpec spec) throws IOException {
        if (nativeSpawn.isPresent()) {
            // posix_spawn returns as soon as the child has exec'd, too soon to be worth a hand-off to another thread
            return nativeSpawn.get().start(spec.argv(), spec.workingDirectory(), spec.environment());
        }
        ProcessBuilder builder = new ProcessBuilder(spec.argv());
        if (spec.workingDirectory() != null) {
            builder.directory(spec.workingDirectory().toFile());
        }
        builder.environment().putAll(spec.environment());
        if (!Thread.currentThread().isVirtual()) {
            return builder.start();
        }
        Future<Process> started = LAUNCHER.submit(builder::start);
        try {
            return started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                // the start goes on without us; the process it gives must not be left behind
                ProcessTree.killForcibly(started.get());
            } catch (InterruptedException | ExecutionException notStarted) {
                LOG.debug("an interrupted start did not start anything: {}", notStarted.toString());
            }
            throw new IOException("interrupted while starting the program", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().toString(), e.getCause());
        }
    }

    private Process start(CommandSpec spec) {
        Path directory = spec.workingDirectory();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new ExecutionFailedException("Cannot start program '" + spec.program() + "': working directory "
                    + directory + " does not exist or is not a directory");
        }
        Process process;
        try {
            process = launch(spec);
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot start program '" + spec.program() + "' in working directory "
                    + (directory == null ? Path.of("").toAbsolutePath() : directory) + ": " + e.getMessage(), e);
        }
        try {
            // Nobody feeds stdin: end it now so a program that reads it sees end-of-file instead of waiting forever.
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("Could not close stdin of {} (pid {}): {}", spec.program(), process.pid(), e.toString());
        }
        LOG.debug("Started {} as pid {}", spec.program(), process.pid());
        return process;
    }
}
