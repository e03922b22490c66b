package io.taskrunner.agent.executor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts programs with the C library's {@code posix_spawnp}, called through the Foreign Function &amp; Memory API.
 *
 * <p>Why not {@link ProcessBuilder}: on Linux the JDK starts every program through its {@code jspawnhelper}, two
 * {@code exec}s per start, which makes thousands of short runs about twice as slow as {@code xargs}. glibc's
 * {@code posix_spawn} is one {@code clone(CLONE_VM|CLONE_VFORK)} plus one {@code exec}, with nothing of the JVM run in
 * the child. The child gets what the JDK gives its children: stdin from {@code /dev/null}, stdout and stderr on
 * pipes, no other inherited descriptor ({@code closefrom(3)}), an empty signal mask and default signal handling.
 *
 * <p>One {@link ProcessMonitor} thread per child watches its two pipes and its pidfd together, where the JDK
 * needs three threads (two readers and a reaper).
 *
 * <p>Only used on Linux 5.3 or newer (pidfds) with glibc 2.34 or newer (for
 * {@code posix_spawn_file_actions_addclosefrom_np}); elsewhere, or with {@code -Dtaskrunner.process.launcher=jdk},
 * {@link ProcessExecutor} uses {@link ProcessBuilder}.
 */
final class NativeSpawn {

    private static final Logger LOG = LoggerFactory.getLogger(NativeSpawn.class);
    static final String LAUNCHER_PROPERTY = "taskrunner.process.launcher";

    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int WNOHANG = 1;
    /** Bits of signals 32 and 33 in the first word of a {@code sigset_t} (signal n is bit n - 1). */
    private static final long GLIBC_INTERNAL_SIGNALS = (1L << 31) | (1L << 32);
    static final int EINTR = 4;
    /** The same number on x86-64 and arm64: pidfd_open came after the system call tables were unified (Linux 5.3). */
    private static final long SYS_PIDFD_OPEN = 434;
    /** glibc's opaque types are smaller than these (80, 336, 128 and 128 bytes on x86-64 and arm64). */
    private static final long FILE_ACTIONS_BYTES = 256;
    private static final long ATTR_BYTES = 512;
    private static final long SIGSET_BYTES = 256;

    private static final Optional<NativeSpawn> INSTANCE = load();

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup libc = linker.defaultLookup();
    private final StructLayout errnoLayout = Linker.Option.captureStateLayout();
    private final VarHandle errnoHandle = errnoLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private final MemorySegment environ;

