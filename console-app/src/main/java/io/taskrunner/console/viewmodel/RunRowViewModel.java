package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One run in the Runs table; updated in place as the run goes on. */
public final class RunRowViewModel {
    private final UUID runId;
    private final ReadOnlyObjectWrapper<RunSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper agentName = new ReadOnlyStringWrapper(this, "agentName");
    private final ReadOnlyObjectWrapper<Instant> started = new ReadOnlyObjectWrapper<>(this, "started");
    private final StringBinding agentText;
    private final StringBinding taskText;
    private final StringBinding commandText;
    private final StringBinding stateText;
    private final StringBinding exitCodeText;
    private final StringBinding startedText;
    private final StringBinding durationText;
    private final StringBinding attemptsText;
    private final StringBinding resultText;
    private final ObjectBinding<Tone> tone;

    RunRowViewModel(RunSnapshot run, String agentName, LocalizedTexts texts, Clock clock) {
        this.runId = run.runId();
        update(run, agentName);
        agentText = texts.compute(messages -> this.agentName.get(), this.agentName);
        taskText = texts.compute(messages -> snapshot.get().isTaskRun() ? snapshot.get().taskName()
                : messages.get("common.unknown"), snapshot);
        commandText = texts.compute(messages -> snapshot.get().isTaskRun()
                ? parametersText(snapshot.get().parameters()) : CommandLine.join(snapshot.get().argv()), snapshot);
        stateText = texts.compute(messages -> RunStateTexts.text(snapshot.get(), messages), snapshot);
        exitCodeText = texts.compute(messages -> snapshot.get().exitCode() == null ? messages.get("common.unknown")
                : Integer.toString(snapshot.get().exitCode()), snapshot);
        startedText = texts.compute(messages -> Formats.dateTime(started.get(), clock, messages), started);
        durationText = texts.compute(messages -> snapshot.get().durationMs() == null
                ? messages.get("common.unknown")
                : Formats.duration(Duration.ofMillis(snapshot.get().durationMs())), snapshot);
        attemptsText = texts.compute(messages -> snapshot.get().attempts() == 0 ? messages.get("common.unknown")
                : Integer.toString(snapshot.get().attempts()), snapshot);
        resultText = Bindings.createStringBinding(() -> snapshot.get().state().isFinal()
                ? RunResults.pretty(snapshot.get().result()) : "", snapshot);
        tone = Bindings.createObjectBinding(() -> RunStateTexts.tone(snapshot.get()), snapshot);
    }

    void update(RunSnapshot run, String agentName) {
        this.agentName.set(agentName);
        snapshot.set(run);
        state.set(run.state());
        started.set(run.startedAt() != null ? run.startedAt() : run.createdAt());
    }

    Observable[] observables() {
        return new Observable[] {snapshot, stateText};
    }

    public UUID runId() {
        return runId;
    }

    public ReadOnlyObjectProperty<RunSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** When the run started on the agent, or was asked for while it has not started; for sorting. */
    public ReadOnlyObjectProperty<Instant> startedProperty() {
        return started.getReadOnlyProperty();
    }

    /** The colour of the state badge. */
    public ObjectBinding<Tone> tone() {
        return tone;
    }

    public StringBinding agentText() {
        return agentText;
    }

    /** The task of a task run; the dash for a program run. */
    public StringBinding taskText() {
        return taskText;
    }

    /** A program run's command line, or a task run's parameters ({@code name=value}, secrets masked). */
    public StringBinding commandText() {
        return commandText;
    }

    public StringBinding stateText() {
        return stateText;
    }

    public StringBinding exitCodeText() {
        return exitCodeText;
    }

    public StringBinding startedText() {
        return startedText;
    }

    public StringBinding durationText() {
        return durationText;
    }

    /** Attempts started so far, retries included; the dash before the first or for a program run. */
    public StringBinding attemptsText() {
        return attemptsText;
    }

    /** The structured result of a finished run, indented JSON; empty while it runs or when it has none. */
    public StringBinding resultText() {
        return resultText;
    }

    private static String parametersText(Map<String, Object> parameters) {
        return parameters.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("  "));
    }
}
