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

    CompletableFuture<Void> cancel(UUID runId);

    Optional<RunSnapshot> run(UUID runId);

    /** The newest runs first, at most {@code limit}. */
    List<RunSnapshot> recentRuns(int limit);

    /** Output of one run in order. */
    List<RunOutputChunk> output(UUID runId);

    AutoCloseable onRunChanged(Consumer<RunSnapshot> listener);

    AutoCloseable onOutput(Consumer<RunOutputChunk> listener);
}
