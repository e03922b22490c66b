package io.taskrunner.agent.executor;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread for one child: {@code poll} on its stdout and stderr pipes and its pidfd; output goes to the sink until
 * each pipe ends, the exit is collected as soon as the pidfd says so. Ends when all three are done, which may be
 * long after the child exited if something it started in the background keeps the pipes open.
 */
final class ProcessMonitor implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitor.class);
    /** Blocked in the kernel nearly all the time: a small stack is enough. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("process-monitor-", 0).daemon().stackSize(256 * 1024).factory());
    private static final int BUFFER_BYTES = 8192;
    private static final short POLLIN = 0x1;
    /** struct pollfd: int fd; short events; short revents. */
    private static final long POLLFD_BYTES = 8;

    private final NativeSpawn spawn;
    private final SpawnedProcess process;
    private final OutputCapture sink;
    private boolean sinkBroken;

    ProcessMonitor(NativeSpawn spawn, SpawnedProcess process, OutputCapture sink) {
        this.spawn = spawn;
        this.process = process;
        this.sink = sink;
    }

    static void start(ProcessMonitor monitor) {
        THREADS.execute(monitor);
    }

    @Override
    public void run() {
        int[] fds = {process.stdoutFd(), process.stderrFd(), process.pidfd()};
        OutputStreamKind[] kinds = {OutputStreamKind.STDOUT, OutputStreamKind.STDERR, null};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(POLLFD_BYTES * fds.length, 8);
            MemorySegment buffer = arena.allocate(BUFFER_BYTES);
            MemorySegment errno = spawn.allocateErrnoState(arena);
            byte[] bytes = new byte[BUFFER_BYTES];
            while (fds[0] >= 0 || fds[1] >= 0 || fds[2] >= 0) {
                for (int i = 0; i < fds.length; i++) {
                    // a negative fd is ignored by poll: that is how a finished entry drops out
                    pollfds.set(JAVA_INT, i * POLLFD_BYTES, fds[i]);
                    pollfds.set(JAVA_SHORT, i * POLLFD_BYTES + 4, POLLIN);
                    pollfds.set(JAVA_SHORT, i * POLLFD_BYTES + 6, (short) 0);
                }
                spawn.poll(pollfds, fds.length, -1, errno);
                for (int i = 0; i < fds.length; i++) {
                    if (fds[i] < 0 || pollfds.get(JAVA_SHORT, i * POLLFD_BYTES + 6) == 0) {
                        continue;
                    }
                    if (kinds[i] == null) {
                        spawn.closeQuietly(fds[i]);
                        fds[i] = -1;
                        process.reap(false);
                    } else if (!pump(fds[i], kinds[i], buffer, bytes, errno)) {
                        spawn.closeQuietly(fds[i]);
                        fds[i] = -1;
                        endOfStream(kinds[i]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Lost track of process {}; killing it", process.pid(), e);
            process.killTree();
            for (int i = 0; i < fds.length; i++) {
                if (fds[i] < 0) {
                    continue;
                }
                spawn.closeQuietly(fds[i]);
                if (kinds[i] == null) {
                    process.reap(true);
                } else {
                    endOfStream(kinds[i]);
                }
            }
        }
    }

    /** One read; false at end-of-file or on a read error (the pipe is then of no more use). */
    private boolean pump(int fd, OutputStreamKind kind, MemorySegment buffer, byte[] bytes, MemorySegment errno) {
        long n;
        try {
            n = spawn.read(fd, buffer, errno);
        } catch (IOException e) {
            LOG.debug("Stopped reading {} of process {}: {}", kind, process.pid(), e.toString());
            return false;
        }
        if (n == 0) {
            return false;
        }
        if (!sinkBroken) {
            MemorySegment.copy(buffer, JAVA_BYTE, 0, bytes, 0, (int) n);
            try {
                sink.accept(kind, bytes, (int) n);
            } catch (RuntimeException e) {
                // keep draining the pipe so the program never blocks on a full one; its output is no longer passed on
                sinkBroken = true;
                LOG.warn("Passing on the output of process {} failed; the rest is dropped", process.pid(), e);
            }
        }
        return true;
    }

    private void endOfStream(OutputStreamKind kind) {
        try {
            sink.endOfStream(kind);
        } catch (RuntimeException e) {
            LOG.warn("Ending the {} of process {} failed", kind, process.pid(), e);
        } finally {
            process.ended(kind);
        }
    }
}
