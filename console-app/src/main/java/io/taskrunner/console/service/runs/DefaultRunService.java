package io.taskrunner.console.service.runs;

import io.taskrunner.console.service.runs.RunRepository;
import io.taskrunner.console.service.commands.CommandSender;
import io.taskrunner.console.service.fleet.Listeners;
import io.taskrunner.protocol.message.CancelRunCommand;
import io.taskrunner.protocol.message.RunCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs are written to H2 as pending before the command leaves, so a run is never lost between the operator's
 * click and the agent's first event. Commands live long enough ({@link #COMMAND_LIFETIME}) for an agent that is
 * off for a day to still run them when it returns.
 */
public final class DefaultRunService implements RunService, RunUpdateListener {
    public static final Duration COMMAND_LIFETIME = Duration.ofDays(1);

    private final RunRepository runs;
    private final CommandSender sender;
    private final Clock clock;
    private final Listeners<RunSnapshot> runListeners = new Listeners<>();
    private final Listeners<RunOutputChunk> outputListeners = new Listeners<>();

    public DefaultRunService(RunRepository runs, CommandSender sender, Clock clock) {
        this.runs = runs;
        this.sender = sender;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<UUID> start(RunRequest request) {
        UUID runId = UUID.randomUUID();
        UUID commandId = UUID.randomUUID();
        RunCommand command = new RunCommand(runId, request.argv(), request.workingDir(), request.env(),
                (int) request.timeout().toSeconds(), 0);
        return CompletableFuture.supplyAsync(() -> {
            runs.insertPending(runId, commandId, request.agentId(), request.argv(), request.workingDir(),
                    clock.instant());
            runChanged(runId);
            return runId;
        }).thenCompose(id -> sender.send(commandId, request.agentId(), command, COMMAND_LIFETIME).thenApply(
                sent -> id));
    }

    @Override
    public CompletableFuture<Void> cancel(UUID runId) {
        RunSnapshot run = runs.find(runId).orElseThrow(() -> new IllegalArgumentException("unknown run " + runId));
        return sender.send(run.agentId(), new CancelRunCommand(runId), COMMAND_LIFETIME);
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
}