    private final MethodHandle spawnp = downcall("posix_spawnp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private final MethodHandle actionsInit = downcall("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private final MethodHandle actionsDestroy = downcall("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private final MethodHandle addOpen = downcall("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private final MethodHandle addDup2 = downcall("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private final MethodHandle addChdir = downcall("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private final MethodHandle addCloseFrom = downcall("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private final MethodHandle attrInit = downcall("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private final MethodHandle attrDestroy = downcall("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private final MethodHandle attrSetFlags = downcall("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private final MethodHandle attrSetSigMask = downcall("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private final MethodHandle attrSetSigDefault = downcall("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private final MethodHandle sigEmptySet = downcall("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private final MethodHandle sigFillSet = downcall("sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private final MethodHandle strerror = downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private final MethodHandle pipe2 = downcall("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private final MethodHandle close = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private final MethodHandle read = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    private final MethodHandle poll = downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private final MethodHandle pidfdOpen = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT,
            JAVA_INT), Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private final MethodHandle waitpid = downcall("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private NativeSpawn() throws IOException {
        MemorySegment environSymbol = libc.find("environ")
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no environ"));
        this.environ = environSymbol.reinterpret(ADDRESS.byteSize());
        // a kernel without pidfds (older than 5.3) fails here, and ProcessBuilder is used instead
        closeQuietly(openPidfd((int) ProcessHandle.current().pid()));
    }

    /** The native launcher, or empty where it cannot be used (then {@link ProcessBuilder} starts programs). */
    static Optional<NativeSpawn> instance() {
        return INSTANCE;
    }

    private static Optional<NativeSpawn> load() {
        String choice = System.getProperty(LAUNCHER_PROPERTY, "native").trim().toLowerCase(Locale.ROOT);
        if (choice.equals("jdk")) {
            LOG.info("Programs are started with the JDK's ProcessBuilder ({}=jdk)", LAUNCHER_PROPERTY);
            return Optional.empty();
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NativeSpawn());
        } catch (IOException | UnsupportedOperationException | IllegalCallerException | LinkageError e) {
            // musl, glibc older than 2.34, Linux older than 5.3, or native access denied by the JVM's options
            LOG.info("Programs are started with the JDK's ProcessBuilder: posix_spawn cannot be used here ({})",
                    e.toString());
            return Optional.empty();
        }
    }

    private MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = libc.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name));
        return linker.downcallHandle(symbol, descriptor, options);
    }

    /**
     * Starts {@code argv[0]}, looked up on the agent's {@code PATH} like {@link ProcessBuilder} does, in
     * {@code directory} (or the agent's own) with the agent's environment plus {@code environment}.
     *
     * @throws IOException naming the C library's reason ({@code error=2, No such file or directory}) when the
     *                     program cannot be started
     */
    SpawnedProcess start(List<String> argv, Path directory, Map<String, String> environment) throws IOException {
        int[] stdout = openPipe();
        int[] stderr;
        try {
            stderr = openPipe();
        } catch (IOException e) {
            closeQuietly(stdout[0]);
            closeQuietly(stdout[1]);
            throw e;
        }
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            pid = spawn(arena, argv, directory, environment, stdout[1], stderr[1]);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(stdout[0]);
            closeQuietly(stderr[0]);
            throw e;
        } finally {
            // the child holds its own copies; ours would keep the pipes from ever reaching end-of-file
            closeQuietly(stdout[1]);
            closeQuietly(stderr[1]);
        }
        int pidfd;
        try {
            pidfd = openPidfd(pid);
        } catch (IOException e) {
            // cannot happen for our own child short of running out of descriptors; do not leave it unwatched
            ProcessHandle.of(pid).ifPresent(ProcessTree::killForcibly);
            closeQuietly(stdout[0]);
            closeQuietly(stderr[0]);
            reapBlocking(pid);
            throw e;
        }
        return new SpawnedProcess(this, pid, pidfd, stdout[0], stderr[0]);
    }

    private int spawn(Arena arena, List<String> argv, Path directory, Map<String, String> environment, int stdoutFd,
            int stderrFd) throws IOException {
        MemorySegment actions = arena.allocate(FILE_ACTIONS_BYTES, 16);
        MemorySegment attributes = arena.allocate(ATTR_BYTES, 16);
        try {
            check("posix_spawn_file_actions_init", (int) actionsInit.invokeExact(actions));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        try {
            check("posix_spawnattr_init", (int) attrInit.invokeExact(attributes));
            try {
                check("addopen", (int) addOpen.invokeExact(actions, 0, arena.allocateFrom("/dev/null"), O_RDONLY, 0));
                check("adddup2", (int) addDup2.invokeExact(actions, stdoutFd, 1));
                check("adddup2", (int) addDup2.invokeExact(actions, stderrFd, 2));
                if (directory != null) {
                    check("addchdir", (int) addChdir.invokeExact(actions, arena.allocateFrom(directory.toString())));
                }
                check("addclosefrom", (int) addCloseFrom.invokeExact(actions, 3));
                MemorySegment noSignals = arena.allocate(SIGSET_BYTES, 16);
                MemorySegment allSignals = arena.allocate(SIGSET_BYTES, 16);
                check("sigemptyset", (int) sigEmptySet.invokeExact(noSignals));
                check("sigfillset", (int) sigFillSet.invokeExact(allSignals));
                // glibc's sigfillset leaves out its own two signals (32 and 33), and its posix_spawn then hands them
                // to the child ignored; the JDK's children get every signal at its default, and so do ours.
                allSignals.set(JAVA_LONG, 0, allSignals.get(JAVA_LONG, 0) | GLIBC_INTERNAL_SIGNALS);
                check("setsigmask", (int) attrSetSigMask.invokeExact(attributes, noSignals));
                check("setsigdefault", (int) attrSetSigDefault.invokeExact(attributes, allSignals));
                check("setflags", (int) attrSetFlags.invokeExact(attributes,
                        (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment program = arena.allocateFrom(argv.getFirst());
                MemorySegment envp = environment.isEmpty() ? environ.get(ADDRESS, 0)
                        : stringArray(arena, mergedEnvironment(environment));
                int error = (int) spawnp.invokeExact(pid, program, actions, attributes, stringArray(arena, argv), envp);
                if (error != 0) {
                    throw new IOException("error=" + error + ", " + describe(error));
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) attrDestroy.invokeExact(attributes);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                int ignored = (int) actionsDestroy.invokeExact(actions);
            } catch (Throwable e) {
                LOG.debug("posix_spawn_file_actions_destroy failed: {}", e.toString());
            }
        }
    }

    private static List<String> mergedEnvironment(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(System.getenv());
        merged.putAll(overrides);
        return merged.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private void check(String call, int result) throws IOException {
        if (result != 0) {
            throw new IOException(call + " failed: error=" + result + ", " + describe(result));
        }
    }

    private int[] openPipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment state = arena.allocate(errnoLayout);
            if ((int) pipe2.invokeExact(state, fds, O_CLOEXEC) != 0) {
                int errno = errno(state);
                throw new IOException("pipe2 failed: error=" + errno + ", " + describe(errno));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads into {@code buffer}; blocks until data, end-of-file (0) or an error. Retries on EINTR. */
    long read(int fd, MemorySegment buffer, MemorySegment errnoState) throws IOException {
        try {
            while (true) {
                long n = (long) read.invokeExact(errnoState, fd, buffer, buffer.byteSize());
                if (n >= 0) {
                    return n;
                }
                int errno = errno(errnoState);
                if (errno != EINTR) {
                    throw new IOException("read failed: error=" + errno + ", " + describe(errno));
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    MemorySegment allocateErrnoState(Arena arena) {
        return arena.allocate(errnoLayout);
    }

    void closeQuietly(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable e) {
            LOG.debug("close({}) failed: {}", fd, e.toString());
        }
    }

    /** A descriptor that becomes readable when {@code pid} exits, while it stays a zombie until reaped. */
    private int openPidfd(int pid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(errnoLayout);
            long fd = (long) pidfdOpen.invokeExact(state, SYS_PIDFD_OPEN, pid, 0);
            if (fd < 0) {
                int errno = errno(state);
                throw new IOException("pidfd_open(" + pid + ") failed: error=" + errno + ", " + describe(errno));
            }
            return (int) fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until one of the {@code count} {@code struct pollfd} in {@code fds} is ready; retries on EINTR.
     * A negative timeout waits without limit.
     */
    void poll(MemorySegment fds, int count, int timeoutMillis, MemorySegment errnoState) throws IOException {
        try {
            while ((int) poll.invokeExact(errnoState, fds, (long) count, timeoutMillis) < 0) {
                int errno = errno(errnoState);
                if (errno != EINTR) {
                    throw new IOException("poll failed: error=" + errno + ", " + describe(errno));
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Collects the exit status of a child, which must have exited unless {@code waitForExit}; returns it the way
     * {@link Process#exitValue()} does.
     */
    int reap(int pid, boolean waitForExit) throws IOException {
        return reap(pid, waitForExit ? 0 : WNOHANG);
    }

    private void reapBlocking(int pid) {
        try {
            reap(pid, 0);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not reap process {}: {}", pid, e.toString());
        }
    }

    private int reap(int pid, int options) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment state = arena.allocate(errnoLayout);
            int result;
            while ((result = (int) waitpid.invokeExact(state, pid, status, options)) < 0) {
                int errno = errno(state);
                if (errno != EINTR) {
                    throw new IOException("waitpid(" + pid + ") failed: error=" + errno + ", " + describe(errno));
                }
            }
            if (result == 0) {
                throw new IOException("waitpid(" + pid + ") found the process still running");
            }
            return exitValue(status.get(JAVA_INT, 0));
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like the JDK: the exit code of a program that exited, 128 + the signal number of one a signal killed. */
    static int exitValue(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 0x80 + signal;
    }

    private int errno(MemorySegment state) {
        return (int) errnoHandle.get(state, 0L);
    }

    private String describe(int errno) {
        try {
            MemorySegment message = (MemorySegment) strerror.invokeExact(errno);
            return message.reinterpret(1024).getString(0);
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }
}
