package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobState;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.i18n.Messages;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The selected job: its figures, the per-agent executions (read off the UI thread when it is selected, then kept
 * current from the coalesced changes), and cancel, force cancel and re-run, which run off the UI thread and report
 * failures inline.
 */
public final class JobDetailsViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(JobDetailsViewModel.class);

    private final JobService jobs;
    private final UnaryOperator<String> agentNames;
    private final LocalizedTexts texts;
    private final Executor uiExecutor;
    private final Executor background;
    private final Clock clock;
    private final JobUpdates updates;
    private final Consumer<JobSnapshot> changed;
    private final Consumer<JobSnapshot> rerunCreated;

    private final ObjectProperty<JobRowViewModel> job = new SimpleObjectProperty<>(this, "job");
    private final ObservableList<JobExecutionRowViewModel> executions =
            FXCollections.observableArrayList(JobExecutionRowViewModel::observables);
    private final Map<String, JobExecutionRowViewModel> executionsByAgent = new HashMap<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObjectProperty<LocalizedTexts.TextFunction> actionError =
            new SimpleObjectProperty<>(this, "actionError");
    /** Changes that arrive while the executions are being read; applied on top of what was read. */
    private final List<JobUpdates.Stamped> pending = new ArrayList<>();
    private long readFrom;

    private final ObjectProperty<JobSnapshot> snapshot = new SimpleObjectProperty<>(this, "snapshot");
    private final ObjectProperty<JobStatistics> statistics = new SimpleObjectProperty<>(this, "statistics");
    private final BooleanBinding selected = job.isNotNull();
    private final StringBinding titleText;
    private final StringBinding reasonText;
    private final StringBinding successRateText;
    private final StringBinding durationsText;
    private final DoubleBinding progress;
    private final StringBinding progressText;
    private final StringBinding countsText;
    private final StringBinding actionErrorText;
    private final BooleanBinding canCancel;
    private final BooleanBinding canForceCancel;
    private final BooleanBinding canRerun;
    private final StringBinding forceCancelQuestion;

    /**
     * @param changed      told on the UI thread of the job a cancel or force cancel returned
     * @param rerunCreated told on the UI thread of the job a re-run created
     */
    JobDetailsViewModel(JobService jobs, UnaryOperator<String> agentNames, LocalizedTexts texts,
            Executor uiExecutor, Executor background, Clock clock, JobUpdates updates,
            Consumer<JobSnapshot> changed, Consumer<JobSnapshot> rerunCreated) {
        this.jobs = jobs;
        this.agentNames = agentNames;
        this.texts = texts;
        this.uiExecutor = uiExecutor;
        this.background = background;
        this.clock = clock;
        this.updates = updates;
        this.changed = changed;
        this.rerunCreated = rerunCreated;
        titleText = texts.compute(messages -> snapshot.get() == null ? ""
                : messages.get("jobs.details.title", snapshot.get().spec().task(),
                JobRowViewModel.targets(snapshot.get().spec(), messages)), snapshot);
        reasonText = texts.compute(messages -> snapshot.get() == null || snapshot.get().reason() == null ? ""
                : messages.get("jobs.details.reason", snapshot.get().reason()), snapshot);
        successRateText = texts.compute(messages -> statistics.get() == null
                || statistics.get().successRate() == null ? messages.get("common.unknown")
                : messages.get("jobs.details.successRate", Formats.percent(statistics.get().successRate() * 100,
                messages)), statistics);
        durationsText = texts.compute(this::durations, statistics);
        progress = Bindings.createDoubleBinding(() -> statistics.get() == null ? 0
                : JobStateTexts.progress(statistics.get()), statistics);
        progressText = texts.compute(messages -> statistics.get() == null ? ""
                : messages.get("jobs.progress", statistics.get().count(ExecutionState.SUCCEEDED),
                statistics.get().total() - statistics.get().count(ExecutionState.REMOVED)), statistics);
        countsText = texts.compute(messages -> statistics.get() == null ? ""
                : JobStateTexts.counts(statistics.get(), messages), statistics);
        actionErrorText = texts.compute(messages -> actionError.get() == null ? ""
                : actionError.get().apply(messages), actionError);
        canCancel = Bindings.createBooleanBinding(() -> !busy.get() && snapshot.get() != null
                && isOpen(snapshot.get().state()), snapshot, busy);
        canForceCancel = Bindings.createBooleanBinding(() -> !busy.get() && snapshot.get() != null
                && (isOpen(snapshot.get().state()) || snapshot.get().state() == JobState.CANCELLED
                && running(statistics.get()) > 0), snapshot, statistics, busy);
        canRerun = Bindings.createBooleanBinding(() -> !busy.get() && snapshot.get() != null
                && !isOpen(snapshot.get().state()) && statistics.get() != null
                && JobStateTexts.rerunnable(statistics.get()) > 0, snapshot, statistics, busy);
        forceCancelQuestion = texts.compute(messages -> snapshot.get() == null ? ""
                : messages.get("jobs.forceCancel.question", snapshot.get().spec().task(),
                running(statistics.get())), snapshot, statistics);
        job.addListener((property, old, row) -> show(row));
    }

    private static boolean isOpen(JobState state) {
        return state == JobState.SCHEDULED || state == JobState.IN_PROGRESS;
    }

    private static long running(JobStatistics figures) {
        return figures == null ? 0 : figures.count(ExecutionState.SENT) + figures.count(ExecutionState.IN_PROGRESS);
    }

    private String durations(Messages messages) {
        JobStatistics figures = statistics.get();
        if (figures == null || figures.p50Ms() == null) {
            return messages.get("common.unknown");
        }
        return messages.get("jobs.details.durations", Formats.duration(Duration.ofMillis(figures.p50Ms())),
                Formats.duration(Duration.ofMillis(figures.p90Ms())),
                Formats.duration(Duration.ofMillis(figures.p99Ms())));
    }

    /** Reads the executions of the newly selected job off the UI thread. */
    private void show(JobRowViewModel row) {
        snapshot.unbind();
        statistics.unbind();
        if (row == null) {
            snapshot.set(null);
            statistics.set(null);
        } else {
            snapshot.bind(row.snapshotProperty());
            statistics.bind(row.statisticsProperty());
        }
        executions.clear();
        executionsByAgent.clear();
        pending.clear();
        actionError.set(null);
        if (row == null) {
            loading.set(false);
            return;
        }
        loading.set(true);
        readFrom = updates.sequence();
        UUID jobId = row.jobId();
        CompletableFuture.supplyAsync(() -> jobs.executions(jobId), background)
                .whenComplete((list, failure) -> uiExecutor.execute(() -> loaded(jobId, list, failure)));
    }

    private void loaded(UUID jobId, List<JobExecution> list, Throwable failure) {
        if (!isSelected(jobId)) {
            return;
        }
        loading.set(false);
        if (failure != null) {
            LOG.warn("could not read the executions of job {}", jobId, cause(failure));
            String reason = reason(failure);
            actionError.set(messages -> messages.get("jobs.error.executions", reason));
            return;
        }
        list.forEach(this::upsert);
        pending.stream().filter(change -> change.sequence() > readFrom).forEach(change -> upsert(change.execution()));
        pending.clear();
    }

    /** Coalesced execution changes of any job; those of the selected one update its table. UI thread. */
    void executionsChanged(List<JobUpdates.Stamped> changes) {
        for (JobUpdates.Stamped change : changes) {
            if (!isSelected(change.execution().jobId())) {
                continue;
            }
            if (loading.get()) {
                pending.add(change);
            } else {
                upsert(change.execution());
            }
        }
    }

    private boolean isSelected(UUID jobId) {
        return job.get() != null && job.get().jobId().equals(jobId);
    }

    private void upsert(JobExecution execution) {
        JobExecutionRowViewModel row = executionsByAgent.get(execution.agentId());
        if (row != null) {
            row.update(execution);
            return;
        }
        row = new JobExecutionRowViewModel(execution, agentNames.apply(execution.agentId()), texts, clock);
        executionsByAgent.put(execution.agentId(), row);
        executions.add(row);
    }

    /** Stops the rollout; running executions go on. */
    public void cancel() {
        act(canCancel, jobs::cancel, "jobs.error.cancel", changed);
    }

    /** Also cancels the running executions on their agents; the view asks first with {@link #forceCancelQuestion}. */
    public void forceCancel() {
        act(canForceCancel, jobs::forceCancel, "jobs.error.forceCancel", changed);
    }

    /** A new job for the agents whose execution failed or never ran; it is selected once created. */
    public void rerun() {
        act(canRerun, jobs::rerun, "jobs.error.rerun", rerunCreated);
    }

    private void act(BooleanBinding allowed, Function<UUID, JobSnapshot> action, String errorKey,
            Consumer<JobSnapshot> done) {
        if (!allowed.get()) {
            return;
        }
        UUID jobId = job.get().jobId();
        busy.set(true);
        actionError.set(null);
        CompletableFuture.supplyAsync(() -> action.apply(jobId), background)
                .whenComplete((result, failure) -> uiExecutor.execute(() -> {
                    busy.set(false);
                    if (failure != null) {
                        LOG.warn("job action on {} failed", jobId, cause(failure));
                        String reason = reason(failure);
                        actionError.set(messages -> messages.get(errorKey, reason));
                    } else {
                        done.accept(result);
                    }
                }));
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String reason(Throwable failure) {
        Throwable cause = cause(failure);
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    }

    /** The job shown; the view binds it to the jobs table's selection. */
    public ObjectProperty<JobRowViewModel> jobProperty() {
        return job;
    }

    public BooleanBinding selected() {
        return selected;
    }

    /** The executions of the selected job in the order they were queued. */
    public ObservableList<JobExecutionRowViewModel> executions() {
        return FXCollections.unmodifiableObservableList(executions);
    }

    /** True while the executions of the selected job are being read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True while a cancel, force cancel or re-run is on its way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public StringBinding titleText() {
        return titleText;
    }

    /** Why the job was cancelled or stopped; empty otherwise. */
    public StringBinding reasonText() {
        return reasonText;
    }

    public StringBinding successRateText() {
        return successRateText;
    }

    /** "p50 1.2 s · p90 3.4 s · p99 5.0 s" of the runs that ended; the dash while none did. */
    public StringBinding durationsText() {
        return durationsText;
    }

    public DoubleBinding progress() {
        return progress;
    }

    public StringBinding progressText() {
        return progressText;
    }

    public StringBinding countsText() {
        return countsText;
    }

    /** Why the last action or read failed; empty when it did not. */
    public StringBinding actionErrorText() {
        return actionErrorText;
    }

    public BooleanBinding canCancel() {
        return canCancel;
    }

    public BooleanBinding canForceCancel() {
        return canForceCancel;
    }

    /** Only for a job that is over and has executions that failed or never ran. */
    public BooleanBinding canRerun() {
        return canRerun;
    }

    /** What the force-cancel confirmation asks. */
    public StringBinding forceCancelQuestion() {
        return forceCancelQuestion;
    }
}
