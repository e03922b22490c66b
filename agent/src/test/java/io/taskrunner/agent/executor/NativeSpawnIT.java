package io.taskrunner.agent.executor;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What the posix_spawn launcher promises beyond ProcessExecutorIT: a clean child and no leaked descriptors. */
@EnabledOnOs(OS.LINUX)
class NativeSpawnIT {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final int SIGWINCH = 28;

    private final NativeSpawn spawn = NativeSpawn.instance().orElseThrow(
            () -> new AssertionError("posix_spawn must be usable on this Linux machine"));
    private final RecordingListener output = new RecordingListener();

    @Test
    void child_inheritsNoDescriptorButItsPipes_evenOneTheAgentLeftInheritable() throws Throwable {
        MethodHandle dup = libc("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle close = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        int inheritable = (int) dup.invokeExact(1);
        assertThat(inheritable).isGreaterThan(2);
        try {
            String probe = "[ -e /proc/$$/fd/" + inheritable + " ] && echo leaked || echo closed";
            assertThat(run("sh", "-c", probe)).isEqualTo("closed\n");
        } finally {
            int ignored = (int) close.invokeExact(inheritable);
        }
    }

    @Test
    void child_startsWithNoSignalBlockedOrIgnored_evenOneTheAgentIgnores() throws Throwable {
        MethodHandle signal = libc("signal", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        MemorySegment previous = (MemorySegment) signal.invokeExact(SIGWINCH, MemorySegment.ofAddress(1)); // SIG_IGN
        try {
            assertThat(run("grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"))
                    .isEqualTo("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
        } finally {
            MemorySegment ignored = (MemorySegment) signal.invokeExact(SIGWINCH, previous);
        }
    }

    @Test
    void child_readsEndOfFileOnStdin() throws Exception {
        assertThat(run("sh", "-c", "cat; echo done")).isEqualTo("done\n");
    }

    @Test
    void manyRuns_leaveNoPipeOrPidfdOpenInTheAgent() throws Exception {
        long before = openDescriptors();
        ProcessExecutor executor = new ProcessExecutor();
        for (int i = 0; i < 60; i++) {
            ExecutionResult result = executor.execute(new CommandSpec(List.of("sh", "-c", "echo $$; echo x >&2"), null,
                    Map.of(), Duration.ofSeconds(30), 1024), new RecordingListener(), new CancellationToken());
            assertThat(result.exitCode()).isZero();
        }
        // three descriptors per run would be 180; a little slack for whatever the test JVM opens meanwhile
        assertThat(openDescriptors()).isLessThan(before + 10);
    }

    @Test
    void reapedChild_canNoLongerBeSignalledOrLookedUp_soAReusedPidIsSafe() throws Exception {
        SpawnedProcess process = spawn.start(List.of("true"), null, Map.of());
        process.monitor(new OutputCapture(output, 1024, 4096));

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(process.isAlive()).isFalse();
        assertThat(process.killTree()).isEmpty();
        assertThat(process.destroyForcibly()).isSameAs(process);
        assertThatThrownBy(process::toHandle).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has exited");
    }

    @Test
    void start_whenProgramMissing_saysWhyLikeTheJdk() {
        assertThatThrownBy(() -> spawn.start(List.of("taskrunner-no-such-program"), null, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessage("error=2, No such file or directory");
    }

    @Test
    void start_withEnvironment_addsToTheInheritedOne() throws Exception {
        SpawnedProcess process = spawn.start(List.of("sh", "-c", "printf '%s|%s' \"$TR_ADDED\" \"$PATH\""), null,
                Map.of("TR_ADDED", "a b;c"));
        process.monitor(new OutputCapture(output, 1024, 4096));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        process.onExit().join();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> output.stdout().equals("a b;c|" + System.getenv("PATH")));
    }

    private String run(String... argv) {
        ExecutionResult result = new ProcessExecutor().execute(new CommandSpec(List.of(argv), null, Map.of(),
                Duration.ofSeconds(30), 1024 * 1024), output, new CancellationToken());
        assertThat(result.exitCode()).as("exit code of %s; stderr: %s", List.of(argv), output.stderr()).isZero();
        return output.stdout();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
}
