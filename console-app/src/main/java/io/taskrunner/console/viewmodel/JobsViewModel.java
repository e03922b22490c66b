package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobStatistics;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jobs section: the most recent jobs, newest first, with their progress and counts kept current from
 * coalesced {@link JobService} changes (at most four batches a second, whatever the fleet size); the selected job's
 * details; and the wizard for a new job. Every service call runs off the UI thread.
 */
public final class JobsViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobsViewModel.class);
    static final int LIMIT = 200;
    private static final Comparator<JobRowViewModel> NEWEST_FIRST = Comparator.comparing(
            (JobRowViewModel row) -> row.createdProperty().get(),
            Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private final JobService jobs;
    private final FleetService fleet;
    private final DesiredStateService desired;
    private final LocalizedTexts texts;
    private final Executor uiExecutor;
    private final Executor background;
    private final Clock clock;
    private final ObservableList<JobRowViewModel> rows = FXCollections.observableArrayList(JobRowViewModel::observables);
    private final Map<UUID, JobRowViewModel> rowsById = new HashMap<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", true);
    private final ReadOnlyObjectWrapper<JobRowViewModel> toSelect = new ReadOnlyObjectWrapper<>(this, "toSelect");
    private final JobUpdates updates;
    private final JobDetailsViewModel details;

    /**
     * @param agentNames what to show for an agent id (its host name when known)
     * @param background where the blocking service calls run
     * @param delayer    paces the coalesced updates
     */
    public JobsViewModel(JobService jobs, FleetService fleet, DesiredStateService desired,
            UnaryOperator<String> agentNames, LocalizedTexts texts, Executor uiExecutor, Executor background,
            Delayer delayer, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.desired = Objects.requireNonNull(desired, "desired");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.background = Objects.requireNonNull(background, "background");
        this.clock = Objects.requireNonNull(clock, "clock");
        // subscribe before the first read, so no change between the two is missed
        updates = new JobUpdates(jobs, delayer, uiExecutor, this::apply);
        details = new JobDetailsViewModel(jobs, agentNames, texts, uiExecutor, background, clock, updates,
                this::upsert, this::showCreated);
        CompletableFuture.supplyAsync(this::readRecentJobs, background).whenComplete((read, failure) ->
                uiExecutor.execute(() -> {
                    loading.set(false);
                    if (failure != null) {
                        LOG.warn("could not read the jobs", failure);
                        return;
                    }
                    read.forEach((job, statistics) -> upsert(job).statistics(statistics));
                }));
    }

    private Map<JobSnapshot, JobStatistics> readRecentJobs() {
        Map<JobSnapshot, JobStatistics> read = new LinkedHashMap<>();
        for (JobSnapshot job : jobs.jobs().stream().limit(LIMIT).toList()) {
            read.put(job, jobs.statistics(job.jobId()));
        }
        return read;
    }

    /** A coalesced batch of changes. UI thread. */
    private void apply(JobUpdates.Batch batch) {
        batch.jobs().forEach(this::upsert);
        batch.statistics().forEach((jobId, statistics) -> {
            JobRowViewModel row = rowsById.get(jobId);
            if (row != null) {
                row.statistics(statistics);
            }
        });
        details.executionsChanged(batch.executions());
    }

    JobRowViewModel upsert(JobSnapshot job) {
        JobRowViewModel row = rowsById.get(job.jobId());
        if (row != null) {
            row.update(job);
            return row;
        }
        row = new JobRowViewModel(job, texts, clock);
        rowsById.put(job.jobId(), row);
        int index = 0;
        while (index < rows.size() && NEWEST_FIRST.compare(rows.get(index), row) <= 0) {
            index++;
        }
        rows.add(index, row);
        if (rows.size() > LIMIT) {
            JobRowViewModel oldest = rows.removeLast();
            rowsById.remove(oldest.jobId());
        }
        return row;
    }

    /** Shows a job the operator just created (or re-ran) and asks the view to select it. */
    private void showCreated(JobSnapshot job) {
        JobRowViewModel row = upsert(job);
        toSelect.set(null);
        toSelect.set(row);
    }

    /** A new wizard; the caller closes it with its dialog. A job it creates is shown and selected. */
    public NewJobViewModel newJob() {
        return new NewJobViewModel(jobs, fleet, desired, texts, uiExecutor, background, clock, this::showCreated);
    }

    /** Newest first, at most {@value #LIMIT}. */
    public ObservableList<JobRowViewModel> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** True until the jobs were read for the first time. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** A job the view should select: one the operator created or re-ran. */
    public ReadOnlyObjectProperty<JobRowViewModel> toSelectProperty() {
        return toSelect.getReadOnlyProperty();
    }

    public JobDetailsViewModel details() {
        return details;
    }

    /** Looks a row up by job id; for tests and the view. */
    public JobRowViewModel row(UUID jobId) {
        return rowsById.get(jobId);
    }


    @Override
    public void close() {
        updates.close();
    }
}
