package io.taskrunner.agent.field.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.taskrunner.agent.MutableClock;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.agent.task.modbus.ModbusReadTaskExecutor;
import io.taskrunner.agent.task.modbus.ModbusWriteTaskExecutor;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.ModbusWriteTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against j2mod's own TCP slave in this JVM, plus a dead slave that accepts connections and never answers. */
class ModbusJ2modSlaveIT {
    /** Holding register that ignores writes, to see verification fail. */
    private static final int STUCK_REGISTER = 250;

    private final List<ModbusSlave> started = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ModbusSlaves slaves;
    private ModbusEndpoint endpoint;

    @BeforeEach
    void startSlave() throws Exception {
        int port = freePort();
        startSlaveOn(port);
        slaves = new ModbusSlaves(Clock.systemUTC());
        closeables.add(slaves);
        endpoint = new ModbusEndpoint("127.0.0.1", port, 1, 2000, null);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        started.forEach(ModbusSlaveFactory::close);
    }

    @Test
    void read_everyFunctionTypeAndOrder() {
        KnownSlave.readsEveryFunctionAndType(slaves, endpoint);
    }

    @Test
    void write_holdingRegistersAndCoils_readsThemBack() {
        KnownSlave.writesAndReadsBack(slaves, endpoint);
    }

    @Test
    void read_illegalAddress_failsWithTheModbusExceptionAndKeepsTheConnection() {
        KnownSlave.failsWithModbusExceptionForAnIllegalAddress(slaves, endpoint);
    }

