package io.taskrunner.agent.task.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.ProcessAction;
import io.taskrunner.protocol.definition.ProcessTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every process here runs a private copy of {@code sleep} or carries a unique marker, so a stop or kill can only
 * ever match what this test started.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessTaskIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ProcessTaskExecutor executor = new ProcessTaskExecutor(new ProcessExecutor());
    private final TestProcesses processes = new TestProcesses();

    @TempDir
    Path dir;

    private Path work;
    private Path sleep;

    @BeforeEach
    void prepare() throws Exception {
        work = Files.createDirectory(dir.resolve("work"));
        sleep = TestProcesses.uniqueSleep(dir);
    }

    @AfterEach
    void killLeftovers() {
        processes.killAll();
    }

    @Test
    void start_detached_leavesTheProgramRunningAfterTheRunFinished() throws Exception {
        TestRun run = run(start(sleep.toString(), List.of("300"), true));

        TaskOutcome outcome = run.runWith(executor);
        run.pids().forEach(processes::track);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        long pid = outcome.result().get("pid").asLong();
        assertThat(run.pids()).containsExactly(pid);
        assertThat(TestProcesses.alive(pid)).isTrue();
        assertThat(ProcessHandle.of(pid).orElseThrow().info().command()).contains(sleep.toRealPath().toString());
        Path log = Path.of(outcome.result().get("log").asText());
        assertThat(log).startsWithRaw(work).exists();
    }

    @Test
    void start_detached_appendsTheProgramsOutputToItsLog() throws Exception {
        TaskDefinition task = start("sh", List.of("-c", "echo \"out $PARAM_word\"; echo err >&2"), true)
                .withParameters(List.of(ParameterSpec.of("word", ParameterType.STRING, true)));
        TestRun run = run(task).param("word", "$(touch pwned)");

        TaskOutcome outcome = run.runWith(executor);
        run.pids().forEach(processes::track);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        Path log = Path.of(outcome.result().get("log").asText());
        await().atMost(WAIT).untilAsserted(() -> assertThat(log).content().isEqualTo("out $(touch pwned)\nerr\n"));
        assertThat(work.resolve("pwned")).doesNotExist();
    }

    @Test
    void stop_byCommandLinePattern_endsTheDetachedProgram() {
        TestRun started = run(start(sleep.toString(), List.of("300"), true));
        long pid = started.runWith(executor).result().get("pid").asLong();
        processes.track(pid);
        TestRun run = run(stopOrKill(ProcessAction.STOP, null, sleep.getFileName() + " 300$", 0));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result()).hasToString(
                "{\"matched\":1,\"stopped\":[" + pid + "],\"killed\":[],\"descendants\":[]}");
        assertThat(TestProcesses.alive(pid)).isFalse();
        assertThat(run.stdout()).contains("asked pid " + pid + " (" + sleep.getFileName() + ") to end");
    }

    @Test
    void stop_byPid_endsThatProcess() throws Exception {
        long pid = processes.start(List.of(sleep.toString(), "300")).pid();
        TaskDefinition stop = TaskDefinition.of("process-test", new ProcessTask(ProcessAction.STOP, null, null, false,
                null, null, "${target}", 0)).withParameters(List.of(ParameterSpec.of("target", ParameterType.INT,
                true)));

        TaskOutcome outcome = run(stop).param("target", pid).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("stopped").get(0).asLong()).isEqualTo(pid);
        assertThat(TestProcesses.alive(pid)).isFalse();
    }

    @Test
    void stop_byName_endsEveryProcessOfThatExecutable() throws Exception {
        long first = processes.start(List.of(sleep.toString(), "300")).pid();
        long second = processes.start(List.of(sleep.toString(), "301")).pid();

        TaskOutcome outcome = run(stopOrKill(ProcessAction.STOP, sleep.getFileName().toString(), null, 0))
                .runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("matched").asInt()).isEqualTo(2);
        assertThat(TestProcesses.alive(first)).isFalse();
        assertThat(TestProcesses.alive(second)).isFalse();
    }

    @Test
    void kill_endsTheMatchedProcessAndItsChildren() throws Exception {
        String marker = "tree-" + UUID.randomUUID();
        long parent = processes.start(List.of("sh", "-c", sleep + " 300 & wait", marker)).pid();
        await().atMost(WAIT).until(() -> TestProcesses.tree(parent).size() == 2);
        Set<Long> tree = TestProcesses.tree(parent);
        long child = tree.stream().filter(pid -> pid != parent).findFirst().orElseThrow();

        TaskOutcome outcome = run(stopOrKill(ProcessAction.KILL, null, marker, 0)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result()).hasToString(
                "{\"matched\":1,\"stopped\":[],\"killed\":[" + parent + "],\"descendants\":[" + child + "]}");
        await().atMost(WAIT).untilAsserted(() -> assertThat(tree).noneMatch(TestProcesses::alive));
    }

    @Test
    void stop_whenProgramIgnoresSigterm_killsItAndItsChildrenAfterTheGracePeriod() throws Exception {
        String marker = "stubborn-" + UUID.randomUUID();
        long parent = processes.start(List.of("sh", "-c", "trap '' TERM; " + sleep + " 300", marker)).pid();
        // Once the child runs, the trap is set.
        await().atMost(WAIT).until(() -> TestProcesses.tree(parent).size() == 2);
        Set<Long> tree = TestProcesses.tree(parent);

        TestRun run = run(stopOrKill(ProcessAction.STOP, null, marker, 1));
        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("stopped")).isEmpty();
        assertThat(outcome.result().get("killed").get(0).asLong()).isEqualTo(parent);
        assertThat(run.stdout()).contains("killed pid " + parent).contains("after 1 s");
        await().atMost(WAIT).untilAsserted(() -> assertThat(tree).noneMatch(TestProcesses::alive));
    }

    @Test
    void stop_whenNothingMatches_succeedsSayingSo() {
        String marker = "nothing-" + UUID.randomUUID();
        TestRun run = run(stopOrKill(ProcessAction.STOP, null, marker, 0));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result()).hasToString("{\"matched\":0,\"stopped\":[],\"killed\":[],\"descendants\":[]}");
        assertThat(run.stdout()).isEqualTo("no process matched command line matching '" + marker + "'\n");
    }

    @Test
    void kill_neverMatchesTheAgentItself() {
        long self = ProcessHandle.current().pid();
        TaskDefinition kill = TaskDefinition.of("process-test", new ProcessTask(ProcessAction.KILL, null, null, false,
                null, null, Long.toString(self), 0));

        TaskOutcome outcome = run(kill).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("matched").asInt()).isZero();
    }

    @Test
    void stop_whenPidIsNotANumber_failsNamingTheValue() {
        TaskDefinition stop = TaskDefinition.of("process-test", new ProcessTask(ProcessAction.STOP, null, null, false,
                null, null, "${target}", 0)).withParameters(List.of(text("target")));

        TaskOutcome outcome = run(stop).param("target", "12 13").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("pid '12 13' is not a process id");
    }

    @Test
    void start_supervised_whenTimeoutPasses_isTimedOutAndKilled() {
        TestRun run = run(start(sleep.toString(), List.of("300"), false)).timeout(Duration.ofSeconds(1));

        TaskOutcome outcome = run.runWith(executor);
        run.pids().forEach(processes::track);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(run.pids()).hasSize(1);
        await().atMost(WAIT).until(() -> !TestProcesses.alive(run.pids().getFirst()));
    }

    @Test
    void start_supervised_whenProgramExits_reportsItsExitCodeAndOutput() {
        TestRun run = run(start("sh", List.of("-c", "echo supervised; exit 2"), false));

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEqualTo("supervised\n");
    }

    private TestRun run(TaskDefinition task) {
        return TestRun.of(task).workDir(work);
    }

    private static TaskDefinition start(String program, List<String> args, boolean detached) {
        return TaskDefinition.of("process-test", new ProcessTask(ProcessAction.START, program, args, detached, null,
                null, null, 0));
    }

    private static TaskDefinition stopOrKill(ProcessAction action, String name, String pattern, int graceSeconds) {
        return TaskDefinition.of("process-test", new ProcessTask(action, null, null, false, name, pattern, null,
                graceSeconds));
    }

    private static ParameterSpec text(String name) {
        return ParameterSpec.of(name, ParameterType.STRING, true);
    }
}
