package io.taskrunner.agent.task;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.ParameterValidator;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One attempt of a task for executor tests: builds the {@link TaskContext} the engine would build (parameters
 * validated, environment with {@code PARAM_<name>}) and records output and reported pids.
 */
public final class TestRun {
    private final TaskDefinition task;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private Path workDir;
    private Duration timeout;
    private TaskServices services = new Services(null, null,
            Path.of(System.getProperty("java.io.tmpdir"), "taskrunner-test-data"));
    private final CancellationToken cancel = new CancellationToken();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final List<Long> pids = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private TestRun(TaskDefinition task) {
        this.task = task;
    }

    public static TestRun of(TaskDefinition task) {
        return new TestRun(task);
    }

    public TestRun param(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public TestRun workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public TestRun timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    public TestRun services(TaskServices value) {
        this.services = value;
        return this;
    }

    public CancellationToken cancel() {
        return cancel;
    }

    /** Validates the parameters (throws the validator's ProtocolException) and builds the context. */
    public TaskContext context() {
        ParameterValues values = ParameterValidator.validate(task, parameters);
        Map<String, String> env = new LinkedHashMap<>(task.env());
        env.putAll(values.asEnvironment());
        OutputListener output = (stream, text) -> {
            synchronized (this) {
                (stream == OutputStreamKind.STDOUT ? stdout : stderr).append(text);
            }
        };
        return new TaskContext(UUID.randomUUID(), 1, task, values,
                workDir == null ? Path.of(System.getProperty("java.io.tmpdir")) : workDir, env,
                timeout == null ? Duration.ofSeconds(task.timeoutSeconds()) : timeout, task.outputLimitBytes(),
                cancel, output, pids::add, services, (percent, details) -> progress.add(percent + " " + details));
    }

    public TaskOutcome runWith(TaskExecutor executor) {
        return executor.execute(context());
    }

    public synchronized String stdout() {
        return stdout.toString();
    }

    public synchronized String stderr() {
        return stderr.toString();
    }

    /** Each progress report the task made, as {@code "<percent> <details>"} ({@code null} for what it left out). */
    public List<String> progress() {
        return List.copyOf(progress);
    }

    public List<Long> pids() {
        return new ArrayList<>(pids);
    }

    /** Services for tests: given datasources and MQTT publisher, or ones that fail clearly when used. */
    public record Services(Datasources datasources, MqttPublisher mqtt, Path dataDir) implements TaskServices {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public Datasources datasources() {
            return datasources != null ? datasources : new Datasources() {
                @Override
                public Optional<DatasourceDefinition> definition(String name) {
                    return Optional.empty();
                }

                @Override
                public Connection open(String name) {
                    throw new TaskException("no datasource named '" + name + "'");
                }

                @Override
                public Optional<String> password(String name) {
                    return Optional.empty();
                }
            };
        }

        @Override
        public MqttPublisher mqtt() {
            return mqtt != null ? mqtt : (topic, payload, qos, retain, timeout) -> {
                throw new TaskException("not connected");
            };
        }
    }
}
