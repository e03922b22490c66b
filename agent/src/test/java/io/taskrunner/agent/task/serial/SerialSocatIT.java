package io.taskrunner.agent.task.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial executors against real pseudo terminals: {@code socat} links {@code <tmp>/agent} (the port the tasks
 * use) with {@code <tmp>/device}, where a {@link DeviceSimulator} plays the scale or the command-driven device.
 */
class SerialSocatIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String WEIGHT = "^ST,GS,(?<weight>[-+0-9.]+)kg(?: #(?<seq>\\d+))?$";

    @TempDir
    Path dir;
    private Path device;
    private Path agent;
    private SocatPair socat;
    private DeviceSimulator simulator;
    private SerialPorts ports;
    private final ExecutorService runs = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("serial-it-run-", 0).factory());

    @BeforeEach
    void startPtys() throws IOException {
        socat = new SocatPair(dir);
        device = socat.device();
        agent = socat.agent();
        startSocat();
        ports = new SerialPorts();
    }

    @AfterEach
    void stopAll() throws Exception {
        runs.shutdownNow();
        try {
            stopSimulator();
            ports.close();
        } finally {
            stopSocat();
        }
    }

    @Test
    void serialRead_skipsUnstableFrames_andParsesTheWeight() {
        simulator = DeviceSimulator.scale(device, 50, false);
        TestRun run = TestRun.of(readTask(agent, 3000));

        TaskOutcome outcome = run.runWith(new SerialReadTaskExecutor(ports));

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("frame").asText()).isEqualTo("ST,GS,+0012.34kg");
        assertThat(outcome.result().get("values").get("weight").isDouble()).isTrue();
        assertThat(outcome.result().get("values").get("weight").asDouble()).isEqualTo(12.34);
        assertThat(outcome.result().get("port").asText()).isEqualTo(agent.toString());
        assertThat(run.stdout()).contains("frame from " + agent + ": ST,GS,+0012.34kg\n", "weight = 12.34\n");
        assertThat(run.pids()).containsExactly(0L);
    }

    @Test
    void serialWrite_withExpectedAnswer_succeedsWithTheAnswer() {
        simulator = DeviceSimulator.responder(device, 0, command -> command.equals("P3") ? "OK" : "ERR");
        TestRun run = TestRun.of(writeTask("P${n}\\r\\n", "^(?<status>OK)$")).param("n", "3");

        TaskOutcome outcome = run.runWith(new SerialWriteTaskExecutor(ports));

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().get("sent").asInt()).isEqualTo(4);
        assertThat(outcome.result().get("answer").asText()).isEqualTo("OK");
        assertThat(outcome.result().get("values").get("status").asText()).isEqualTo("OK");
        assertThat(simulator.commands()).containsExactly("P3");
    }

    @Test
    void serialWrite_withAnotherAnswer_failsWithThatAnswer() {
        simulator = DeviceSimulator.responder(device, 0, command -> "ERR");
        TestRun run = TestRun.of(writeTask("P${n}\\r\\n", "^OK$")).param("n", "3");

        TaskOutcome outcome = run.runWith(new SerialWriteTaskExecutor(ports));

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("serial port " + agent + " answered 'ERR', which does not match ^OK$");
        assertThat(outcome.result().get("answer").asText()).isEqualTo("ERR");
    }

    @Test
    void serialWrite_hexData_isSentAsBytes() {
        simulator = DeviceSimulator.responder(device, 0, command -> "OK");
        SerialWriteTask spec = new SerialWriteTask(SerialPortSettings.named(agent.toString()), "50 33 0d 0a", true,
                "OK", null, 0, 3000, 0, null);

        TaskOutcome outcome = TestRun.of(TaskDefinition.of("hex", spec)).runWith(new SerialWriteTaskExecutor(ports));

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(simulator.commands()).containsExactly("P3");
    }

    @Test
    void hostileParameter_isRefused_andNothingIsSent() {
        simulator = DeviceSimulator.responder(device, 0, command -> "OK");
        SerialWriteTaskExecutor executor = new SerialWriteTaskExecutor(ports);
        TestRun hostile = TestRun.of(writeTask("P${n}\\r\\n", "^OK$")).param("n", "3\r\nRESET");

        assertThatThrownBy(() -> hostile.runWith(executor))
                .isInstanceOf(TaskException.class)
                .hasMessageStartingWith("parameter 'n' holds a control character (0x0D at position 1)");
        TaskOutcome escaped = TestRun.of(writeTask("P${n}\\r\\n", "^OK$")).param("n", "3\\r\\nRESET")
                .runWith(executor);
        TaskOutcome honest = TestRun.of(writeTask("P${n}\\r\\n", "^OK$")).param("n", "3").runWith(executor);

        assertThat(hostile.pids()).isEmpty();
        assertThat(escaped.state()).as(escaped.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(honest.state()).as(honest.error()).isEqualTo(RunState.SUCCEEDED);
        // a backslash in a value is a backslash, not an escape: one command, sent literally
        assertThat(simulator.commands()).containsExactly("P3\\r\\nRESET", "P3");
    }

    @Test
    void concurrentReads_onOnePort_queue_andBothGetWholeFrames() {
        simulator = DeviceSimulator.scale(device, 40, true);
        SerialReadTaskExecutor executor = new SerialReadTaskExecutor(ports);

        List<CompletableFuture<TaskOutcome>> outcomes = List.of(
                CompletableFuture.supplyAsync(() -> TestRun.of(readTask(agent, 5000)).runWith(executor), runs),
                CompletableFuture.supplyAsync(() -> TestRun.of(readTask(agent, 5000)).runWith(executor), runs));

        List<TaskOutcome> done = outcomes.stream().map(CompletableFuture::join).toList();
        assertThat(done).allSatisfy(outcome -> {
            assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
            assertThat(outcome.result().get("frame").asText()).matches(WEIGHT);
        });
        assertThat(done.get(0).result().get("values").get("seq").asLong())
                .isNotEqualTo(done.get(1).result().get("values").get("seq").asLong());
    }

    @Test
    void concurrentWrites_onOnePort_neverInterleave() {
        simulator = DeviceSimulator.responder(device, 150, command -> "OK " + command);
        SerialWriteTaskExecutor executor = new SerialWriteTaskExecutor(ports);

        List<CompletableFuture<TaskOutcome>> outcomes = List.of("1", "2", "3").stream()
                .map(n -> CompletableFuture.supplyAsync(() -> TestRun.of(writeTask("P${n}\\r\\n", "^OK P" + n + "$"))
                        .param("n", n).runWith(executor), runs))
                .toList();

        assertThat(outcomes.stream().map(CompletableFuture::join)).allSatisfy(outcome ->
                assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED));
        assertThat(simulator.commands()).containsExactlyInAnyOrder("P1", "P2", "P3");
        assertThat(simulator.overlaps()).isZero();
    }

    @Test
    void waiter_givesUpAtItsOwnTimeout_whileAnotherTaskHoldsThePort() {
        // P1 is never answered, so its task holds the port until its own 4 s timeout
        simulator = DeviceSimulator.responder(device, 0, command -> null);
        SerialWriteTaskExecutor executor = new SerialWriteTaskExecutor(ports);
        SerialWriteTask unanswered = new SerialWriteTask(SerialPortSettings.named(agent.toString()), "P1\\r\\n", false,
                "OK", "\\r\\n", 0, 4000, 0, null);
        CompletableFuture<TaskOutcome> holder = CompletableFuture.supplyAsync(
                () -> TestRun.of(TaskDefinition.of("unanswered", unanswered)).runWith(executor), runs);
        await().atMost(WAIT).until(() -> simulator.commands().contains("P1"));

        TaskOutcome waiter = TestRun.of(readTask(agent, 300)).runWith(new SerialReadTaskExecutor(ports));

        assertThat(waiter.state()).isEqualTo(RunState.FAILED);
        assertThat(waiter.error()).isEqualTo("serial port " + agent + " busy with another task for 300 ms");
        assertThat(holder.join().error()).isEqualTo("serial port " + agent + ": no answer within 4000 ms: the device"
                + " sent nothing");
    }

    @Test
    void vanishingPty_failsTheRead_andItsReturnHealsWithoutRestart() throws Exception {
        SerialReadTaskExecutor executor = new SerialReadTaskExecutor(ports);
        simulator = DeviceSimulator.scale(device, 50, false);
        assertThat(TestRun.of(readTask(agent, 3000)).runWith(executor).state()).isEqualTo(RunState.SUCCEEDED);
        CompletableFuture<TaskOutcome> during = CompletableFuture.supplyAsync(
                () -> TestRun.of(readTask(agent, 8000, "^NEVER$")).runWith(executor), runs);

        stopSimulator();
        stopSocat();
        TaskOutcome afterVanishing = TestRun.of(readTask(agent, 3000)).runWith(executor);

        assertThat(during.get(WAIT.toSeconds(), TimeUnit.SECONDS).error())
                .matches("serial port " + agent + "(: the line failed .*unplugged.*| does not exist; present: .*)");
        assertThat(afterVanishing.state()).isEqualTo(RunState.FAILED);
        assertThat(afterVanishing.error()).startsWith("serial port " + agent + " does not exist; present: ");

        startSocat();
        simulator = DeviceSimulator.scale(device, 50, false);
        await().atMost(WAIT).untilAsserted(() -> {
            TaskOutcome healed = TestRun.of(readTask(agent, 2000)).runWith(executor);
            assertThat(healed.state()).as(healed.error()).isEqualTo(RunState.SUCCEEDED);
            assertThat(healed.result().get("values").get("weight").asDouble()).isEqualTo(12.34);
        });
    }

    @Test
    void replugBetweenUses_healsWithoutAFailedRun() throws IOException, InterruptedException {
        SerialReadTaskExecutor executor = new SerialReadTaskExecutor(ports);
        simulator = DeviceSimulator.scale(device, 50, false);
        assertThat(TestRun.of(readTask(agent, 3000)).runWith(executor).state()).isEqualTo(RunState.SUCCEEDED);

        stopSimulator();
        stopSocat();
        startSocat();
        simulator = DeviceSimulator.scale(device, 50, false);
        TaskOutcome afterReplug = TestRun.of(readTask(agent, 3000)).runWith(executor);

        assertThat(afterReplug.state()).as(afterReplug.error()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void missingPort_failsWithDoesNotExist() {
        Path missing = dir.resolve("ttyUSB9");

        TaskOutcome outcome = TestRun.of(readTask(missing, 1000)).runWith(new SerialReadTaskExecutor(ports));

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("serial port " + missing + " does not exist; present: ");
    }

    @Test
    void cancellingTheRun_endsTheWaitForAFrame() {
        TestRun run = TestRun.of(readTask(agent, 20_000));
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(
                () -> run.runWith(new SerialReadTaskExecutor(ports)), runs);
        await().atMost(WAIT).until(() -> !run.pids().isEmpty());

        run.cancel().cancel();

        assertThat(outcome.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().state())
                .isEqualTo(RunState.CANCELLED);
    }

    @Test
    void runTimeout_shorterThanTheFrameTimeout_timesTheRunOut() {
        TaskOutcome outcome = TestRun.of(readTask(agent, 20_000)).timeout(Duration.ofMillis(300))
                .runWith(new SerialReadTaskExecutor(ports));

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
    }

    private static TaskDefinition readTask(Path port, int timeoutMillis) {
        return readTask(port, timeoutMillis, WEIGHT);
    }

    private static TaskDefinition readTask(Path port, int timeoutMillis, String pattern) {
        return TaskDefinition.of("scale", new SerialReadTask(SerialPortSettings.named(port.toString()), "\\r\\n", 0,
                timeoutMillis, 0, pattern, null));
    }

    private TaskDefinition writeTask(String data, String expect) {
        SerialWriteTask spec = new SerialWriteTask(SerialPortSettings.named(agent.toString()), data, false, expect,
                "\\r\\n", 0, 3000, 0, null);
        return TaskDefinition.of("command", spec).withParameters(List.of(
                new ParameterSpec("n", ParameterType.STRING, null, false, null, null, null, null, null, false)));
    }

    private void startSocat() throws IOException {
        socat.start();
    }

    private void stopSocat() throws InterruptedException {
        socat.stop();
    }

    private void stopSimulator() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
