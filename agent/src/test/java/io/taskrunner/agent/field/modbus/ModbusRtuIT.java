package io.taskrunner.agent.field.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.taskrunner.agent.MutableClock;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.agent.task.serial.SocatPair;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.agent.task.modbus.ModbusReadTaskExecutor;
import io.taskrunner.agent.task.serial.SerialReadTaskExecutor;
import io.taskrunner.agent.task.serial.SerialWriteTaskExecutor;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.definition.field.SerialStopBits;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU against j2mod's own serial slave: {@code socat} links {@code <tmp>/device}, where the slave serves unit
 * 1 (the {@link KnownSlave} contents) and unit 2, with {@code <tmp>/agent}, the agent's side of the line.
 */
class ModbusRtuIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int UNIT2_FIRST = 2000;
    /** Holding register of unit 1 whose reading the slave holds back while {@link #gate} is armed. */
    private static final int GATED_REGISTER = 290;

    @TempDir
    Path dir;
    private Path slavePort;
    private Path masterPort;
    private SocatPair socat;
    private ModbusSlave slave;
    private SerialPorts serialPorts;
    private ModbusSlaves slaves;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Gate gate = new Gate();

    @BeforeEach
    void startLine() throws Exception {
        socat = new SocatPair(dir);
        slavePort = socat.device();
        masterPort = socat.agent();
        startSocat();
        startSlave();
        serialPorts = new SerialPorts();
        slaves = new ModbusSlaves(Clock.systemUTC(), serialPorts);
    }

    @AfterEach
    void stopAll() throws Exception {
        gate.open();
        try {
            for (AutoCloseable closeable : closeables) {
                closeable.close();
            }
            slaves.close();
            serialPorts.close();
        } finally {
            // socat first: the slave then stops at once instead of finishing its 3 s read
            try {
                stopSocat();
            } finally {
                stopSlave();
            }
        }
    }

    @Test
    void read_everyFunctionTypeAndOrder() {
        KnownSlave.readsEveryFunctionAndType(slaves, unit(1));
    }

    @Test
    void write_holdingRegistersAndCoils_readsThemBack() {
        KnownSlave.writesAndReadsBack(slaves, unit(1));
    }

    @Test
    void read_illegalAddress_failsWithTheModbusExceptionAndKeepsTheLine() {
        KnownSlave.failsWithModbusExceptionForAnIllegalAddress(slaves, unit(1));
    }

    @Test
    void twoUnitsOnOneLine_readConcurrently_eachGetsItsOwnAnswers() throws Exception {
        ModbusPoint first = ModbusPoint.of("v", KnownSlave.HOLDING, 1, ModbusDataType.UINT16);
        // the real device path names the same line: it must share the master, which holds the port exclusively
        ModbusEndpoint unit2ByRealPath = new ModbusEndpoint(null, 0, 2, 1000,
                SerialPortSettings.named(masterPort.toRealPath().toString()));
        List<CompletableFuture<Void>> readers = new ArrayList<>();
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("rtu-it-reader-", 0).factory())) {
            for (int t = 0; t < 4; t++) {
                boolean even = t % 2 == 0;
                readers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 10; i++) {
                        if (even) {
                            assertThat(slaves.read(unit(1), List.of(first))).containsEntry("v", 54321L);
                        } else {
                            assertThat(slaves.read(unit2ByRealPath, List.of(first)))
                                    .containsEntry("v", (long) UNIT2_FIRST + 1);
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void write_toUnit2_leavesUnit1Alone() {
        ModbusPoint register = ModbusPoint.of("r", KnownSlave.HOLDING, 5, ModbusDataType.INT16);

        slaves.write(unit(2), register, List.of(-7L));

        assertThat(slaves.read(unit(2), List.of(register))).containsEntry("r", -7L);
        assertThat(slaves.read(unit(1), List.of(register))).containsEntry("r", 24064L);
    }

    @Test
    void read_fromAMissingUnit_failsWithNoAnswer_andTheLineStillServesTheOthers() {
        ModbusEndpoint missing = new ModbusEndpoint(null, 0, 7, 300, SerialPortSettings.named(masterPort.toString()));
        ModbusPoint point = ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16);

        assertThatThrownBy(() -> slaves.read(missing, List.of(point))).isInstanceOf(FieldDeviceException.class)
                .hasMessage("Modbus " + masterPort + " unit 7: holding-registers 0 (v): no answer within 300 ms");
        assertThat(slaves.read(unit(1), List.of(point))).containsEntry("v", -1234L);
    }

    @Test
    void otherLineSettings_reopenTheLine_andStillRead() {
        ModbusEndpoint other = new ModbusEndpoint(null, 0, 1, 1000, new SerialPortSettings(masterPort.toString(),
                null, null, 19200, 8, SerialParity.EVEN, SerialStopBits.ONE, null));
        ModbusPoint point = ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16);

        assertThat(slaves.read(unit(1), List.of(point))).containsEntry("v", -1234L);
        // on a pty the settings mean nothing; on a real line the slave would have to match them
        assertThat(slaves.read(other, List.of(point))).containsEntry("v", -1234L);
        assertThat(slaves.read(unit(1), List.of(point))).containsEntry("v", -1234L);
    }

    @Test
    void readExecutor_onAnRtuLine_givesValuesAndTheSlave() {
        ModbusReadTask spec = new ModbusReadTask(null, 0, 2, 1000, SerialPortSettings.named(masterPort.toString()),
                List.of(ModbusPoint.of("first", KnownSlave.HOLDING, 0, ModbusDataType.UINT16),
                        new ModbusPoint("coils", ModbusFunction.COILS, 0, null, 2, 0, null, null, null, null, null)));
        TestRun run = TestRun.of(TaskDefinition.of("read-rtu", spec));

        TaskOutcome outcome = run.runWith(new ModbusReadTaskExecutor(slaves));

        assertThat(outcome.state()).as(outcome.error()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result().toString()).isEqualTo("{\"values\":{\"first\":" + UNIT2_FIRST
                + ",\"coils\":[true,true]},\"slave\":\"" + masterPort + " unit 2\"}");
        assertThat(run.stdout()).isEqualTo("first = " + UNIT2_FIRST + "\ncoils = [true, true]\n");
    }

    @Test
    void serialTasks_onTheRtuPort_areRefusedWhileTheMasterHoldsIt_andWorkOnceItIsClosed() {
        assertThat(slaves.read(unit(1), List.of(ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16))))
                .containsEntry("v", -1234L);
        SerialReadTask read = new SerialReadTask(SerialPortSettings.named(masterPort.toString()), "\\r\\n", 0, 1000,
                0, null, null);
        SerialWriteTask write = new SerialWriteTask(SerialPortSettings.named(masterPort.toString()), "hello\\r\\n",
                false, null, null, 0, 1000, 0, null);

        TaskOutcome refusedRead = TestRun.of(TaskDefinition.of("scale", read))
                .runWith(new SerialReadTaskExecutor(serialPorts));
        TaskOutcome refusedWrite = TestRun.of(TaskDefinition.of("say", write))
                .runWith(new SerialWriteTaskExecutor(serialPorts));

        assertThat(refusedRead.state()).isEqualTo(RunState.FAILED);
        assertThat(refusedRead.error()).isEqualTo("serial port " + masterPort + " is in use by Modbus RTU");
        assertThat(refusedWrite.error()).isEqualTo("serial port " + masterPort + " is in use by Modbus RTU");

        slaves.close();
        TaskOutcome afterClose = TestRun.of(TaskDefinition.of("say", write))
                .runWith(new SerialWriteTaskExecutor(serialPorts));

        assertThat(afterClose.state()).as(afterClose.error()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void rtuLine_waitsForASerialTaskUsingThePort_thenTakesIt() throws Exception {
        // the serial read holds the port until its 1.5 s timeout: the slave sends nothing unasked
        SerialReadTask read = new SerialReadTask(SerialPortSettings.named(masterPort.toString()), "\\r\\n", 0, 1500,
                0, null, null);
        TestRun reading = TestRun.of(TaskDefinition.of("scale", read));
        CompletableFuture<TaskOutcome> serial = CompletableFuture.supplyAsync(
                () -> reading.runWith(new SerialReadTaskExecutor(serialPorts)));
        Path device = masterPort.toRealPath();
        await().atMost(WAIT).until(() -> openInThisProcess(device));
        ModbusEndpoint patient = new ModbusEndpoint(null, 0, 1, 5000, SerialPortSettings.named(masterPort.toString()));

        assertThat(slaves.read(patient, List.of(ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16))))
                .containsEntry("v", -1234L);
        TaskOutcome serialOutcome = serial.get(10, TimeUnit.SECONDS);
        assertThat(serialOutcome.state()).isEqualTo(RunState.FAILED);
        assertThat(serialOutcome.error()).doesNotContain("Modbus RTU");
    }

    @Test
    void open_whenThePortCannotBeOpened_backsOffDoublingAndFailsFastMeanwhile() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        ModbusSlaves backingOff = new ModbusSlaves(clock, serialPorts);
        closeables.add(backingOff);
        Path notATerminal = Files.writeString(dir.resolve("not-a-tty"), "");
        ModbusEndpoint nowhere = new ModbusEndpoint(null, 0, 1, 500, SerialPortSettings.named(notATerminal.toString()));
        List<ModbusPoint> point = List.of(ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16));
        String prefix = "Modbus " + notATerminal + " unit 1: ";

        assertThatThrownBy(() -> backingOff.read(nowhere, point)).hasMessage(prefix + "cannot connect (cannot open "
                + notATerminal.toRealPath() + ": busy, not permitted or not a serial port); next attempt in 250 ms");
        clock.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> backingOff.read(nowhere, point))
                .hasMessageMatching(prefix + "not connected \\(.+\\); next attempt in 150 ms");
        clock.advance(Duration.ofMillis(150));
        assertThatThrownBy(() -> backingOff.read(nowhere, point)).hasMessageEndingWith("next attempt in 500 ms");
        // the failed opens let go of the port: serial tasks are not told it is in use by Modbus RTU
        SerialWriteTask write = new SerialWriteTask(SerialPortSettings.named(notATerminal.toString()), "x", false,
                null, null, 0, 500, 0, null);
        assertThat(TestRun.of(TaskDefinition.of("say", write)).runWith(new SerialWriteTaskExecutor(serialPorts))
                .error()).doesNotContain("Modbus RTU");
    }

    @Test
    void vanishingLine_failsTheRead_andItsReturnHealsWithoutRestart() throws Exception {
        ModbusPoint point = ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16);
        assertThat(slaves.read(unit(1), List.of(point))).containsEntry("v", -1234L);
        String oldDevice = masterPort.toRealPath().toString();

        stopSocat();
        stopSlave();

        assertThatThrownBy(() -> slaves.read(unit(1), List.of(point))).isInstanceOf(FieldDeviceException.class)
                .hasMessageStartingWith("Modbus " + masterPort + " unit 1: serial port " + masterPort
                        + " does not exist; present: ");
        // the dead master let go of the old device, which the system may give to another device
        serialPorts.hold(oldDevice, "the test", 100).release();

        startSocat();
        startSlave();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(slaves.read(unit(1), List.of(point))).containsEntry("v", -1234L));
        assertThat(slaves.read(unit(2), List.of(point))).containsEntry("v", (long) UNIT2_FIRST);
    }

    /** Whether this JVM has {@code device} open (Linux: {@code /proc/self/fd}). */
    private static boolean openInThisProcess(Path device) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.anyMatch(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor).equals(device);
                } catch (IOException e) {
                    // closed meanwhile
                    return false;
                }
            });
        }
    }

        @Test
    void lineDying_duringARequest_failsIt_andTheNextRequestOpensTheLineAfresh() throws Exception {
        String device = masterPort.toRealPath().toString();
        ModbusPoint gated = ModbusPoint.of("gated", KnownSlave.HOLDING, GATED_REGISTER, ModbusDataType.INT16);
        ModbusEndpoint patient = new ModbusEndpoint(null, 0, 1, 10_000,
                SerialPortSettings.named(masterPort.toString()));
        gate.arm();
        CompletableFuture<Object> during = CompletableFuture.supplyAsync(() -> slaves.read(patient, List.of(gated)));
        assertThat(gate.requested.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the slave got the request").isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).as("the request waits on the line's platform thread")
                .anyMatch(thread -> thread.getName().equals("modbus-rtu " + device) && !thread.isVirtual());

        stopSocat();

        assertThatThrownBy(() -> during.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause().isInstanceOf(FieldDeviceException.class)
                .hasMessageMatching("Modbus " + Pattern.quote(masterPort.toString()) + " unit 1: holding-registers 290"
                        + " \\(gated\\): the line failed \\(.+\\); was the adapter unplugged\\? The port is opened"
                        + " afresh on the next request");
        gate.open();
        stopSlave();
        startSocat();
        startSlave();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(slaves.read(unit(1), List.of(gated))).containsEntry("gated", 0L));
    }

    @Test
    void readExecutor_runTimeoutWhileAUnitIsSilent_timesTheRunOut_andTheLineServesTheNextRequest() {
        ModbusReadTask silent = new ModbusReadTask(null, 0, 9, 3000, SerialPortSettings.named(masterPort.toString()),
                List.of(ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16)));
        ModbusReadTaskExecutor executor = new ModbusReadTaskExecutor(slaves);

        long start = System.nanoTime();
        TaskOutcome timedOut = TestRun.of(TaskDefinition.of("silent", silent)).timeout(Duration.ofMillis(300))
                .runWith(executor);

        assertThat(timedOut.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        assertThat(slaves.read(unit(1), List.of(ModbusPoint.of("v", KnownSlave.HOLDING, 0, ModbusDataType.INT16))))
                .as("after the abandoned request's own timeout").containsEntry("v", -1234L);
    }

    private ModbusEndpoint unit(int unitId) {
        return new ModbusEndpoint(null, 0, unitId, 1000, SerialPortSettings.named(masterPort.toString()));
    }

    private void startSlave() throws Exception {
        SimpleProcessImage known = new SimpleProcessImage(1);
        int[] holding = KnownSlave.registers(KnownSlave.HOLDING);
        int[] input = KnownSlave.registers(KnownSlave.INPUT);
        for (int i = 0; i < KnownSlave.REGISTER_COUNT; i++) {
            known.addRegister(i == GATED_REGISTER ? new GatedRegister(gate) : new SimpleRegister(holding[i]));
            known.addInputRegister(new SimpleInputRegister(input[i]));
        }
        for (int i = 0; i < KnownSlave.BIT_COUNT; i++) {
            known.addDigitalOut(new SimpleDigitalOut(KnownSlave.coil(i)));
            known.addDigitalIn(new SimpleDigitalIn(KnownSlave.discreteInput(i)));
        }
        SimpleProcessImage second = new SimpleProcessImage(2);
        for (int i = 0; i < 10; i++) {
            second.addRegister(new SimpleRegister(UNIT2_FIRST + i));
            second.addDigitalOut(new SimpleDigitalOut(true));
        }
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(slavePort.toRealPath().toString());
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setBaudRate(9600);
        slave = ModbusSlaveFactory.createSerialSlave(parameters);
        slave.setThreadName("rtu-it-slave");
        slave.addProcessImage(1, known);
        slave.addProcessImage(2, second);
        slave.open();
    }

    private void stopSlave() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
            slave = null;
        }
    }

    private void startSocat() throws IOException {
        socat.start();
    }

    private void stopSocat() throws InterruptedException {
        socat.stop();
    }

    /** Holds the slave back inside a request, so the line can be made to die while the master waits. */
    private static final class Gate {
        private final CountDownLatch requested = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile boolean armed;

        void arm() {
            armed = true;
        }

        void open() {
            armed = false;
            opened.countDown();
        }

        void pass() {
            if (!armed) {
                return;
            }
            requested.countDown();
            try {
                opened.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A register (value 0) whose reading waits at the gate. */
    private static final class GatedRegister extends SimpleRegister {
        private final transient Gate gate;

        GatedRegister(Gate gate) {
            super(0);
            this.gate = gate;
        }

        @Override
        public synchronized byte[] toBytes() {
            gate.pass();
            return super.toBytes();
        }

        @Override
        public synchronized int getValue() {
            gate.pass();
            return super.getValue();
        }

        @Override
        public synchronized int toUnsignedShort() {
            gate.pass();
            return super.toUnsignedShort();
        }
    }
}
