package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.PythonTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs({OS.LINUX, OS.MAC})
class PythonTaskIT {

    private final TestProcesses processes = new TestProcesses();

    @TempDir
    Path dir;

    private Path scripts;
    private Path work;
    private InterpreterTaskExecutor executor;

    @BeforeAll
    static void requirePython() {
        assertThat(Interpreters.system().findFirst(List.of("python3", "python")))
                .as("python3 must be installed on PATH to run this test")
                .isPresent();
    }

    @BeforeEach
    void createFolders() throws Exception {
        scripts = dir.resolve("scripts");
        work = Files.createDirectory(dir.resolve("work"));
        executor = new InterpreterTaskExecutor(new ProcessExecutor(), Interpreters.system(), scripts);
    }

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void run_passesParametersThroughTheEnvironment_andPrintsUtf8() throws Exception {
        String script = """
                import os
                print("hello " + os.environ["PARAM_who"])
                print("grüße ✓")
                """;
        TaskDefinition task = python(script).withParameters(List.of(ParameterSpec.of("who", ParameterType.STRING,
                true)));
        TestRun run = TestRun.of(task).workDir(work).param("who", "wörld $(touch pwned)");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("hello wörld $(touch pwned)\ngrüße ✓\n");
        assertThat(work.resolve("pwned")).doesNotExist();
        try (Stream<Path> left = Files.list(scripts)) {
            assertThat(left).as("the script folder is deleted, with no bytecode left behind").isEmpty();
        }
    }

    @Test
    void run_whenScriptExitsNonZero_failsWithExitCodeAndStderr() {
        String script = """
                import sys
                print("partial")
                sys.stderr.write("bad thing\\n")
                sys.exit(5)
                """;
        TestRun run = TestRun.of(python(script)).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(5);
        assertThat(outcome.error()).isEqualTo("exit code 5");
        assertThat(run.stdout()).isEqualTo("partial\n");
        assertThat(run.stderr()).isEqualTo("bad thing\n");
    }

    @Test
    void run_whenScriptRaises_failsWithTheTracebackOnStderr() {
        TestRun run = TestRun.of(python("raise ValueError('no good')\n")).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("Traceback").contains("ValueError: no good");
    }

    @Test
    void run_whenScriptIsNamedLikeAModule_stillImportsTheRealModule() {
        TaskDefinition task = TaskDefinition.of("json", new PythonTask("import json\nprint(json.dumps([1]))\n"));
        TestRun run = TestRun.of(task).workDir(work);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.stdout()).isEqualTo("[1]\n");
    }

    @Test
    void run_whenTimeoutPasses_killsTheInterpreter() throws Exception {
        TestRun run = TestRun.of(python("import time\nprint('sleeping', flush=True)\ntime.sleep(300)\n"))
                .workDir(work).timeout(Duration.ofSeconds(2));

        CompletableFuture<TaskOutcome> outcome = TestProcesses.runAsync(run, executor);
        await().atMost(Duration.ofSeconds(10)).until(() -> !run.pids().isEmpty());
        long pid = run.pids().getFirst();
        processes.track(pid);

        assertThat(outcome.get(30, TimeUnit.SECONDS).state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(run.stdout()).isEqualTo("sleeping\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> !TestProcesses.alive(pid));
    }

    @Test
    void run_whenNoPythonIsOnPath_isUnsupported() throws Exception {
        Path emptyPath = Files.createDirectory(dir.resolve("empty-path"));
        InterpreterTaskExecutor withoutPython = new InterpreterTaskExecutor(new ProcessExecutor(),
                new Interpreters(emptyPath.toString(), null, false), scripts);
        TestRun run = TestRun.of(python("print('never')\n")).workDir(work);

        TaskOutcome outcome = run.runWith(withoutPython);

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error())
                .isEqualTo("unsupported: no Python interpreter found: looked for python3, python on PATH");
        assertThat(run.pids()).isEmpty();
    }

    private static TaskDefinition python(String script) {
        return TaskDefinition.of("python-test", new PythonTask(script));
    }
}
