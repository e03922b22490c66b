package io.taskrunner.console.service.runs;

import io.taskrunner.console.service.commands.CommandSender;
import io.taskrunner.console.service.fleet.Listeners;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterValidator;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.CancelRunCommand;
import io.taskrunner.protocol.message.JobFile;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunState;
import io.taskrunner.protocol.message.RunTaskCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs are written to H2 as pending before the command leaves, so a run is never lost between the operator's
 * click and the agent's first event. Commands live long enough ({@link #COMMAND_LIFETIME}) for an agent that is
 * off for a day to still run them when it returns. A command that cannot even be signed (too big for a message)
 * leaves its run rejected rather than pending for ever.
 */
public final class DefaultRunService implements RunService, RunUpdateListener {
    public static final Duration COMMAND_LIFETIME = Duration.ofDays(1);
    /** Shown for a secret parameter's value, as the agent's run history shows it. */
    private static final String MASK = "***";
    private static final Function<UUID, JobFile> NO_FILES = id -> {
        throw new IllegalArgumentException("file: this console keeps no job files");
    };

    private final RunRepository runs;
    private final CommandDispatch dispatch;
    private final GroupDispatch groupDispatch;
    private final Predicate<String> groupHasMembers;
    private final Function<UUID, JobFile> fileReferences;
    private final Clock clock;
    private volatile Function<String, Optional<TaskDefinition>> storedTasks;
    // JDBC work and signing off the caller's thread (often the UI thread)
    private final Executor executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("console-runs-", 0).factory());
    private final Listeners<RunSnapshot> runListeners = new Listeners<>();
    private final Listeners<RunOutputChunk> outputListeners = new Listeners<>();

    /** A run service without groups: every group run is refused. */
    public DefaultRunService(RunRepository runs, CommandSender sender, Clock clock) {
        this(runs, sender, group -> false, clock);
    }

    /** @param groupHasMembers whether any agent is in a group (from memory: it is asked on the caller's thread) */
    public DefaultRunService(RunRepository runs, CommandSender sender, Predicate<String> groupHasMembers,
            Clock clock) {
        this(runs, sender::send, sender::sendToGroup, groupHasMembers, NO_FILES, clock);
    }

    /**
     * @param fileReferences the wire reference of a stored job file by id; throws {@link IllegalArgumentException}
     *                       (starting with {@code file:}) when there is none or files are not served
     */
    public DefaultRunService(RunRepository runs, CommandSender sender, Predicate<String> groupHasMembers,
            Function<UUID, JobFile> fileReferences, Clock clock) {
        this(runs, sender::send, sender::sendToGroup, groupHasMembers, fileReferences, clock);
    }

    DefaultRunService(RunRepository runs, CommandDispatch dispatch, Clock clock) {
        this(runs, dispatch, (commandId, group, body, lifetime) -> CompletableFuture.failedFuture(
                new IllegalStateException("no group commands here")), group -> false, NO_FILES, clock);
    }

    DefaultRunService(RunRepository runs, CommandDispatch dispatch, GroupDispatch groupDispatch,
            Predicate<String> groupHasMembers, Clock clock) {
        this(runs, dispatch, groupDispatch, groupHasMembers, NO_FILES, clock);
    }

    DefaultRunService(RunRepository runs, CommandDispatch dispatch, GroupDispatch groupDispatch,
            Predicate<String> groupHasMembers, Function<UUID, JobFile> fileReferences, Clock clock) {
        this.storedTasks = name -> Optional.empty();
        this.runs = runs;
        this.dispatch = dispatch;
        this.groupDispatch = groupDispatch;
        this.groupHasMembers = groupHasMembers;
        this.fileReferences = fileReferences;
        this.clock = clock;
    }


    @Override
    public CompletableFuture<UUID> start(RunRequest request) {
        UUID runId = UUID.randomUUID();
        UUID commandId = UUID.randomUUID();
        RunCommand command = new RunCommand(runId, request.argv(), request.workingDir(), request.env(),
                (int) request.timeout().toSeconds(), 0);
        return CompletableFuture.runAsync(() -> {
            runs.insertPending(runId, commandId, request.agentId(), request.argv(), request.workingDir(),
                    clock.instant());
            runChanged(runId);
        }, executor).thenComposeAsync(stored -> send(runId, commandId, request.agentId(), command), executor)
                .thenApply(sent -> runId);
    }

    @Override
    public CompletableFuture<RunSnapshot> runTask(String agentId, TaskRunRequest request) {
        return runTask(agentId, UUID.randomUUID(), request);
    }

    @Override
    public CompletableFuture<RunSnapshot> runTask(String agentId, UUID runId, TaskRunRequest request) {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(request, "request");
        try {
            return runTask(agentId, runId, request, shownParameters(request));
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Where to learn which parameters of a task stored on the agents are secret: the console's own copy of the task.
     * Without it such parameters are stored as given.
     */
    public void maskSecretsOf(Function<String, Optional<TaskDefinition>> tasks) {
        this.storedTasks = Objects.requireNonNull(tasks, "tasks");
    }

    /**
     * The parameters as the runs table keeps them: secret ones masked. An inline definition is checked here; a
     * stored task is checked by the agent against its copy, and masked by the console's copy of the same name.
     */
    private Map<String, Object> shownParameters(TaskRunRequest request) {
        if (request.definition() != null) {
            return ParameterValidator.validate(request.definition(), request.parameters()).masked();
        }
        Set<String> secret = storedTasks.apply(request.task()).map(task -> task.parameters().stream()
                .filter(ParameterSpec::secret).map(ParameterSpec::name).collect(Collectors.toSet())).orElse(Set.of());
        Map<String, Object> shown = new LinkedHashMap<>();
        request.parameters().forEach((name, value) -> shown.put(name, secret.contains(name) ? MASK : value));
        return shown;
    }

    private CompletableFuture<RunSnapshot> runTask(String agentId, UUID runId, TaskRunRequest request,
            Map<String, Object> shown) {
        RunTaskCommand command;
        try {
            command = command(runId, request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> {
            Optional<RunSnapshot> stored = runs.find(runId);
            if (stored.isEmpty()) {
                UUID commandId = UUID.randomUUID();
                runs.insertPendingTask(runId, commandId, agentId, request.task(), shown, clock.instant());
                runChanged(runId);
                return Optional.of(commandId);
            }
            // sent once already: again under the same command id, so a refusal still finds its run
            return stored.get().state() == RunState.PENDING ? runs.commandId(runId) : Optional.<UUID>empty();
        }, executor).thenComposeAsync(commandId -> commandId.isPresent()
                ? send(runId, commandId.get(), agentId, command) : CompletableFuture.<Void>completedFuture(null),
                executor).thenApplyAsync(sent -> runs.find(runId).orElseThrow(), executor);
    }

    @Override
    public CompletableFuture<RunSnapshot> runTaskOnGroup(String group, TaskRunRequest request) {
        Objects.requireNonNull(request, "request");
        try {
            Topics.checkLevel(group, "group");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group: " + e.getMessage(), e);
        }
        if (!groupHasMembers.test(group)) {
            throw new IllegalArgumentException("group: no agent is in group '" + group + "'");
        }
        Map<String, Object> shown;
        try {
            shown = shownParameters(request);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
        UUID runId = UUID.randomUUID();
        UUID commandId = UUID.randomUUID();
        RunTaskCommand command;
        try {
            command = command(runId, request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.runAsync(() -> {
            runs.insertPendingGroupTask(runId, commandId, group, request.task(), shown, clock.instant());
            runChanged(runId);
        }, executor).thenComposeAsync(stored -> sendToGroup(runId, commandId, group, command), executor)
                .thenApplyAsync(sent -> runs.find(runId).orElseThrow(), executor);
    }

    /** @throws IllegalArgumentException when the request's job file has no reference */
    private RunTaskCommand command(UUID runId, TaskRunRequest request) {
        JobFile file = request.file() == null ? null : fileReferences.apply(request.file());
        return new RunTaskCommand(runId, request.task(), request.definition(), request.parameters(),
                request.priority(), null, request.delaySeconds(), file);
    }

    private CompletableFuture<Void> sendToGroup(UUID runId, UUID commandId, String group, MessageBody command) {
        try {
            return groupDispatch.send(commandId, group, command, COMMAND_LIFETIME);
        } catch (ProtocolException e) {
            runs.markNotSent(runId, "command not sent: " + e.getMessage(), clock.instant());
            runChanged(runId);
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> send(UUID runId, UUID commandId, String agentId, MessageBody command) {
        try {
            return dispatch.send(commandId, agentId, command, COMMAND_LIFETIME);
        } catch (ProtocolException e) {
            runs.markNotSent(runId, "command not sent: " + e.getMessage(), clock.instant());
            runChanged(runId);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> cancel(UUID runId) {
        RunSnapshot run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException("unknown run " + runId));
        if (run.agentId() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("run " + runId + " of group "
                    + run.group() + " has not been taken by an agent yet; it can be cancelled once one reports it"));
        }
        return dispatch.send(UUID.randomUUID(), run.agentId(), new CancelRunCommand(runId), COMMAND_LIFETIME);
    }

    @Override
    public Optional<RunSnapshot> run(UUID runId) {
        return runs.find(runId);
    }

    @Override
    public List<RunSnapshot> recentRuns(int limit) {
        return runs.recent(limit);
    }

    @Override
    public List<RunOutputChunk> output(UUID runId) {
        return runs.output(runId);
    }

    @Override
    public AutoCloseable onRunChanged(Consumer<RunSnapshot> listener) {
        return runListeners.add(listener);
    }

    @Override
    public AutoCloseable onOutput(Consumer<RunOutputChunk> listener) {
        return outputListeners.add(listener);
    }

    @Override
    public void runChanged(UUID runId) {
        runs.find(runId).ifPresent(runListeners::fire);
    }

    @Override
    public void output(RunOutputChunk chunk) {
        outputListeners.fire(chunk);
    }

    /** Signs and publishes one command; {@link CommandSender#send} in the console, a fake in tests. */
    @FunctionalInterface
    interface CommandDispatch {
        CompletableFuture<Void> send(UUID commandId, String agentId, MessageBody body, Duration lifetime);
    }

    /** Signs and publishes one command for a group; {@link CommandSender#sendToGroup} in the console. */
    @FunctionalInterface
    interface GroupDispatch {
        CompletableFuture<Void> send(UUID commandId, String group, MessageBody body, Duration lifetime);
    }
}
