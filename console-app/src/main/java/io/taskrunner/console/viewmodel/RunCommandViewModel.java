package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.runs.RunRequest;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command on one agent and follows that run: its state, exit code, duration and output as they arrive.
 *
 * <p>Run and output events come on transport threads for every run of the console; a {@link RunFollower} keeps
 * only those of this run and hands them to the UI executor. The output shown is capped at {@link #OUTPUT_LIMIT}
 * characters.
 */
public final class RunCommandViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommandViewModel.class);

    /** The most output text the dialog holds; the agent's own limit is applied before that. */
    public static final int OUTPUT_LIMIT = 2 * 1024 * 1024;
    public static final long MAX_TIMEOUT_SECONDS = RunRequest.MAX_TIMEOUT.toSeconds();
    static final int DEFAULT_TIMEOUT_SECONDS = 300;

    private final RunService runs;
    private final String agentId;
    private final Executor uiExecutor;

    private final StringProperty command = new SimpleStringProperty(this, "command", "");
    private final StringProperty workingDir = new SimpleStringProperty(this, "workingDir", "");
    private final StringProperty timeoutSeconds =
            new SimpleStringProperty(this, "timeoutSeconds", Integer.toString(DEFAULT_TIMEOUT_SECONDS));
    private final BooleanProperty startAttempted = new SimpleBooleanProperty(this, "startAttempted");
    private final ReadOnlyObjectWrapper<AgentConnectionStatus> agentStatus = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper agentName = new ReadOnlyStringWrapper();

    private final ReadOnlyBooleanWrapper started = new ReadOnlyBooleanWrapper(this, "started");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(this, "cancelRequested");
    private final ReadOnlyObjectWrapper<RunSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyObjectWrapper<UUID> followedRun = new ReadOnlyObjectWrapper<>(this, "followedRun");
    private final ReadOnlyStringWrapper startError = new ReadOnlyStringWrapper(this, "startError");
    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper(this, "output", "");
    private final ReadOnlyBooleanWrapper outputCapped = new ReadOnlyBooleanWrapper(this, "outputCapped");
    private final StringBuilder outputText = new StringBuilder();

    private final StringBinding commandError;
    private final StringBinding timeoutError;
    private final StringBinding validationMessage;
    private final StringBinding offlineWarning;
    private final BooleanBinding canStart;
    private final BooleanBinding canCancel;
    private final StringBinding title;
    private final StringBinding stateText;
    private final StringBinding exitCodeText;
    private final StringBinding durationText;
    private final StringBinding truncationText;
    private final StringBinding resultText;
    private final ObjectBinding<Tone> tone;

    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private final RunFollower follower;

    public RunCommandViewModel(String agentId, RunService runs, FleetService fleet, LocalizedTexts texts,
            Executor uiExecutor) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        Objects.requireNonNull(texts, "texts");

        agentName.set(agentId);
        fleet.agent(agentId).ifPresent(this::agentChanged);
        subscriptions.add(fleet.onAgentChanged(agent -> {
            if (agent.agentId().equals(agentId)) {
                uiExecutor.execute(() -> agentChanged(agent));
            }
        }));
        follower = new RunFollower(runs, uiExecutor, this::applySnapshot, this::appendOutput);

        commandError = texts.compute(messages -> startAttempted.get() && !namesAProgram(argv())
                ? messages.get("run.error.emptyCommand") : "", command, startAttempted);
        timeoutError = texts.compute(messages -> timeout() == null
                ? messages.get("run.error.invalidTimeout", MAX_TIMEOUT_SECONDS) : "", timeoutSeconds);
        validationMessage = Bindings.createStringBinding(
                () -> commandError.get().isEmpty() ? timeoutError.get() : commandError.get(),
                commandError, timeoutError);
        offlineWarning = texts.compute(messages -> agentStatus.get() == AgentConnectionStatus.OFFLINE
                ? messages.get("run.error.agentOffline", agentName.get()) : "", agentStatus, agentName);
        canStart = Bindings.createBooleanBinding(() -> !running.get() && timeoutError.get().isEmpty(),
                running, timeoutError);
        canCancel = running.and(cancelRequested.not()).and(followedRun.isNotNull());
        title = texts.compute(messages -> messages.get("run.dialog.title", agentName.get()), agentName);
        stateText = texts.compute(this::stateText, started, state, startError);
        exitCodeText = texts.compute(messages -> exitCode() == null ? ""
                : messages.get("run.exitCode", exitCode()), snapshot);
        durationText = texts.compute(messages -> duration() == null ? ""
                : messages.get("run.duration", Formats.duration(duration())), snapshot);
        truncationText = texts.compute(this::truncationText, snapshot, outputCapped);
        resultText = Bindings.createStringBinding(this::composeResult, stateText, exitCodeText, durationText,
                startError, snapshot);
        tone = Bindings.createObjectBinding(() -> startError.get() != null ? Tone.DANGER
                : RunStateTexts.tone(state.get()), state, startError);
    }

    /**
     * Validates the form and sends the command. Returns false, and shows why, when the form is not valid or a run is
     * still going. Call on the UI thread.
     */
    public boolean start() {
        startAttempted.set(true);
        List<String> argv = argv();
        Integer timeout = timeout();
        if (running.get() || !namesAProgram(argv) || timeout == null) {
            return false;
        }
        RunRequest request = new RunRequest(agentId, argv, workingDir.get(), Map.of(), Duration.ofSeconds(timeout));
        follower.expectRun();
        outputText.setLength(0);
        output.set("");
        outputCapped.set(false);
        snapshot.set(null);
        state.set(null);
        startError.set(null);
        followedRun.set(null);
        cancelRequested.set(false);
        finished.set(false);
        started.set(true);
        running.set(true);
        runs.start(request).whenComplete((id, failure) -> uiExecutor.execute(() -> {
            if (failure != null) {
                startFailed(failure);
            } else {
                follower.follow(id);
                followedRun.set(id);
            }
        }));
        return true;
    }

    /** Asks the agent to stop the run. Does nothing before the run id is known or after the run ended. */
    public void cancel() {
        UUID id = followedRun.get();
        if (id == null || !running.get() || cancelRequested.get()) {
            return;
        }
        cancelRequested.set(true);
        runs.cancel(id).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("could not send cancel for run {}", id, failure);
                uiExecutor.execute(() -> cancelRequested.set(false));
            }
        });
    }

    /** The command as program and arguments, split like {@link CommandLine#split(String)}. */
    public List<String> argv() {
        return CommandLine.split(command.get());
    }

    private static boolean namesAProgram(List<String> argv) {
        return !argv.isEmpty() && !argv.getFirst().isBlank();
    }

    private Integer timeout() {
        String text = timeoutSeconds.get() == null ? "" : timeoutSeconds.get().strip();
        try {
            long seconds = Long.parseLong(text);
            return seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS ? (int) seconds : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void agentChanged(AgentSnapshot agent) {
        agentStatus.set(agent.status());
        agentName.set(agent.hostName() == null || agent.hostName().isBlank() ? agentId : agent.hostName());
    }

    // ---- following the run

    private void appendOutput(String text) {
        if (outputCapped.get()) {
            return;
        }
        int room = OUTPUT_LIMIT - outputText.length();
        if (text.length() > room) {
            outputText.append(text, 0, room);
            outputCapped.set(true);
        } else {
            outputText.append(text);
        }
        output.set(outputText.toString());
    }

    private void applySnapshot(RunSnapshot run) {
        RunState current = state.get();
        // events of one run can overtake each other between threads; a run never goes back
        if (current != null && (current.isFinal() || run.state().ordinal() < current.ordinal())) {
            return;
        }
        snapshot.set(run);
        state.set(run.state());
        if (run.state().isFinal()) {
            running.set(false);
            finished.set(true);
        }
    }

    private void startFailed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.warn("could not start a run on {}", agentId, cause);
        follower.abandon();
        startError.set(Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()));
        running.set(false);
        finished.set(true);
    }

    // ---- texts

    private String stateText(Messages messages) {
        if (!started.get()) {
            return "";
        }
        if (startError.get() != null) {
            return messages.get("run.state.failed");
        }
        return RunStateTexts.text(state.get(), messages);
    }

    private Integer exitCode() {
        RunSnapshot run = snapshot.get();
        return run == null ? null : run.exitCode();
    }

    private Duration duration() {
        RunSnapshot run = snapshot.get();
        if (run == null) {
            return null;
        }
        if (run.durationMs() != null) {
            return Duration.ofMillis(run.durationMs());
        }
        if (run.startedAt() != null && run.finishedAt() != null) {
            return Duration.between(run.startedAt(), run.finishedAt());
        }
        return null;
    }

    private String truncationText(Messages messages) {
        RunSnapshot run = snapshot.get();
        if (run != null && run.outputTruncated()) {
            return messages.get("run.outputTruncated", run.outputBytes());
        }
        return outputCapped.get() ? messages.get("run.outputTruncated", OUTPUT_LIMIT) : "";
    }

    private String composeResult() {
        List<String> parts = new ArrayList<>();
        for (String part : List.of(stateText.get(), exitCodeText.get(), durationText.get())) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        RunSnapshot run = snapshot.get();
        String detail = startError.get() != null ? startError.get() : run == null ? null : run.error();
        if (detail != null && !detail.isBlank()) {
            parts.add(detail);
        }
        return String.join("  ·  ", parts);
    }

    // ---- properties

    public String agentId() {
        return agentId;
    }

    public StringProperty commandProperty() {
        return command;
    }

    public StringProperty workingDirProperty() {
        return workingDir;
    }

    /** The timeout as typed; validated into {@link #validationMessage()}. */
    public StringProperty timeoutSecondsProperty() {
        return timeoutSeconds;
    }

    public ReadOnlyStringProperty agentNameProperty() {
        return agentName.getReadOnlyProperty();
    }

    /** The first problem with the form, or empty. An empty command is reported only once Run was pressed. */
    public StringBinding validationMessage() {
        return validationMessage;
    }

    public StringBinding commandError() {
        return commandError;
    }

    public StringBinding timeoutError() {
        return timeoutError;
    }

    /** Non-empty while the agent is offline: the command will wait for it. */
    public StringBinding offlineWarning() {
        return offlineWarning;
    }

    public BooleanBinding canStart() {
        return canStart;
    }

    public BooleanBinding canCancel() {
        return canCancel;
    }

    public StringBinding title() {
        return title;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** The run's output so far, at most {@link #OUTPUT_LIMIT} characters. */
    public ReadOnlyStringProperty outputProperty() {
        return output.getReadOnlyProperty();
    }

    public StringBinding stateText() {
        return stateText;
    }

    public StringBinding exitCodeText() {
        return exitCodeText;
    }

    public StringBinding durationText() {
        return durationText;
    }

    /** Non-empty when the output shown is not all the run wrote. */
    public StringBinding truncationText() {
        return truncationText;
    }

    /** State, exit code, duration and any error in one line. */
    public StringBinding resultText() {
        return resultText;
    }

    /** The tone of the result for colouring; {@link Tone#DANGER} also when sending failed. */
    public ObjectBinding<Tone> tone() {
        return tone;
    }

    /** The id of the run this follows, once the service told it. */
    public ReadOnlyObjectProperty<UUID> followedRunProperty() {
        return followedRun.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty startErrorProperty() {
        return startError.getReadOnlyProperty();
    }

    /** Stops following the run and the agent; the run itself goes on. */
    @Override
    public void close() {
        follower.close();
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("could not unsubscribe", e);
            }
        }
        subscriptions.clear();
    }
}
