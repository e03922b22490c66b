package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobExecution;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** One agent's execution of the selected job: state, the progress its task reported, attempts, times, details. */
public final class JobExecutionRowViewModel {
    private final String agentId;
    private final ReadOnlyObjectWrapper<JobExecution> execution = new ReadOnlyObjectWrapper<>(this, "execution");
    private final StringBinding agentText;
    private final StringBinding stateText;
    private final ObjectBinding<Tone> tone;
    private final DoubleBinding progress;
    private final StringBinding progressText;
    private final StringBinding detailsText;
    private final StringBinding attemptsText;
    private final StringBinding startedText;
    private final StringBinding finishedText;
    private final StringBinding durationText;

    JobExecutionRowViewModel(JobExecution first, String agentName, LocalizedTexts texts, Clock clock) {
        this.agentId = first.agentId();
        execution.set(first);
        agentText = Bindings.createStringBinding(() -> agentName);
        stateText = texts.compute(messages -> JobStateTexts.text(execution.get().state(), messages), execution);
        tone = Bindings.createObjectBinding(() -> JobStateTexts.tone(execution.get().state()), execution);
        progress = Bindings.createDoubleBinding(this::progressValue, execution);
        progressText = texts.compute(messages -> percent() == null ? messages.get("common.unknown")
                : messages.get("jobs.execution.percent", percent()), execution);
        detailsText = Bindings.createStringBinding(
                () -> Objects.requireNonNullElse(execution.get().statusDetails(), ""), execution);
        attemptsText = texts.compute(messages -> execution.get().attempts() == 0 ? messages.get("common.unknown")
                : Integer.toString(execution.get().attempts()), execution);
        startedText = texts.compute(messages -> Formats.dateTime(execution.get().startedAt(), clock, messages),
                execution);
        finishedText = texts.compute(messages -> Formats.dateTime(execution.get().finishedAt(), clock, messages),
                execution);
        durationText = texts.compute(messages -> execution.get().durationMs() == null
                ? messages.get("common.unknown") : Formats.duration(Duration.ofMillis(execution.get().durationMs())),
                execution);
    }

    void update(JobExecution changed) {
        execution.set(changed);
    }

    Observable[] observables() {
        return new Observable[] {execution, stateText};
    }

    private Integer percent() {
        JobExecution current = execution.get();
        if (current.progress() != null) {
            return current.progress();
        }
        return current.state() == ExecutionState.SUCCEEDED ? 100 : null;
    }

    private double progressValue() {
        Integer percent = percent();
        return percent == null ? 0 : Math.clamp(percent, 0, 100) / 100.0;
    }

    public String agentId() {
        return agentId;
    }

    public ReadOnlyObjectProperty<JobExecution> executionProperty() {
        return execution.getReadOnlyProperty();
    }

    /** The agent's host name when known, else its id. */
    public StringBinding agentText() {
        return agentText;
    }

    public StringBinding stateText() {
        return stateText;
    }

    public ObjectBinding<Tone> tone() {
        return tone;
    }

    /** The task's last reported percent as 0 to 1; 1 once it succeeded, 0 while it reported none. */
    public DoubleBinding progress() {
        return progress;
    }

    /** "45 %", or the dash while the task reported no progress. */
    public StringBinding progressText() {
        return progressText;
    }

    /** The status the task reported last, or at the end its error or why the console ended it. */
    public StringBinding detailsText() {
        return detailsText;
    }

    public StringBinding attemptsText() {
        return attemptsText;
    }

    public StringBinding startedText() {
        return startedText;
    }

    public StringBinding finishedText() {
        return finishedText;
    }

    public StringBinding durationText() {
        return durationText;
    }
}
