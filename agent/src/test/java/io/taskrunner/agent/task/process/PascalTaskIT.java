package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.Interpreters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.PascalTask;
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

/** Needs Free Pascal's instantfpc (Debian/Ubuntu package fp-utils); fails rather than skips without it. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PascalTaskIT {

    private static final String HELLO = """
            program Hello;
            uses SysUtils;
            begin
              WriteLn('Hello, ', GetEnvironmentVariable('PARAM_who'), '!');
            end.
            """;

    private final TestProcesses processes = new TestProcesses();

    @TempDir
    Path dir;

    private Path dataDir;
    private Path work;
    private InterpreterTaskExecutor executor;

    @BeforeAll
    static void requireInstantfpc() {
        assertThat(Interpreters.system().find("instantfpc"))
                .as("instantfpc (Free Pascal; Debian/Ubuntu package fp-utils, which CI installs) must be on PATH")
                .isPresent();
    }

    @BeforeEach
    void createFolders() throws Exception {
        dataDir = Files.createDirectory(dir.resolve("data"));
        work = Files.createDirectory(dir.resolve("work"));
        executor = new InterpreterTaskExecutor(new ProcessExecutor(), Interpreters.system(),
                dir.resolve("scripts"));
    }

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void run_compilesAndRunsTheScript_withAParameterFromTheEnvironment() {
        TaskDefinition task = pascal(HELLO).withParameters(List.of(ParameterSpec.of("who", ParameterType.STRING,
                true)));
        TestRun run = run(task).param("who", "O'Brien $(touch pwned)");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).as(run.stdout()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("Hello, O'Brien $(touch pwned)!\n");
        assertThat(work.resolve("pwned")).doesNotExist();
        assertThat(run.pids()).hasSize(1);
    }

    @Test
    void run_whenTheSameScriptRunsAgain_usesTheCompiledProgramFromTheAgentsCache() throws Exception {
        TaskDefinition task = pascal(HELLO).withParameters(List.of(ParameterSpec.of("who", ParameterType.STRING,
                true)));
        assertThat(run(task).param("who", "first").runWith(executor).state()).isEqualTo(RunState.SUCCEEDED);
        Path cache = dataDir.resolve("cache").resolve("instantfpc");
        List<Path> cached;
        try (Stream<Path> files = Files.list(cache)) {
            cached = files.filter(Files::isExecutable).filter(Files::isRegularFile).toList();
        }
        assertThat(cached).as("the compiled program is in the agent's cache").hasSize(1);
        long compiledAt = Files.getLastModifiedTime(cached.getFirst()).toMillis();

        TestRun again = run(task).param("who", "second");
        TaskOutcome outcome = again.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(again.stdout()).isEqualTo("Hello, second!\n");
        assertThat(Files.getLastModifiedTime(cached.getFirst()).toMillis()).as("not compiled again")
                .isEqualTo(compiledAt);
    }

    @Test
    void run_whenProgramHalts_failsWithItsExitCode() {
        TestRun run = run(pascal("begin\n  WriteLn('stopping');\n  Halt(3);\nend.\n"));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.error()).isEqualTo("exit code 3");
        assertThat(run.stdout()).isEqualTo("stopping\n");
    }

    @Test
    void run_whenScriptDoesNotCompile_failsWithTheCompilerMessages() {
        TestRun run = run(pascal("begin\n  WriteLn(undeclared);\nend.\n"));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("did not compile");
        assertThat(run.stdout()).contains("Identifier not found");
    }

    @Test
    void run_whenTimeoutPasses_killsTheProgram() throws Exception {
        TestRun run = run(pascal("uses SysUtils;\nbegin\n  WriteLn('sleeping');\n  Flush(Output);\n"
                + "  Sleep(300000);\nend.\n")).timeout(Duration.ofSeconds(5));

        CompletableFuture<TaskOutcome> outcome = TestProcesses.runAsync(run, executor);
        await().atMost(Duration.ofSeconds(30)).until(() -> run.stdout().contains("sleeping"));
        Path cache = dataDir.resolve("cache").resolve("instantfpc").toRealPath();
        List<ProcessHandle> programs = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.startsWith(cache.toString())).orElse(false))
                .toList();
        assertThat(programs).hasSize(1);
        processes.track(programs.getFirst().pid());

        assertThat(outcome.get(30, TimeUnit.SECONDS).state()).isEqualTo(RunState.TIMED_OUT);
        await().atMost(Duration.ofSeconds(10)).until(() -> !programs.getFirst().isAlive());
    }

    private TestRun run(TaskDefinition task) {
        return TestRun.of(task).workDir(work).services(new TestRun.Services(null, null, dataDir));
    }

    private static TaskDefinition pascal(String script) {
        return TaskDefinition.of("pascal-test", new PascalTask(script));
    }
}
