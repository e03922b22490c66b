package io.taskrunner.agent.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.taskrunner.agent.alert.AlertNotifier;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunHistory;
import io.taskrunner.agent.engine.RunLogs;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.FieldDevices;
import io.taskrunner.agent.store.AgentStore;
import io.taskrunner.agent.store.OutboxEntry;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.agent.task.serial.DeviceSimulator;
import io.taskrunner.agent.task.serial.SocatPair;
import io.taskrunner.agent.trigger.DeviceDataStore;
import io.taskrunner.agent.watchdog.Incidents;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.Condition;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.collector.CollectorPublish;
import io.taskrunner.protocol.definition.collector.CollectorStore;
import io.taskrunner.protocol.definition.collector.CollectorThreshold;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.definition.watchdog.AlertLevel;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.CollectorValues;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector engine over a real agent store, event log, run engine and H2 table. The device is the edge here: a
 * map of values per collector that the test changes (the Modbus and serial collectors have their own ITs).
 */
class CollectorEngineIT {
    private static final ModbusReadTask MAP = new ModbusReadTask("127.0.0.1", 5020, null, 0, null, List.of(
            ModbusPoint.of("temperature", ModbusFunction.INPUT_REGISTERS, 0, ModbusDataType.INT16),
            ModbusPoint.of("line_idle", ModbusFunction.COILS, 0, null)));

    @TempDir
    Path dir;
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, Map<String, Object>> device = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> stuck = new ConcurrentHashMap<>();
    private final List<CollectorValues> console = new CopyOnWriteArrayList<>();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private AgentStore store;
    private EventLog events;
    private RunEngine runs;
    private JdbcDatasources datasources;
    private DefinitionRegistry definitions;
    private CollectorEngine engine;
    private FieldDevices field;
    private final List<ModbusSlave> slaves = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = AgentStore.open(dir.resolve("agent-store.mv.db"));
        events = new EventLog(store.outbox(), codec, Clock.systemUTC());
        definitions = new DefinitionRegistry();
        definitions.setLocal(new DefinitionSet(List.of(new TaskDefinition("maintenance", null, List.of(
                new ParameterSpec("temperature", ParameterType.INT, null, false, null, null, null, null, null,
                        false)), 0, null, null, null, null, 0, null,
                new CommandTask("echo", List.of("cooling at ${temperature}")))), null, null));
        runs = new RunEngine(events, store.runQueue(), new RunHistory(store.runHistory(), codec.mapper()),
                definitions, new TaskExecutors(List.of(new CommandTaskExecutor(new ProcessExecutor()))),
                new TestRun.Services(null, null, dir), dir.resolve("work"),
                new RunLogs(dir.resolve("logs"), Clock.systemUTC(), 14), Clock.systemUTC(), codec.mapper(),
                Duration.ofSeconds(5));
        runs.start();
        datasources = new JdbcDatasources(new SecretResolver(dir.resolve("secrets.json"), Map.of()));
        datasources.update(List.of(new DatasourceDefinition("plant", "jdbc:h2:" + dir.resolve("plant")
                .toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE", "sa", null, null),
                new DatasourceDefinition("pg", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", null, null)));
        try (Connection connection = datasources.open("plant"); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE press_values (collected_at TIMESTAMP NOT NULL, temperature INT,"
                    + " line_idle BOOLEAN)");
        }
        field = new FieldDevices(Clock.systemUTC());
        engine = newEngine();
    }

    private CollectorEngine newEngine() {
        return newEngine(this::read);
    }

    /** An engine reading real devices through the agent's field devices. */
    private CollectorEngine fieldEngine() {
        engine.close();
        return newEngine(collector -> field.poll(collector.spec(), new CancellationToken()));
    }

    private CollectorEngine newEngine(CollectorReader reader) {
        Incidents incidents = new Incidents(store.records("collector-alerts"), events, AlertNotifier.NONE,
                codec.mapper(), Clock.systemUTC());
        return new CollectorEngine(new CollectorEngine.Parts(Clock.systemUTC(), reader, new CollectorOutputs() {
            @Override
            public void toConsole(CollectorValues values) {
                console.add(values);
            }

            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retain) {
                published.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
            }
        }, new DeviceDataStore(datasources), runs, name -> definitions.current().task(name), incidents,
                codec.mapper()));
    }

    private Map<String, Object> read(CollectorDefinition collector) {
        CountDownLatch latch = stuck.get(collector.name());
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FieldDeviceException("interrupted");
            }
        }
        Map<String, Object> values = device.get(collector.name());
        if (values == null) {
            throw new FieldDeviceException("Modbus 127.0.0.1:5020 unit 1: connection refused");
        }
        return values;
    }

