package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class ShellTaskIT {

    private final TestProcesses processes = new TestProcesses();

    @TempDir
    Path dir;

    private Path scripts;
    private Path work;
    private ShellTaskExecutor executor;

    @BeforeEach
    void createFolders() throws Exception {
        scripts = dir.resolve("scripts");
        work = Files.createDirectory(dir.resolve("work"));
        executor = new ShellTaskExecutor(new ProcessExecutor(), Interpreters.system(), scripts);
    }

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void run_passesParametersOnlyThroughTheEnvironment_soHostileValuesStayInert() throws Exception {
        Path victim = Files.createFile(work.resolve("victim"));
        String substitution = "$(touch pwned)";
        String semicolon = "; rm -rf " + victim;
        // ${a} in the body is shell syntax for the variable a, never a TaskRunner placeholder.
        String script = """
                printf '[%s]\\n' "$PARAM_a" "$PARAM_b"
                echo $PARAM_a
                a=unset-by-taskrunner
                echo "${a}"
                """;
        TaskDefinition task = TaskDefinition.of("hostile", new ShellTask(script, null))
                .withParameters(List.of(text("a"), text("b")));
        TestRun run = TestRun.of(task).workDir(work).param("a", substitution).param("b", semicolon);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.stdout()).isEqualTo("[" + substitution + "]\n[" + semicolon + "]\n" + substitution
                + "\nunset-by-taskrunner\n");
        assertThat(victim).exists();
        assertThat(work.resolve("pwned")).doesNotExist();
    }

    @Test
    void run_whenScriptExitsNonZero_failsWithItsExitCode() {
        TestRun run = TestRun.of(shell("echo before\necho oops >&2\nexit 4\necho never", null)).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(run.stdout()).isEqualTo("before\n");
        assertThat(run.stderr()).isEqualTo("oops\n");
    }

    @Test
    void run_whenTimeoutPasses_killsProcessTree() throws Exception {
        TestRun run = TestRun.of(shell("sleep 300 &\nsleep 300 &\nwait\n", null)).workDir(work)
                .timeout(Duration.ofSeconds(2));

        CompletableFuture<TaskOutcome> outcome = TestProcesses.runAsync(run, executor);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !run.pids().isEmpty() && TestProcesses.tree(run.pids().getFirst()).size() == 3);
        Set<Long> tree = TestProcesses.tree(run.pids().getFirst());
        tree.forEach(processes::track);

        assertThat(outcome.get(30, TimeUnit.SECONDS).state()).isEqualTo(RunState.TIMED_OUT);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(tree).noneMatch(TestProcesses::alive));
    }

    @Test
    void run_writesTheScriptToAPrivateFile_andDeletesItAfterwards() throws Exception {
        TestRun run = TestRun.of(shell("echo \"$0\"\nls -l \"$0\"\n", null)).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        Path script = Path.of(run.stdout().lines().findFirst().orElseThrow());
        assertThat(script).startsWithRaw(scripts);
        assertThat(script.getFileName()).hasToString("task_shell_test.sh");
        assertThat(run.stdout().lines().skip(1).findFirst().orElseThrow()).as("only the owner may read it")
                .startsWith("-rw-------");
        assertThat(script).doesNotExist();
        try (Stream<Path> left = Files.list(scripts)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void run_whenScriptIsLongerThanOneArgumentMayBe_stillRuns() {
        // Linux refuses a single argument over 128 KiB; the body goes to a file, so this must not matter.
        String script = "# " + "x".repeat(200_000) + "\necho done\n";
        TestRun run = TestRun.of(shell(script, null)).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.stdout()).isEqualTo("done\n");
    }

    @Test
    void run_withBash_runsBashSyntax() {
        TaskDefinition task = shell("if [[ \"$PARAM_name\" == w* ]]; then echo \"bash says ${PARAM_name^^}\"; fi",
                "bash").withParameters(List.of(text("name")));
        TestRun run = TestRun.of(task).workDir(work).param("name", "world");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.stdout()).isEqualTo("bash says WORLD\n");
    }

    @Test
    void define_whenShellCarriesOptions_isRefusedNamingTheShellField() {
        assertThatThrownBy(() -> shell("echo hi", "bash -e"))
                .isInstanceOf(io.taskrunner.protocol.ProtocolException.class)
                .hasMessageStartingWith("shell: must be a program name");
    }

    @Test
    void run_whenShellIsNotInstalled_isUnsupported() {
        TestRun run = TestRun.of(shell("echo hi", "no-such-shell")).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error()).isEqualTo("unsupported: no shell 'no-such-shell' found on PATH");
    }

    private static TaskDefinition shell(String script, String shell) {
        return TaskDefinition.of("shell-test", new ShellTask(script, shell));
    }

    private static ParameterSpec text(String name) {
        return ParameterSpec.of(name, ParameterType.STRING, true);
    }
}
