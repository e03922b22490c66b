package io.taskrunner.agent.executor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@link NativeSpawn}. Its output and its exit are watched by a {@link ProcessMonitor} once
 * {@link #monitor} is called; until then the output waits in the pipes. The child is reaped under this object's lock
 * and killed under the same lock only while not reaped, so a kill can never reach another process that was given
 * the same pid afterwards.
 */
final class SpawnedProcess extends Process {

    private final NativeSpawn spawn;
    private final int pid;
    private final int pidfd;
    private final int stdoutFd;
    private final int stderrFd;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<Void> stdoutEnded = new CompletableFuture<>();
    private final CompletableFuture<Void> stderrEnded = new CompletableFuture<>();
    private boolean monitored;
    private boolean reaped;

    SpawnedProcess(NativeSpawn spawn, int pid, int pidfd, int stdoutFd, int stderrFd) {
        this.spawn = spawn;
        this.pid = pid;
        this.pidfd = pidfd;
        this.stdoutFd = stdoutFd;
        this.stderrFd = stderrFd;
    }

    /**
     * Starts watching: output goes to {@code sink} until each pipe reaches end-of-file, and the exit is collected.
     * Called once; the returned futures complete at the end of stdout and of stderr.
     */
    synchronized List<CompletableFuture<Void>> monitor(OutputCapture sink) {
        if (monitored) {
            throw new IllegalStateException("process " + pid + " is already monitored");
        }
        monitored = true;
        ProcessMonitor.start(new ProcessMonitor(spawn, this, sink));
        return List.of(stdoutEnded, stderrEnded);
    }

    int pidfd() {
        return pidfd;
    }

    int stdoutFd() {
        return stdoutFd;
    }

    int stderrFd() {
        return stderrFd;
    }

    void ended(OutputStreamKind kind) {
        (kind == OutputStreamKind.STDOUT ? stdoutEnded : stderrEnded).complete(null);
    }

    /** Collects the exit: at once when the pidfd said the child exited, else waiting for it (after a kill). */
    void reap(boolean waitForExit) {
        int exitValue;
        try {
            synchronized (this) {
                exitValue = spawn.reap(pid, waitForExit);
                reaped = true;
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                reaped = true;
            }
            exit.completeExceptionally(e);
            return;
        }
        exit.complete(exitValue);
    }

    /** Nothing is ever fed to a task's program: its stdin is {@code /dev/null}. */
    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    /** Empty: the output goes to the sink given to {@link #monitor}. */
    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    /** Empty: the output goes to the sink given to {@link #monitor}. */
    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("exit status of process " + pid + " unknown", e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exit.isCompletedExceptionally() ? -1 : exit.join();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.handle((code, error) -> this);
    }

    @Override
    public void destroy() {
        liveHandle().ifPresent(ProcessHandle::destroy);
    }

    @Override
    public Process destroyForcibly() {
        liveHandle().ifPresent(ProcessHandle::destroyForcibly);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    /** The live process; fails once it was reaped, when its pid may already belong to someone else. */
    @Override
    public synchronized ProcessHandle toHandle() {
        return liveHandle().orElseThrow(() -> new IllegalStateException("process " + pid + " has exited"));
    }

    /**
     * Kills the child's descendants and the child, unless it was already reaped.
     *
     * @return the descendants that were killed
     */
    synchronized List<ProcessHandle> killTree() {
        return liveHandle().map(ProcessTree::killForcibly).orElse(List.of());
    }

    private synchronized Optional<ProcessHandle> liveHandle() {
        return reaped ? Optional.empty() : ProcessHandle.of(pid);
    }

    @Override
    public String toString() {
        return "SpawnedProcess[pid=" + pid + ", " + (exit.isDone() ? "exit " + exitValue() : "running") + "]";
    }
}