    @Test
    void read_fromADeadSlave_doesNotDelayReadsFromALiveOne() throws Exception {
        ServerSocket dead = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(dead);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().name("dead-slave-accept").start(() -> {
            try {
                while (true) {
                    accepted.add(dead.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        closeables.add(() -> {
            for (Socket socket : accepted) {
                socket.close();
            }
        });
        ModbusEndpoint deadEndpoint = new ModbusEndpoint("127.0.0.1", dead.getLocalPort(), 1, 3000, null);
        ModbusPoint point = ModbusPoint.of("value", KnownSlave.HOLDING, 0, ModbusDataType.INT16);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        closeables.add(threads::shutdownNow);

        long deadStart = System.nanoTime();
        Future<?> deadRead = threads.submit(() -> slaves.read(deadEndpoint, List.of(point)));
        await().atMost(Duration.ofSeconds(2)).until(() -> !accepted.isEmpty());
        long liveStart = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertThat(slaves.read(endpoint, List.of(point))).containsEntry("value", -1234L);
        }
        long liveMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - liveStart);

        assertThat(liveMillis).as("10 live reads while the dead slave's request hangs").isLessThan(1000);
        assertThat(deadRead.isDone()).as("the dead slave's request is still waiting").isFalse();
        assertThatThrownBy(deadRead::get).hasCauseInstanceOf(FieldDeviceException.class).cause()
                .hasMessage("Modbus " + deadEndpoint.label() + ": holding-registers 0 (value): no answer within"
                        + " 3000 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deadStart)).as("one try, not five")
                .isBetween(2900L, 5000L);
    }

    @Test
    void read_concurrentlyOnOneConnection_takesTurnsAndGetsEveryAnswerRight() throws Exception {
        ModbusPoint int32 = KnownSlave.point("v", KnownSlave.HOLDING, 2, ModbusDataType.INT32, null, null);
        ModbusPoint otherUnitAndTimeout = ModbusPoint.of("w", KnownSlave.INPUT, 1, ModbusDataType.UINT16);
        ModbusEndpoint sameServer = new ModbusEndpoint("127.0.0.1", endpoint.port(), 1, 1500, null);
        List<CompletableFuture<Void>> readers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                boolean even = t % 2 == 0;
                readers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        if (even) {
                            assertThat(slaves.read(endpoint, List.of(int32))).containsEntry("v", -123456789L);
                        } else {
                            assertThat(slaves.read(sameServer, List.of(otherUnitAndTimeout)))
                                    .containsEntry("w", 11111L);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void connect_whenRefused_backsOffDoublingAndFailsFastMeanwhile_thenConnects() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        ModbusSlaves backingOff = new ModbusSlaves(clock);
        closeables.add(backingOff);
        int port = freePort();
        ModbusEndpoint nobody = new ModbusEndpoint("127.0.0.1", port, 1, 1000, null);
        List<ModbusPoint> point = List.of(ModbusPoint.of("value", KnownSlave.HOLDING, 0, ModbusDataType.INT16));
        String prefix = "Modbus 127.0.0.1:" + port + " unit 1: ";

        assertThatThrownBy(() -> backingOff.read(nobody, point))
                .hasMessageMatching(prefix + "cannot connect \\(.*refused.*\\); next attempt in 250 ms");
        clock.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> backingOff.read(nobody, point))
                .hasMessageMatching(prefix + "not connected \\(.*refused.*\\); next attempt in 150 ms");
        clock.advance(Duration.ofMillis(150));
        assertThatThrownBy(() -> backingOff.read(nobody, point)).hasMessageEndingWith("next attempt in 500 ms");
        clock.advance(Duration.ofMillis(500));
        assertThatThrownBy(() -> backingOff.read(nobody, point)).hasMessageEndingWith("next attempt in 1000 ms");

        startSlaveOn(port);
        assertThatThrownBy(() -> backingOff.read(nobody, point)).as("still backing off")
                .hasMessageEndingWith("next attempt in 1000 ms");
        clock.advance(Duration.ofSeconds(1));
        assertThat(backingOff.read(nobody, point)).containsEntry("value", -1234L);
    }

    @Test
    void readExecutor_givesValuesSlaveAndOneLinePerValue() {
        ModbusReadTask spec = new ModbusReadTask("127.0.0.1", endpoint.port(), 1, 2000, null, List.of(
                new ModbusPoint("temperature", KnownSlave.HOLDING, 19, null, 0, 0, null, null, 0.1, null, "°C"),
                new ModbusPoint("name", KnownSlave.INPUT, 15, ModbusDataType.STRING, 0, 7, null, null, null, null,
                        null),
                new ModbusPoint("coils", ModbusFunction.COILS, 0, null, 3, 0, null, null, null, null, null)));
        TestRun run = TestRun.of(TaskDefinition.of("read-plc", spec));

        TaskOutcome outcome = run.runWith(new ModbusReadTaskExecutor(slaves));

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().toString()).isEqualTo("{\"values\":{\"temperature\":21.5,\"name\":\"ABCDEFG\","
                + "\"coils\":[true,false,false]},\"slave\":\"127.0.0.1:" + endpoint.port() + " unit 1\"}");
        assertThat(run.stdout()).isEqualTo("temperature = 21.5 °C\nname = ABCDEFG\ncoils = [true, false, false]\n");
        assertThat(run.pids()).containsExactly(0L);
    }

    @Test
    void readExecutor_whenTheSlaveFails_failsTheRunWithTheDeviceMessage() {
        ModbusReadTask spec = new ModbusReadTask("127.0.0.1", endpoint.port(), 1, 2000, null,
                List.of(ModbusPoint.of("missing", KnownSlave.HOLDING, 5000, null)));

        assertThatThrownBy(() -> TestRun.of(TaskDefinition.of("read-plc", spec))
                .runWith(new ModbusReadTaskExecutor(slaves))).isInstanceOf(TaskException.class)
                .hasMessageContaining("holding-registers 5000 (missing): the slave answered with exception 2");
    }

    @Test
    void readExecutor_againstADeadSlave_stopsAtTheRunTimeout_andWhenCancelled() throws Exception {
        ServerSocket dead = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(dead);
        ModbusReadTask spec = new ModbusReadTask("127.0.0.1", dead.getLocalPort(), 1, 10_000, null,
                List.of(ModbusPoint.of("value", KnownSlave.HOLDING, 0, null)));
        ModbusReadTaskExecutor executor = new ModbusReadTaskExecutor(slaves);

        long start = System.nanoTime();
        TaskOutcome timedOut = TestRun.of(TaskDefinition.of("t", spec)).timeout(Duration.ofMillis(300))
                .runWith(executor);
        assertThat(timedOut.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);

        TestRun cancelled = TestRun.of(TaskDefinition.of("t", spec)).timeout(Duration.ofSeconds(30));
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(() -> cancelled.runWith(executor));
        await().atMost(Duration.ofSeconds(5)).until(() -> !cancelled.pids().isEmpty());
        cancelled.cancel().cancel();
        assertThat(outcome.get(3, TimeUnit.SECONDS).state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void writeExecutor_takesWholeParametersTypedAndLiterals_writesAndVerifies() {
        ModbusWriteTask spec = write(ModbusFunction.HOLDING_REGISTERS, 120, ModbusDataType.FLOAT32, 0.5,
                List.of("${speed}", "7.5", "${count}"), true);
        TestRun run = TestRun.of(TaskDefinition.of("set-speed", spec).withParameters(List.of(
                ParameterSpec.of("speed", ParameterType.NUMBER, true),
                ParameterSpec.of("count", ParameterType.INT, true)))).param("speed", 12.25).param("count", 3);

        TaskOutcome outcome = run.runWith(new ModbusWriteTaskExecutor(slaves));

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().toString()).isEqualTo("{\"written\":[12.25,7.5,3.0],\"verified\":true}");
        assertThat(run.stdout()).isEqualTo("wrote [12.25, 7.5, 3] to holding-registers 120-125 of Modbus "
                + endpoint.label() + ", verified\n");
        assertThat(slaves.read(endpoint, List.of(new ModbusPoint("raw", KnownSlave.HOLDING, 120,
                ModbusDataType.FLOAT32, 3, 0, null, null, null, null, null))))
                .as("stored as value / scale").containsEntry("raw", List.of(24.5, 15.0, 6.0));
    }

    @Test
    void writeExecutor_coilFromABoolParameter() {
        ModbusWriteTask spec = write(ModbusFunction.COILS, 71, null, null, List.of("${on}", "off"), false);
        TestRun run = TestRun.of(TaskDefinition.of("pump", spec).withParameters(List.of(
                ParameterSpec.of("on", ParameterType.BOOL, true)))).param("on", true);

        TaskOutcome outcome = run.runWith(new ModbusWriteTaskExecutor(slaves));

        assertThat(outcome.result().toString()).isEqualTo("{\"written\":[true,false],\"verified\":false}");
        assertThat(slaves.read(endpoint, List.of(new ModbusPoint("c", ModbusFunction.COILS, 70, null, 4, 0, null,
                null, null, null, null)))).as("71 was off, 72 on")
                .containsEntry("c", List.of(false, true, false, false));
    }

    @Test
    void writeExecutor_refusesTextAroundAPlaceholderAndValuesThatDoNotFit_writingNothing() {
        ModbusWriteTaskExecutor executor = new ModbusWriteTaskExecutor(slaves);
        List<ParameterSpec> level = List.of(ParameterSpec.of("level", ParameterType.INT, true));

        assertThatThrownBy(() -> TestRun.of(TaskDefinition.of("t", write(ModbusFunction.HOLDING_REGISTERS, 130,
                ModbusDataType.UINT16, null, List.of("1${level}"), false)).withParameters(level)).param("level", 5)
                .runWith(executor)).isInstanceOf(TaskException.class)
                .hasMessageContaining("values[0] '1${level}' must be a literal or one whole placeholder");
        assertThatThrownBy(() -> TestRun.of(TaskDefinition.of("t", write(ModbusFunction.HOLDING_REGISTERS, 130,
                ModbusDataType.UINT16, null, List.of("1", "${level}"), false)).withParameters(level))
                .param("level", 70000).runWith(executor)).isInstanceOf(TaskException.class)
                .hasMessage("values: value 70000 does not fit uint16 (0..65535)");
        assertThatThrownBy(() -> TestRun.of(TaskDefinition.of("t", write(ModbusFunction.HOLDING_REGISTERS, 130,
                ModbusDataType.INT16, null, List.of("warm"), false))).runWith(executor))
                .isInstanceOf(TaskException.class).hasMessageContaining("values[0]: 'warm' is not a number");

        assertThat(slaves.read(endpoint, List.of(new ModbusPoint("r", KnownSlave.HOLDING, 130, null, 2, 0, null, null,
                null, null, null)))).as("nothing written").containsEntry("r", List.of(0L, 0L));
    }

    @Test
    void writeExecutor_whenTheSlaveKeepsAnotherValue_failsVerificationNamingExpectedAndActual() {
        ModbusWriteTask spec = write(ModbusFunction.HOLDING_REGISTERS, STUCK_REGISTER, ModbusDataType.INT16, null,
                List.of("5"), true);

        TaskOutcome outcome = TestRun.of(TaskDefinition.of("t", spec)).runWith(new ModbusWriteTaskExecutor(slaves));

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("verify failed for holding-registers 250 of Modbus " + endpoint.label()
                + ": written expected 5, read back 0");
        JsonNode result = outcome.result();
        assertThat(result.get("verified").asBoolean()).isFalse();
    }

    private ModbusWriteTask write(ModbusFunction function, int address, ModbusDataType type, Double scale,
            List<String> values, boolean verify) {
        return new ModbusWriteTask("127.0.0.1", endpoint.port(), 1, 2000, null, function, address, type, 0, null,
                null, scale, null, values, verify);
    }

    private void startSlaveOn(int port) throws Exception {
        SimpleProcessImage image = new SimpleProcessImage(1);
        int[] holding = KnownSlave.registers(KnownSlave.HOLDING);
        int[] input = KnownSlave.registers(KnownSlave.INPUT);
        for (int i = 0; i < KnownSlave.REGISTER_COUNT; i++) {
            image.addRegister(i == STUCK_REGISTER ? new StuckRegister() : new SimpleRegister(holding[i]));
            image.addInputRegister(new SimpleInputRegister(input[i]));
        }
        for (int i = 0; i < KnownSlave.BIT_COUNT; i++) {
            image.addDigitalOut(new SimpleDigitalOut(KnownSlave.coil(i)));
            image.addDigitalIn(new SimpleDigitalIn(KnownSlave.discreteInput(i)));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        started.add(slave);
        slave.addProcessImage(1, image);
        slave.open();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A register that keeps 0 whatever is written. */
    private static final class StuckRegister extends SimpleRegister {
        StuckRegister() {
            super(0);
        }

        @Override
        public synchronized void setValue(int value) {
            // ignores writes
        }

        @Override
        public synchronized void setValue(short value) {
            // ignores writes
        }

        @Override
        public synchronized void setValue(byte[] bytes) {
            // ignores writes
        }
    }
}
