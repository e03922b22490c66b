package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.i18n.Messages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/** One job in the Jobs table: its state, targets and how far its executions are; updated in place. */
public final class JobRowViewModel {
    private final UUID jobId;
    private final ReadOnlyObjectWrapper<JobSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<JobStatistics> statistics = new ReadOnlyObjectWrapper<>(this, "statistics",
            JobStatistics.of(List.of()));
    private final ReadOnlyObjectWrapper<Instant> created = new ReadOnlyObjectWrapper<>(this, "created");
    private final StringBinding taskText;
    private final StringBinding stateText;
    private final ObjectBinding<Tone> tone;
    private final StringBinding targetsText;
    private final StringBinding createdText;
    private final DoubleBinding progress;
    private final StringBinding progressText;
    private final StringBinding countsText;

    JobRowViewModel(JobSnapshot job, LocalizedTexts texts, Clock clock) {
        this.jobId = job.jobId();
        update(job);
        taskText = Bindings.createStringBinding(() -> snapshot.get().spec().task(), snapshot);
        stateText = texts.compute(messages -> JobStateTexts.text(snapshot.get().state(), messages), snapshot);
        tone = Bindings.createObjectBinding(() -> JobStateTexts.tone(snapshot.get().state()), snapshot);
        targetsText = texts.compute(messages -> targets(snapshot.get().spec(), messages), snapshot);
        createdText = texts.compute(messages -> Formats.dateTime(created.get(), clock, messages), created);
        progress = Bindings.createDoubleBinding(() -> JobStateTexts.progress(statistics.get()), statistics);
        progressText = texts.compute(messages -> messages.get("jobs.progress",
                statistics.get().count(ExecutionState.SUCCEEDED),
                statistics.get().total() - statistics.get().count(ExecutionState.REMOVED)), statistics);
        countsText = texts.compute(messages -> JobStateTexts.counts(statistics.get(), messages), statistics);
    }

    void update(JobSnapshot job) {
        snapshot.set(job);
        created.set(job.createdAt());
    }

    void statistics(JobStatistics figures) {
        statistics.set(figures);
    }

    Observable[] observables() {
        return new Observable[] {snapshot, statistics, stateText};
    }

    /** "All agents" or "press-7, group presses, tag night", and "(continuous)" when later members join. */
    static String targets(JobSpec spec, Messages messages) {
        String list = spec.targets().stream().map(target -> target(target, messages))
                .collect(Collectors.joining(", "));
        return spec.targetMode() == JobSpec.TargetMode.CONTINUOUS ? messages.get("jobs.targets.continuous", list)
                : list;
    }

    private static String target(Target target, Messages messages) {
        return switch (target.type()) {
            case ALL -> messages.get("jobs.targets.all");
            case AGENT -> target.value();
            case GROUP -> messages.get("jobs.targets.group", target.value());
            case TAG -> messages.get("jobs.targets.tag", target.value());
        };
    }

    public UUID jobId() {
        return jobId;
    }

    public ReadOnlyObjectProperty<JobSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<JobStatistics> statisticsProperty() {
        return statistics.getReadOnlyProperty();
    }

    public JobState state() {
        return snapshot.get().state();
    }

    /** When the job was created; for sorting. */
    public ReadOnlyObjectProperty<Instant> createdProperty() {
        return created.getReadOnlyProperty();
    }

    public StringBinding taskText() {
        return taskText;
    }

    public StringBinding stateText() {
        return stateText;
    }

    /** The colour of the state badge. */
    public ObjectBinding<Tone> tone() {
        return tone;
    }

    public StringBinding targetsText() {
        return targetsText;
    }

    public StringBinding createdText() {
        return createdText;
    }

    /** The ended share of the executions (removed ones left out), 0 to 1. */
    public DoubleBinding progress() {
        return progress;
    }

    /** "12/40": succeeded of all executions (removed ones left out). */
    public StringBinding progressText() {
        return progressText;
    }

    /** Executions per state, the states that have any. */
    public StringBinding countsText() {
        return countsText;
    }
}
