package io.taskrunner.console.service.runs;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Starts runs on agents and reads what they reported. Results come from H2, so they are complete after a console
 * restart. Listeners are called on a transport thread.
 */
public interface RunService {
    /** Stores the run as pending, signs and sends the command; completes with the run id once it is sent. */
    CompletableFuture<UUID> start(RunRequest request);

    /**
     * Runs a named task: checks the parameters against an inline definition, stores the run as pending (secret
     * parameters masked), then signs and sends a {@code command.run-task}; completes with the stored run once the
     * command is sent. Without an inline definition the agent checks the parameters against its stored task.
     *
     * @return fails with a {@link io.taskrunner.protocol.ProtocolException} whose field is {@code parameters.<name>}
     *         when a parameter breaks the inline definition; then nothing is stored or sent
     */
    CompletableFuture<RunSnapshot> runTask(String agentId, TaskRunRequest request);

    /**
     * Like {@link #runTask(String, TaskRunRequest)} with a run id the caller chose (fleet jobs keep it with their
     * execution). When a run of that id is stored already and still pending, its command may never have reached the
     * agent: it is signed and sent again under its first command id, and an agent that has the run ignores it. A
     * run of that id past pending is left alone.
     */
    CompletableFuture<RunSnapshot> runTask(String agentId, UUID runId, TaskRunRequest request);

    /**
     * Runs a named task on any one agent of {@code group}: signs a {@code command.run-task} for the target
     * {@code group:<name>} and publishes it to the group's commands topic, where the broker hands it to one of the
     * group's connected agents (through their MQTT 5 shared subscription; it waits there while none is connected).
     * The run is stored as pending with its group and no agent; the agent that takes it reports it like any run, and
     * becomes the run's agent. Parameters are checked as in {@link #runTask(String, TaskRunRequest)}.
     *
     * @throws IllegalArgumentException naming {@code group} when it is not a valid group name or no agent is in it
     */
    CompletableFuture<RunSnapshot> runTaskOnGroup(String group, TaskRunRequest request);

    /** Cancels a run on its agent; fails with an {@link IllegalArgumentException} before an agent took a group run. */
    CompletableFuture<Void> cancel(UUID runId);

    Optional<RunSnapshot> run(UUID runId);

    /** The newest runs first, at most {@code limit}. */
    List<RunSnapshot> recentRuns(int limit);

    /** Output of one run in order. */
    List<RunOutputChunk> output(UUID runId);

    AutoCloseable onRunChanged(Consumer<RunSnapshot> listener);

    AutoCloseable onOutput(Consumer<RunOutputChunk> listener);
}