    @AfterEach
    void tearDown() {
        stuck.values().forEach(CountDownLatch::countDown);
        engine.close();
        runs.close();
        field.close();
        store.close();
        slaves.forEach(ModbusSlaveFactory::close);
    }

    private static CollectorDefinition collector(String name, CollectorPublish publish, CollectorStore table,
            List<CollectorThreshold> thresholds) {
        return new CollectorDefinition(name, null, null, "PT0.1S", MAP, publish, table, thresholds, null);
    }

    @Test
    void everyPoll_reachesTheConsole_theTopicOnChange_andTheTable() throws Exception {
        device.put("press", Map.of("temperature", 21, "line_idle", false));
        engine.update(List.of(collector("press", new CollectorPublish("plant/press", 1, false, true),
                new CollectorStore("plant", "press_values"), List.of())));
        engine.start();

        await().until(() -> console.stream().filter(v -> v.collector().equals("press")).count() >= 3);
        assertThat(console.getFirst().values()).containsEntry("temperature", 21).containsEntry("line_idle", false);
        assertThat(console.getFirst().error()).isNull();
        await().until(() -> rows("SELECT count(*) FROM press_values") >= 3);
        assertThat(published).as("only changes are published").hasSize(1);
        assertThat(published.getFirst()).startsWith("plant/press {\"collector\":\"press\",\"at\":")
                .contains("\"temperature\":21").contains("\"line_idle\":false");

        device.put("press", Map.of("temperature", 22, "line_idle", false));
        await().until(() -> published.size() == 2);
        await().until(() -> rows("SELECT count(*) FROM press_values WHERE temperature = 22") >= 1);
        assertThat(rows("SELECT count(*) FROM press_values WHERE collected_at > DATEADD('MINUTE', -5,"
                + " CURRENT_TIMESTAMP)")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void rows_storeIntoPostgresql_withTheirTimestamp() throws Exception {
        String table = "collector_it_" + Long.toHexString(System.nanoTime());
        try (Connection connection = datasources.open("pg"); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + table + " (collected_at TIMESTAMP NOT NULL, temperature DOUBLE PRECISION,"
                    + " line_idle BOOLEAN)");
        }
        try {
            device.put("press", Map.of("temperature", 21.5, "line_idle", true));
            engine.update(List.of(collector("press", null, new CollectorStore("pg", table), List.of())));
            engine.start();

            await().until(() -> count("pg", "SELECT count(*) FROM " + table + " WHERE temperature = 21.5 AND line_idle"
                    + " AND collected_at > now() - interval '5 minutes'") >= 2);
        } finally {
            engine.close();
            try (Connection connection = datasources.open("pg"); Statement sql = connection.createStatement()) {
                sql.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void aFailedPoll_reachesTheConsoleAsAnError_andTheNextPollRecovers() {
        engine.update(List.of(collector("press", null, null, List.of())));
        engine.start();

        await().until(() -> console.stream().anyMatch(v -> v.error() != null));
        assertThat(console.getFirst().error()).isEqualTo("Modbus 127.0.0.1:5020 unit 1: connection refused");
        assertThat(console.getFirst().values()).isEmpty();

        device.put("press", Map.of("temperature", 30, "line_idle", true));
        await().until(() -> console.getLast().error() == null && !console.getLast().values().isEmpty());
    }

    @Test
    void aStuckDevice_delaysOnlyItsOwnCollector() {
        stuck.put("dead", new CountDownLatch(1));
        device.put("live", Map.of("temperature", 1, "line_idle", false));
        engine.update(List.of(collector("dead", null, null, List.of()), collector("live", null, null, List.of())));
        engine.start();

        await().until(() -> console.stream().filter(v -> v.collector().equals("live")).count() >= 10);
        assertThat(console).noneMatch(v -> v.collector().equals("dead"));
    }

    @Test
    void alertThreshold_raisesOnce_recoversOnce_andSurvivesARestart() {
        device.put("press", Map.of("temperature", 95, "line_idle", false));
        CollectorThreshold hot = new CollectorThreshold("hot", Condition.parse("temperature > 90", "condition"), 0,
                null, null, AlertLevel.CRITICAL);
        engine.update(List.of(collector("press", null, null, List.of(hot))));
        engine.start();

        await().until(() -> alerts().size() == 1);
        AlertRaised raised = alerts().getFirst();
        assertThat(raised.rule()).isEqualTo("collector:press/hot");
        assertThat(raised.message()).contains("press").contains("hot").contains("temperature > 90").contains("95");
        int polls = console.size();
        await().until(() -> console.size() >= polls + 5);
        assertThat(alerts()).as("a value that stays high raises no second alert").hasSize(1);

        engine.close();
        engine = newEngine();
        engine.update(List.of(collector("press", null, null, List.of(hot))));
        engine.start();
        int after = console.size();
        await().until(() -> console.size() >= after + 5);
        assertThat(alerts()).as("the open incident survives the restart").hasSize(1);

        device.put("press", Map.of("temperature", 80, "line_idle", false));
        await().until(() -> alerts().size() == 2);
        assertThat(alerts().get(1).recovered()).isTrue();
        assertThat(alerts().get(1).incidentId()).isEqualTo(raised.incidentId());
    }

    @Test
    void removingACollector_closesItsOpenAlert() {
        device.put("press", Map.of("temperature", 95, "line_idle", false));
        engine.update(List.of(collector("press", null, null, List.of(new CollectorThreshold("hot",
                Condition.parse("temperature > 90", "condition"), 0, null, null, AlertLevel.WARNING)))));
        engine.start();
        await().until(() -> alerts().size() == 1);

        engine.update(List.of());

        await().until(() -> alerts().size() == 2);
        assertThat(alerts().get(1).recovered()).isTrue();
        assertThat(alerts().get(1).message()).contains("removed");
        assertThat(engine.running()).isEmpty();
    }

    @Test
    void taskThreshold_runsOncePerCrossing_withTheValuesItDeclares() {
        device.put("press", Map.of("temperature", 20, "line_idle", false));
        engine.update(List.of(collector("press", null, null, List.of(new CollectorThreshold("idle",
                Condition.parse("line_idle", "condition"), 0, "maintenance", null, null)))));
        engine.start();
        int polls = console.size();
        await().until(() -> console.size() >= polls + 3);
        assertThat(finished()).isEmpty();

        device.put("press", Map.of("temperature", 64, "line_idle", true));
        await().until(() -> finished().size() == 1);
        int during = console.size();
        await().until(() -> console.size() >= during + 5);
        assertThat(finished()).as("once per crossing, not once per poll").hasSize(1);
        assertThat(finished().getFirst().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(runs.history().get(finished().getFirst().runId()).orElseThrow().outputExcerpt())
                .contains("cooling at 64");

        device.put("press", Map.of("temperature", 20, "line_idle", false));
        int cleared = console.size();
        await().until(() -> console.size() >= cleared + 3);
        device.put("press", Map.of("temperature", 66, "line_idle", true));
        await().until(() -> finished().size() == 2);
    }

    @Test
    void aDisabledCollector_doesNotPoll_andAChangedOneRestarts() {
        device.put("press", Map.of("temperature", 20, "line_idle", false));
        CollectorDefinition disabled = new CollectorDefinition("press", null, false, "PT0.1S", MAP, null, null,
                null, null);
        engine.update(List.of(disabled));
        engine.start();
        assertThat(engine.running()).isEmpty();

        engine.update(List.of(collector("press", null, null, List.of())));
        assertThat(engine.running()).containsExactly("press");
        await().until(() -> !console.isEmpty());
    }

    private long rows(String query) throws Exception {
        return count("plant", query);
    }

    private long count(String datasource, String query) throws Exception {
        try (Connection connection = datasources.open(datasource); Statement sql = connection.createStatement();
                ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private List<MessageBody> events() {
        store.outbox().awaitDurable(store.outbox().lastSeq());
        List<MessageBody> bodies = new ArrayList<>();
        for (OutboxEntry entry : store.outbox().pendingAfter(0, Integer.MAX_VALUE)) {
            bodies.add(codec.decode(entry.payload()).body());
        }
        return bodies;
    }

    private List<AlertRaised> alerts() {
        return events().stream().filter(AlertRaised.class::isInstance).map(AlertRaised.class::cast).toList();
    }

    private List<RunFinished> finished() {
        return events().stream().filter(RunFinished.class::isInstance).map(RunFinished.class::cast).toList();
    }

    @Test
    void modbusCollectors_aDeadSlaveDoesNotStallALiveOne_andARestartedSlaveIsReadAgain() throws Exception {
        int livePort = freePort();
        ModbusSlave live = startSlave(livePort, 7);
        try (ServerSocket dead = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().name("dead-slave").start(() -> acceptForever(dead));
            engine = fieldEngine();
            engine.update(List.of(modbusCollector("live", livePort, 500), modbusCollector("dead", dead.getLocalPort(),
                    2000)));
            engine.start();

            await().until(() -> readings("dead").stream().anyMatch(v -> v.error() != null));
            assertThat(readings("dead").getFirst().error()).contains("no answer within 2000 ms");
            assertThat(readings("live")).as("polls of the live slave while the dead one was waited for")
                    .hasSizeGreaterThanOrEqualTo(10)
                    .allSatisfy(v -> assertThat(v.values()).containsEntry("counter", 7L));

            ModbusSlaveFactory.close(live);
            slaves.remove(live);
            await().until(() -> readings("live").getLast().error() != null);
            startSlave(livePort, 8);
            await().atMost(Duration.ofSeconds(30)).until(() -> readings("live").getLast().values().get("counter"),
                    value -> Long.valueOf(8).equals(value));
        }
    }

    @Test
    void serialCollector_readsTheScale_andRecoversWhenThePortComesBack() throws Exception {
        SocatPair pty = new SocatPair(dir);
        pty.start();
        DeviceSimulator scale = DeviceSimulator.scale(pty.device(), 50, false);
        try {
            engine = fieldEngine();
            engine.update(List.of(new CollectorDefinition("scale", null, null, "PT0.2S", new SerialReadTask(
                    SerialPortSettings.named(pty.agent().toString()), "\\r\\n", 0, 1000, 0,
                    "^ST,GS,(?<weight>[-+0-9.]+)kg$", null), null, null, null, null)));
            engine.start();
            await().until(() -> readings("scale").stream().anyMatch(v -> Double.valueOf(12.34).equals(
                    v.values().get("weight"))));

            scale.close();
            pty.stop();
            await().until(() -> readings("scale").getLast().error() != null);

            pty.start();
            scale = DeviceSimulator.scale(pty.device(), 50, false);
            int before = readings("scale").size();
            await().atMost(Duration.ofSeconds(30)).until(() -> readings("scale").size() > before
                    && Double.valueOf(12.34).equals(readings("scale").getLast().values().get("weight")));
        } finally {
            scale.close();
            pty.close();
        }
    }

    private List<CollectorValues> readings(String collector) {
        return console.stream().filter(v -> v.collector().equals(collector)).toList();
    }

    private static CollectorDefinition modbusCollector(String name, int port, int timeoutMillis) {
        return CollectorDefinition.of(name, "PT0.1S", new ModbusReadTask("127.0.0.1", port, null, timeoutMillis,
                null, List.of(ModbusPoint.of("counter", ModbusFunction.HOLDING_REGISTERS, 0, null))));
    }

    private ModbusSlave startSlave(int port, int counter) throws Exception {
        SimpleProcessImage image = new SimpleProcessImage(1);
        image.addRegister(new SimpleRegister(counter));
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 4, false);
        slave.addProcessImage(1, image);
        slave.open();
        slaves.add(slave);
        return slave;
    }

    /** Accepts connections and never answers: a slave whose program hangs. */
    private static void acceptForever(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        try {
            while (true) {
                held.add(server.accept());
            }
        } catch (IOException e) {
            held.forEach(socket -> {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            });
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
