package io.taskrunner.agent.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every case with the launcher the agent uses on this OS ({@code posix_spawn} on Linux);
 * {@link JdkLaunchProcessExecutorIT} runs them again through {@link ProcessBuilder}, which Windows and macOS use.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessExecutorIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long LIMIT = 1024 * 1024;

    private final ProcessExecutor executor = newExecutor(ProcessExecutor.DEFAULT_DRAIN_GRACE);
    private final RecordingListener output = new RecordingListener();
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopRunner() {
        runner.shutdownNow();
    }

    /** Whether this class tests the native launcher (where the OS has it) or {@link ProcessBuilder}. */
    boolean nativeLaunch() {
        return true;
    }

    private ProcessExecutor newExecutor(Duration drainGrace) {
        return new ProcessExecutor(4096, Duration.ofMillis(200), drainGrace, nativeLaunch());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void launcher_isTheOneThisClassMeansToTest() {
        assertThat(executor.launchesNatively()).isEqualTo(nativeLaunch());
    }

    @Test
    void execute_echo_capturesOutputAndExitsZero() {
        ExecutionResult result = run(spec(List.of("echo", "hello")));

        assertThat(result.exitCode()).isZero();
        assertThat(result.succeeded()).isTrue();
        assertThat(output.stdout()).isEqualTo("hello\n");
        assertThat(output.stderr()).isEmpty();
        assertThat(result.outputBytes()).isEqualTo(6);
        assertThat(result.outputTruncated()).isFalse();
    }

    @Test
    void execute_whenProgramFails_propagatesExitCode() {
        ExecutionResult result = run(spec(List.of("sh", "-c", "exit 3")));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.cancelled()).isFalse();
    }

    @Test
    void execute_whenKilledBySignal_reports128PlusTheSignal() {
        ExecutionResult result = run(spec(List.of("sh", "-c", "kill -9 $$")));

        assertThat(result.exitCode()).isEqualTo(128 + 9);
    }

    @Test
    void execute_passesOnLargeOutputCompletely() {
        ExecutionResult result = run(spec(List.of("sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a")));

        assertThat(result.exitCode()).isZero();
        assertThat(output.stdout()).hasSize(300_000).matches("a+");
        assertThat(result.outputBytes()).isEqualTo(300_000);
    }

    @Test
    void execute_keepsStdoutAndStderrApart() {
        run(spec(List.of("sh", "-c", "echo out; echo err >&2")));

        assertThat(output.stdout()).isEqualTo("out\n");
        assertThat(output.stderr()).isEqualTo("err\n");
    }

    @Test
    void execute_appliesEnvironmentAndWorkingDirectory() throws Exception {
        CommandSpec spec = new CommandSpec(
                List.of("sh", "-c", "printf '%s|%s|%s' \"$TR_TEST_VAR\" \"$(pwd -P)\" \"$HOME\""), dir,
                Map.of("TR_TEST_VAR", "value with spaces"), TIMEOUT, LIMIT);

        run(spec);

        // Added variables come on top of the inherited environment, which is still there.
        assertThat(output.stdout()).isEqualTo("value with spaces|" + dir.toRealPath() + "|" + System.getenv("HOME"));
    }

    @Test
    void execute_passesEachArgumentLiterally_withoutAShell() throws Exception {
        String tricky = "a b \"quoted\" 'single' $(touch pwned1) ; touch pwned2 `touch pwned3`"
                + " && touch pwned4 | x $HOME";
        CommandSpec spec = new CommandSpec(List.of("sh", "-c", "printf '%s|%s' \"$#\" \"$1\"", "sh", tricky),
                dir, Map.of(), TIMEOUT, LIMIT);

        ExecutionResult result = run(spec);

        assertThat(result.exitCode()).isZero();
        assertThat(output.stdout()).isEqualTo("1|" + tricky);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("nothing inside the argument was executed").isEmpty();
        }
    }

    @Test
    void execute_passesArgumentToProgramDirectly() throws Exception {
        String tricky = "x; touch pwned $(touch pwned2)";

        run(new CommandSpec(List.of("printf", "%s", tricky), dir, Map.of(), TIMEOUT, LIMIT));

        assertThat(output.stdout()).isEqualTo(tricky);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void execute_whenOutputExceedsLimit_truncatesAndStillFinishes() {
        CommandSpec spec = new CommandSpec(List.of("sh", "-c", "head -c 2000000 /dev/zero | tr '\\0' a; echo done >&2"),
                null, Map.of(), TIMEOUT, 1000);

        ExecutionResult result = run(spec);

        assertThat(result.exitCode()).isZero();
        assertThat(result.outputTruncated()).isTrue();
        assertThat(result.outputBytes()).isEqualTo(2_000_005);
        assertThat(output.stdout().length() + output.stderr().length()).isEqualTo(1000);
        assertThat(output.stdout()).matches("a{1000}");
    }

    @Test
    void execute_batchesChattyOutput() {
        ExecutionResult result = run(spec(List.of("seq", "1", "50000")));

        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 50_000; i++) {
            expected.append(i).append('\n');
        }
        assertThat(output.stdout()).isEqualTo(expected.toString());
        // ~289 KB in ~4 KiB batches, plus a few timer flushes: far fewer calls than the 50,000 lines.
        assertThat(output.calls()).isBetween(2, 200);
        assertThat(result.outputBytes()).isEqualTo(expected.length());
    }

    @Test
    void execute_streamsOutputBeforeTheProgramEnds() {
        CancellationToken cancel = new CancellationToken();
        CompletableFuture<ExecutionResult> result = runAsync(
                spec(List.of("sh", "-c", "echo first; sleep 300")), cancel);

        await().atMost(Duration.ofSeconds(10)).until(() -> output.stdout().equals("first\n"));
        assertThat(result).isNotDone();
        cancel.cancel();
        assertThat(result).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void execute_whenTimeoutPasses_killsProcessTree() {
        CommandSpec spec = new CommandSpec(List.of("sh", "-c", TREE_SCRIPT), null, Map.of(), Duration.ofSeconds(2),
                LIMIT);

        ExecutionResult result = run(spec);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.cancelled()).isFalse();
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(20));
        long[] pids = printedPids();
        assertThat(pids).hasSize(3);
        awaitAllGone(pids);
    }

    @Test
    void execute_whenCancelled_killsProcessTree() {
        CancellationToken cancel = new CancellationToken();
        CompletableFuture<ExecutionResult> running = runAsync(spec(List.of("sh", "-c", TREE_SCRIPT)), cancel);
        await().atMost(Duration.ofSeconds(10)).until(() -> printedPids().length == 3);
        long[] pids = printedPids();
        assertThat(Arrays.stream(pids).allMatch(ProcessExecutorIT::alive)).as("all started").isTrue();

        cancel.cancel();

        assertThat(running).succeedsWithin(Duration.ofSeconds(20)).satisfies(result -> {
            assertThat(result.cancelled()).isTrue();
            assertThat(result.timedOut()).isFalse();
            assertThat(result.succeeded()).isFalse();
        });
        awaitAllGone(pids);
    }

    @Test
    void execute_whenAlreadyCancelled_startsNothing() throws Exception {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();

        ExecutionResult result = executor.execute(
                new CommandSpec(List.of("touch", "created"), dir, Map.of(), TIMEOUT, LIMIT), output, cancel);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void execute_reportsPidBeforeOutput() {
        AtomicLong pid = new AtomicLong();
        ExecutionResult result = executor.execute(spec(List.of("sh", "-c", "echo $$")), started -> {
            assertThat(output.calls()).isZero();
            pid.set(started);
        }, output, new CancellationToken());

        assertThat(result.exitCode()).isZero();
        assertThat(output.stdout()).isEqualTo(pid.get() + "\n");
    }

    @Test
    void execute_decodesUtf8Output() {
        run(spec(List.of("printf", "%s", "grüße € 𝄞")));

        assertThat(output.stdout()).isEqualTo("grüße € 𝄞");
    }

    @Test
    void execute_whenProgramMissing_failsNamingIt() {
        CommandSpec spec = spec(List.of("/nonexistent/taskrunner-no-such-program", "x"));

        assertThatThrownBy(() -> run(spec))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("/nonexistent/taskrunner-no-such-program")
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void execute_whenProgramNotExecutable_failsNamingIt() throws Exception {
        Path script = Files.writeString(dir.resolve("not-executable.sh"), "#!/bin/sh\necho hi\n");

        assertThatThrownBy(() -> run(spec(List.of(script.toString()))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining(script.toString());
    }

    @Test
    void execute_whenWorkingDirectoryMissing_failsNamingIt() {
        Path missing = dir.resolve("missing");
        CommandSpec spec = new CommandSpec(List.of("echo", "x"), missing, Map.of(), TIMEOUT, LIMIT);

        assertThatThrownBy(() -> run(spec))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("echo");
    }

    @Test
    void execute_whenABackgroundChildKeepsOutputOpen_returnsAfterDrainGrace() {
        ProcessExecutor shortGrace = newExecutor(Duration.ofMillis(500));
        CommandSpec spec = spec(List.of("sh", "-c", "sleep 300 & echo $!; echo bye"));

        ExecutionResult result = shortGrace.execute(spec, output, new CancellationToken());

        long[] pids = printedPids();
        try {
            assertThat(result.exitCode()).isZero();
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(20));
            assertThat(output.stdout()).endsWith("bye\n");
        } finally {
            // The sleeper outlived its parent on purpose; do not leave it behind.
            Arrays.stream(pids).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        assertThat(pids).hasSize(1);
    }

    @Test
    void execute_readsNoStdin() {
        ExecutionResult result = run(spec(List.of("cat")));

        assertThat(result.exitCode()).isZero();
        assertThat(result.timedOut()).isFalse();
    }

    /** A shell with a child, and a nested shell with a grandchild; each sleeper prints its pid. */
    private static final String TREE_SCRIPT = """
            sleep 300 & echo $!
            sh -c 'sleep 300 & echo $!; wait' & echo $!
            wait
            """;

    private long[] printedPids() {
        return output.stdout().lines().filter(line -> line.matches("\\d+")).mapToLong(Long::parseLong).toArray();
    }

    private static void awaitAllGone(long[] pids) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Arrays.stream(pids).filter(ProcessExecutorIT::alive)).as("still running").isEmpty());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
    }

    /** A killed process whose parent died waits as a zombie until init reaps it; in a container that can be never. */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return false;
        }
    }

    private CommandSpec spec(List<String> argv) {
        return new CommandSpec(argv, null, Map.of(), TIMEOUT, LIMIT);
    }

    private ExecutionResult run(CommandSpec spec) {
        return executor.execute(spec, output, new CancellationToken());
    }

    private CompletableFuture<ExecutionResult> runAsync(CommandSpec spec, CancellationToken cancel) {
        return CompletableFuture.supplyAsync(() -> executor.execute(spec, output, cancel), runner)
                .orTimeout(60, TimeUnit.SECONDS);
    }
}
