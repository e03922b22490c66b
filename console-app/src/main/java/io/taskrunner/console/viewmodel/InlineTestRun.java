package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one test run of a Field devices form: an inline task sent to an agent, followed until it ends, cancelled on
 * request, and its state as the form's status line and tone. Service callbacks reach it only through the UI
 * executor; everything else is called on the UI thread.
 */
final class InlineTestRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InlineTestRun.class);

    private final RunService runs;
    private final Executor uiExecutor;
    private final Consumer<RunSnapshot> ended;
    private final RunFollower follower;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(this, "cancelRequested");
    private final ReadOnlyObjectWrapper<UUID> runId = new ReadOnlyObjectWrapper<>(this, "runId");
    private final ReadOnlyObjectWrapper<RunSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final BooleanBinding canCancel;
    private final ObjectBinding<Tone> tone;

    /**
     * @param ended told of the final snapshot, after a failed run's error is set and before {@link #running()}
     *              turns false; a failed run may still carry a result (the answer that did not match)
     */
    InlineTestRun(RunService runs, Executor uiExecutor, Consumer<RunSnapshot> ended) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.ended = Objects.requireNonNull(ended, "ended");
        this.follower = new RunFollower(runs, uiExecutor, this::applySnapshot, output -> { });
        canCancel = running.and(runId.isNotNull()).and(cancelRequested.not());
        tone = Bindings.createObjectBinding(this::currentTone, running, snapshot, error);
    }

    /** Sends {@code definition} to {@code agent} as an inline run; the caller has cleared what it shows. */
    void start(String agent, TaskDefinition definition) {
        follower.expectRun();
        error.set(null);
        snapshot.set(null);
        runId.set(null);
        cancelRequested.set(false);
        running.set(true);
        runs.runTask(agent, TaskRunRequest.inline(definition, Map.of()))
                .whenComplete((run, failure) -> uiExecutor.execute(() -> {
                    if (failure != null) {
                        startFailed(agent, definition.name(), failure);
                    } else {
                        follower.follow(run.runId());
                        runId.set(run.runId());
                        applySnapshot(run);
                    }
                }));
    }

    /** Asks the agent to stop the run; it then ends as cancelled. */
    void cancel() {
        UUID id = runId.get();
        if (id == null || !running.get() || cancelRequested.get()) {
            return;
        }
        cancelRequested.set(true);
        runs.cancel(id).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("could not send cancel for test run {}", id, failure);
                uiExecutor.execute(() -> cancelRequested.set(false));
            }
        });
    }

    /** Marks a run that succeeded as unusable, e.g. when its result holds no values. */
    void fail(String message) {
        error.set(message);
    }

    private void applySnapshot(RunSnapshot run) {
        RunSnapshot current = snapshot.get();
        // events of one run can overtake each other between threads; a run never goes back
        if (!running.get() || current != null && run.state().ordinal() < current.state().ordinal()) {
            return;
        }
        snapshot.set(run);
        if (!run.state().isFinal()) {
            return;
        }
        if (run.state() != RunState.SUCCEEDED) {
            error.set(run.error() == null || run.error().isBlank() ? null : run.error());
        }
        ended.accept(run);
        running.set(false);
    }

    private void startFailed(String agent, String task, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.warn("could not start {} on {}", task, agent, cause);
        follower.abandon();
        error.set(Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()));
        running.set(false);
    }

    /**
     * The status line: {@code runningKey}'s text while the run goes on, {@code succeeded} once it succeeded, else
     * the run's state and error.
     */
    String status(Messages messages, String runningKey, BiFunction<RunSnapshot, Messages, String> succeeded) {
        RunSnapshot run = snapshot.get();
        if (running.get()) {
            return messages.get(runningKey);
        }
        String detail = error.get();
        if (run == null) {
            return detail == null ? "" : messages.get("field.testRead.failed", detail);
        }
        if (run.state() == RunState.SUCCEEDED && detail == null) {
            return succeeded.apply(run, messages);
        }
        String state = RunStateTexts.text(run.state(), messages);
        return detail == null ? state : state + ": " + detail;
    }

    /** How long the run took, as the console writes durations; {@code null} when the agent did not say. */
    static String took(RunSnapshot run) {
        return run.durationMs() == null ? null : Formats.duration(Duration.ofMillis(run.durationMs()));
    }

    private Tone currentTone() {
        RunSnapshot run = snapshot.get();
        if (running.get()) {
            return Tone.ACCENT;
        }
        if (run == null) {
            return error.get() == null ? Tone.NEUTRAL : Tone.DANGER;
        }
        return error.get() != null && run.state() == RunState.SUCCEEDED ? Tone.DANGER : RunStateTexts.tone(run.state());
    }

    /** What the status line depends on. */
    Observable[] observables() {
        return new Observable[] {running, snapshot, error};
    }

    ReadOnlyBooleanProperty running() {
        return running.getReadOnlyProperty();
    }

    boolean isRunning() {
        return running.get();
    }

    BooleanBinding canCancel() {
        return canCancel;
    }

    ObjectBinding<Tone> tone() {
        return tone;
    }

    /** Stops following the run; the run itself goes on. */
    @Override
    public void close() {
        follower.close();
    }
}
