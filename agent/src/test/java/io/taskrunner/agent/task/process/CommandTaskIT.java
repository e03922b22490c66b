package io.taskrunner.agent.task.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@EnabledOnOs({OS.LINUX, OS.MAC})
class CommandTaskIT {

    private final CommandTaskExecutor executor = new CommandTaskExecutor(new ProcessExecutor());
    private final TestProcesses processes = new TestProcesses();

    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void run_whenParametersHoldShellSyntax_passesThemAsLiteralArguments() throws Exception {
        Path victim = Files.createFile(dir.resolve("victim"));
        Path pwned = dir.resolve("pwned");
        String semicolon = "; rm -rf " + victim;
        String substitution = "$(touch " + pwned + ")";
        String backticks = "`touch " + pwned + "`";
        String quotes = "it's \"quoted\" && touch " + pwned + " | cat";
        TaskDefinition task = TaskDefinition.of("literal", new CommandTask("printf",
                List.of("[%s]\\n", "${a}", "${b}", "${c}", "before ${d} after")))
                .withParameters(List.of(text("a"), text("b"), text("c"), text("d")));
        TestRun run = TestRun.of(task).workDir(dir)
                .param("a", semicolon).param("b", substitution).param("c", backticks).param("d", quotes);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.stdout()).as("each placeholder stayed inside its one argument, unparsed").isEqualTo(
                "[" + semicolon + "]\n[" + substitution + "]\n[" + backticks + "]\n[before " + quotes + " after]\n");
        assertThat(victim).exists();
        assertThat(pwned).doesNotExist();
    }

    @Test
    void run_reportsThePidOfTheStartedProgram() {
        TestRun run = TestRun.of(task("sh", "-c", "echo $$")).workDir(dir);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(run.pids()).containsExactly(Long.parseLong(run.stdout().strip()));
    }

    @Test
    void run_whenProgramExitsNonZero_failsWithItsExitCode() {
        TestRun run = TestRun.of(task("sh", "-c", "echo partial; echo broken >&2; exit 7")).workDir(dir);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(7);
        assertThat(outcome.error()).isEqualTo("exit code 7");
        assertThat(run.stdout()).isEqualTo("partial\n");
        assertThat(run.stderr()).isEqualTo("broken\n");
    }

    @Test
    void run_whenProgramDoesNotExist_failsNamingTheProgram() {
        TestRun run = TestRun.of(task("no-such-program-for-taskrunner")).workDir(dir);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("no-such-program-for-taskrunner");
        assertThat(run.pids()).isEmpty();
    }

    @Test
    void run_whenTimeoutPasses_killsProcessTree() throws Exception {
        TestRun run = TestRun.of(task("sh", "-c", "sleep 300 & sleep 300 & wait")).workDir(dir)
                .timeout(Duration.ofSeconds(2));

        CompletableFuture<TaskOutcome> outcome = TestProcesses.runAsync(run, executor);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !run.pids().isEmpty() && TestProcesses.tree(run.pids().getFirst()).size() == 3);
        Set<Long> tree = TestProcesses.tree(run.pids().getFirst());
        tree.forEach(processes::track);

        TaskOutcome result = outcome.get(30, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(result.error()).startsWith("timed out after 2 s");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(tree).noneMatch(TestProcesses::alive));
    }

    @Test
    void run_whenOutputExceedsLimit_truncatesIt() {
        TaskDefinition task = task("sh", "-c", "head -c 10000 /dev/zero | tr '\\0' x").withOutputLimitBytes(100);
        TestRun run = TestRun.of(task).workDir(dir);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.outputTruncated()).isTrue();
        assertThat(outcome.outputBytes()).isEqualTo(10000);
        assertThat(run.stdout()).isEqualTo("x".repeat(100));
    }

    @Test
    void run_whenCancelledWhileRunning_endsCancelled() throws Exception {
        TestRun run = TestRun.of(task("sleep", "300")).workDir(dir);

        CompletableFuture<TaskOutcome> outcome = TestProcesses.runAsync(run, executor);
        await().atMost(Duration.ofSeconds(10)).until(() -> !run.pids().isEmpty());
        long pid = run.pids().getFirst();
        processes.track(pid);
        run.cancel().cancel();

        TaskOutcome result = outcome.get(30, TimeUnit.SECONDS);
        assertThat(result.state()).isEqualTo(RunState.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestProcesses.alive(pid));
    }

    @Test
    void run_whenPlaceholderNamesNoParameter_throwsNamingIt() {
        TestRun run = TestRun.of(task("echo", "${missing}")).workDir(dir);

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("${missing}");
        assertThat(run.pids()).isEmpty();
    }

    static Stream<Arguments> invalidParameters() {
        ParameterSpec host = new ParameterSpec("host", ParameterType.STRING, null, true, null, "[a-z0-9.-]+", null,
                null, null, false);
        ParameterSpec count = new ParameterSpec("count", ParameterType.INT, null, false, null, null, 1.0, 10.0, null,
                false);
        return Stream.of(
                arguments("missing required", host, Map.of(), "parameters.host"),
                arguments("pattern mismatch", host, Map.of("host", "example.org; rm -rf /"), "parameters.host"),
                arguments("wrong type", count, Map.of("count", "many"), "parameters.count"),
                arguments("below min", count, Map.of("count", 0), "parameters.count"),
                arguments("above max", count, Map.of("count", 11), "parameters.count"),
                arguments("unknown parameter", count, Map.of("cuont", 3), "parameters.cuont"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidParameters")
    void run_whenParametersAreInvalid_throwsNamingTheParameterBeforeAnythingStarts(String description,
            ParameterSpec declared, Map<String, Object> given, String field) {
        Path started = dir.resolve("started");
        TaskDefinition task = task("touch", started.toString()).withParameters(List.of(declared));
        TestRun run = TestRun.of(task).workDir(dir);
        given.forEach(run::param);

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.field()).isEqualTo(field));
        assertThat(started).doesNotExist();
        assertThat(run.pids()).isEmpty();
    }

    private static TaskDefinition task(String program, String... args) {
        return TaskDefinition.of("command-test", new CommandTask(program, List.of(args)));
    }

    private static ParameterSpec text(String name) {
        return ParameterSpec.of(name, ParameterType.STRING, true);
    }
}
