package io.taskrunner.agent;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.agent.config.AgentPaths;
import io.taskrunner.agent.config.DefinitionsFile;
import io.taskrunner.agent.config.SettingsFile;
import io.taskrunner.agent.datasource.JdbcDatasources;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.agent.engine.AgentTaskServices;
import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.engine.TaskWorkspace;
import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.field.FieldDevices;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterValidator;
import io.taskrunner.protocol.definition.ParameterValues;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.security.KeyFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code taskrunner-agent exec}: runs one task of a local definitions file now, in this process, printing its
 * output as it comes and its result at the end. For trying a definition out, or for a PC with no console. It uses
 * neither the agent's store nor its broker connection, so it can run beside a running agent.
 */
final class LocalExec {
    private final Messages messages;
    private final PrintStream out;
    private final PrintStream err;

    LocalExec(Messages messages, PrintStream out, PrintStream err) {
        this.messages = messages;
        this.out = out;
        this.err = err;
    }

    /** Returns the process exit code: 0 succeeded, the task's own exit code or 1 when it did not, 2 bad input. */
    /** The enrolled agent's allowed task types; every type on a PC with no agent settings yet. */
    private static Set<TaskType> acceptedTaskTypes(AgentPaths paths) {
        return Files.exists(paths.settingsFile()) ? new SettingsFile().read(paths).acceptedTaskTypes()
                : EnumSet.allOf(TaskType.class);
    }

    int run(AgentPaths paths, Path definitionsFile, String taskName, Map<String, String> parameters) {
        MessageCodec codec = new MessageCodec();
        DefinitionSet definitions;
        try {
            definitions = new DefinitionsFile(codec).read(definitionsFile);
        } catch (AgentConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        TaskDefinition task = definitions.task(taskName).orElse(null);
        if (task == null) {
            err.println(messages.get("agent.exec.error.unknownTask", taskName, definitionsFile,
                    definitions.tasks().stream().map(TaskDefinition::name).collect(Collectors.joining(", "))));
            return 2;
        }
        ParameterValues values;
        try {
            values = ParameterValidator.validate(task, parameters);
        } catch (ProtocolException e) {
            err.println(messages.get("agent.exec.error.parameter", e.getMessage()));
            return 2;
        }
        JdbcDatasources datasources = new JdbcDatasources(new SecretResolver(paths.secretsFile(), System.getenv(),
                () -> KeyFile.loadOrCreate(paths.dataDir().resolve(KeyFile.FILE_NAME))));
        datasources.update(definitions.datasources());
        Clock clock = Clock.systemUTC();
        AgentTaskServices services = new AgentTaskServices(clock, paths.dataDir(), datasources,
                (topic, payload, qos, retain, timeout) -> {
                    throw new TaskException("exec has no broker connection; run the task through the agent to publish");
                });
        CancellationToken cancel = new CancellationToken();
        Thread onInterrupt = Thread.ofPlatform().name("exec-cancel").unstarted(cancel::cancel);
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        long start = System.nanoTime();
        TaskOutcome outcome;
        try {
            TaskWorkspace workspace = TaskWorkspace.prepare(task, values, paths.workDir());
            TaskContext context = new TaskContext(UUID.randomUUID(), 1, task, values, workspace.workDir(),
                    workspace.environment(), Duration.ofSeconds(task.timeoutSeconds()), task.outputLimitBytes(),
                    cancel, (stream, text) -> (stream == OutputStreamKind.STDERR ? err : out).print(text),
                    pid -> { }, services);
            try (FieldDevices field = new FieldDevices(Clock.systemUTC());
                    TaskExecutors executors = StandardExecutors.create(acceptedTaskTypes(paths), field)) {
                outcome = executors.forType(task.type())
                        .orElseThrow(() -> new TaskException(executors.refusal(task.type()).orElseThrow()))
                        .execute(context);
            }
        } catch (TaskException e) {
            outcome = TaskOutcome.failed(e.getMessage());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is cancelling the run
            }
        }
        out.flush();
        if (outcome.result() != null) {
            try {
                out.println(codec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(outcome.result()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                out.println(outcome.result());
            }
        }
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        err.println(messages.get("agent.exec.finished", task.name(), outcome.state().wire()
                + (outcome.error() == null ? "" : " (" + outcome.error() + ")"), ms));
        if (outcome.state() == RunState.SUCCEEDED) {
            return 0;
        }
        return outcome.exitCode() != null && outcome.exitCode() > 0 && outcome.exitCode() < 256 ? outcome.exitCode()
                : 1;
    }
}
