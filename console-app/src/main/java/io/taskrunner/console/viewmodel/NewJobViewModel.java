package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.console.service.jobs.AbortRule;
import io.taskrunner.console.service.jobs.JobService;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.Rollout;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.TimeWindow;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new-job form: a stored task and its parameters, targets with a live count, rollout, abort rule, timeout and
 * retries, start and end, maintenance windows and zone. The {@link JobSpec} is built on every change, so its own
 * checks (messages naming the field) show inline and Create stays disabled while any fails. The stored task's
 * definition is sent along, so its parameters are checked before the job is stored. Reading the tasks, the fleet and
 * the labels, and creating the job, run off the UI thread.
 */
public final class NewJobViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(NewJobViewModel.class);

    private final JobService jobs;
    private final DesiredStateService desired;
    private final Executor uiExecutor;
    private final Executor background;
    private final Consumer<JobSnapshot> created;

    private final ObservableList<String> tasks = FXCollections.observableArrayList();
    private final ObjectProperty<String> task = new SimpleObjectProperty<>(this, "task");
    private final ReadOnlyObjectWrapper<TaskDefinition> definition = new ReadOnlyObjectWrapper<>(this, "definition");
    private final ObservableList<JobParameterRow> parameters =
            FXCollections.observableArrayList(JobParameterRow::observables);
    private final JobTargetsViewModel targets;
    private final BooleanProperty continuous = new SimpleBooleanProperty(this, "continuous");
    private final BooleanProperty exponential = new SimpleBooleanProperty(this, "exponential");
    private final StringProperty maxPerMinute = new SimpleStringProperty(this, "maxPerMinute", "");
    private final StringProperty baseRate = new SimpleStringProperty(this, "baseRate", "10");
    private final StringProperty factor = new SimpleStringProperty(this, "factor", "2");
    private final StringProperty raiseAfter = new SimpleStringProperty(this, "raiseAfter", "10");
    private final BooleanProperty raiseOnSuccess = new SimpleBooleanProperty(this, "raiseOnSuccess", true);
    private final StringProperty maxRate = new SimpleStringProperty(this, "maxRate", "");
    private final BooleanProperty abort = new SimpleBooleanProperty(this, "abort");
    private final StringProperty abortPercent = new SimpleStringProperty(this, "abortPercent", "10");
    private final StringProperty abortMinimum = new SimpleStringProperty(this, "abortMinimum", "10");
    private final StringProperty timeoutSeconds = new SimpleStringProperty(this, "timeoutSeconds", "0");
    private final StringProperty retries = new SimpleStringProperty(this, "retries", "0");
    private final StringProperty startAt = new SimpleStringProperty(this, "startAt", "");
    private final StringProperty endAt = new SimpleStringProperty(this, "endAt", "");
    private final BooleanProperty cancelAtEnd = new SimpleBooleanProperty(this, "cancelAtEnd");
    private final ObservableList<WindowRow> windows = FXCollections.observableArrayList(WindowRow::observables);
    private final StringProperty zone = new SimpleStringProperty(this, "zone");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", true);
    private final ReadOnlyBooleanWrapper creating = new ReadOnlyBooleanWrapper(this, "creating");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done");
    private final ObjectProperty<LocalizedTexts.TextFunction> createError =
            new SimpleObjectProperty<>(this, "createError");

    private final ObjectBinding<Built> built;
    private final StringBinding validationMessage;
    private final StringBinding createErrorText;
    private final BooleanBinding canCreate;

    /** The spec the form describes, or why there is none. */
    private record Built(JobSpec spec, LocalizedTexts.TextFunction problem) {
    }

    /** @param created told on the UI thread of the job once it is stored */
    NewJobViewModel(JobService jobs, FleetService fleet, DesiredStateService desired, LocalizedTexts texts,
            Executor uiExecutor, Executor background, Clock clock, Consumer<JobSnapshot> created) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.desired = Objects.requireNonNull(desired, "desired");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.background = Objects.requireNonNull(background, "background");
        this.created = Objects.requireNonNull(created, "created");
        this.targets = new JobTargetsViewModel(texts);
        zone.set(clock.getZone().getId());
        Observable[] inputs = Stream.concat(Stream.of(targets.inputs()), Stream.of(definition, parameters, continuous,
                exponential, maxPerMinute, baseRate, factor, raiseAfter, raiseOnSuccess, maxRate, abort, abortPercent,
                abortMinimum, timeoutSeconds, retries, startAt, endAt, cancelAtEnd, windows, zone))
                .toArray(Observable[]::new);
        built = Bindings.createObjectBinding(this::build, inputs);
        validationMessage = texts.compute(messages -> built.get().problem() == null ? ""
                : built.get().problem().apply(messages), built);
        createErrorText = texts.compute(messages -> createError.get() == null ? ""
                : createError.get().apply(messages), createError);
        canCreate = Bindings.createBooleanBinding(() -> built.get().spec() != null && !creating.get()
                && !done.get(), built, creating, done);
        task.addListener((property, old, name) -> loadTask(name));
        CompletableFuture.supplyAsync(() -> new Choices(desired.names(DefinitionKind.TASK), fleet.agents(),
                desired.labels()), background).whenComplete((choices, failure) -> uiExecutor.execute(() -> {
                    loading.set(false);
                    if (failure != null) {
                        LOG.warn("could not read the tasks and agents for a new job", cause(failure));
                        String reason = reason(failure);
                        createError.set(messages -> messages.get("jobs.new.error.load", reason));
                        return;
                    }
                    tasks.setAll(choices.tasks());
                    targets.load(choices.agents(), choices.labels());
                }));
    }

    private record Choices(List<String> tasks, List<AgentSnapshot> agents, Map<String, AgentLabels> labels) {
    }

    private void loadTask(String name) {
        definition.set(null);
        parameters.clear();
        if (name == null) {
            return;
        }
        CompletableFuture.supplyAsync(() -> desired.task(name), background).whenComplete((found, failure) ->
                uiExecutor.execute(() -> {
                    if (!name.equals(task.get())) {
                        return; // the operator chose another task meanwhile
                    }
                    if (failure != null || found.isEmpty()) {
                        String reason = failure == null ? name : reason(failure);
                        createError.set(messages -> messages.get("jobs.new.error.task", reason));
                        return;
                    }
                    createError.set(null);
                    parameters.setAll(found.get().parameters().stream().map(JobParameterRow::new).toList());
                    definition.set(found.get());
                }));
    }

    private Built build() {
        if (definition.get() == null) {
            return new Built(null, messages -> messages.get("jobs.new.error.noTask"));
        }
        List<Target> chosen = targets.targets();
        if (chosen.isEmpty()) {
            return new Built(null, messages -> messages.get("jobs.new.error.noTargets"));
        }
        try {
            return new Built(spec(chosen), null);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage();
            return new Built(null, messages -> problem);
        }
    }

    /** The spec of the form; an {@link IllegalArgumentException} naming the field when something is wrong. */
    private JobSpec spec(List<Target> chosen) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (JobParameterRow row : parameters) {
            Object value = row.typedValue();
            if (value != null) {
                values.put(row.name(), value);
            }
        }
        ZoneId jobZone = JobFormValues.zone(zone.get());
        List<TimeWindow> checkedWindows = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            checkedWindows.add(windows.get(i).window("maintenanceWindows[" + i + "]"));
        }
        AbortRule abortRule = abort.get() ? new AbortRule(
                JobFormValues.decimal(abortPercent.get(), -1, "abort.failureSharePercent"),
                JobFormValues.whole(abortMinimum.get(), 1, "abort.minExecutions")) : null;
        return new JobSpec(definition.get().name(), definition.get(), values, chosen,
                continuous.get() ? JobSpec.TargetMode.CONTINUOUS : JobSpec.TargetMode.SNAPSHOT, rollout(), abortRule,
                JobFormValues.whole(timeoutSeconds.get(), 0, "inProgressTimeoutSeconds"),
                JobFormValues.whole(retries.get(), 0, "maxRetries"),
                JobFormValues.instant(startAt.get(), jobZone, "startAt"),
                JobFormValues.instant(endAt.get(), jobZone, "endAt"),
                cancelAtEnd.get() ? JobSpec.EndBehaviour.CANCEL : JobSpec.EndBehaviour.STOP_ROLLOUT,
                checkedWindows, jobZone);
    }

    private Rollout rollout() {
        if (!exponential.get()) {
            return Rollout.fixed(JobFormValues.whole(maxPerMinute.get(), Rollout.MAX_RATE_PER_MINUTE,
                    "rollout.maxPerMinute"));
        }
        int base = JobFormValues.whole(baseRate.get(), 0, "rollout.baseRatePerMinute");
        double multiplier = JobFormValues.decimal(factor.get(), 0, "rollout.incrementFactor");
        int max = JobFormValues.whole(maxRate.get(), Rollout.MAX_RATE_PER_MINUTE, "rollout.maxRatePerMinute");
        if (raiseOnSuccess.get()) {
            return Rollout.exponentialAfterSucceeded(base, multiplier,
                    JobFormValues.whole(raiseAfter.get(), 0, "rollout.raiseAfterSucceeded"), max);
        }
        return Rollout.exponentialAfterNotified(base, multiplier,
                JobFormValues.whole(raiseAfter.get(), 0, "rollout.raiseAfterNotified"), max);
    }

    /** Stores and starts the job. Returns false when the form is invalid or a create is on its way. UI thread. */
    public boolean create() {
        JobSpec spec = built.get().spec();
        if (spec == null || !canCreate.get()) {
            return false;
        }
        creating.set(true);
        createError.set(null);
        CompletableFuture.supplyAsync(() -> jobs.create(spec), background)
                .whenComplete((job, failure) -> uiExecutor.execute(() -> {
                    creating.set(false);
                    if (failure != null) {
                        LOG.warn("could not create a job of task {}", spec.task(), cause(failure));
                        String reason = reason(failure);
                        createError.set(messages -> messages.get("jobs.new.error.create", reason));
                        return;
                    }
                    done.set(true);
                    created.accept(job);
                }));
        return true;
    }

    /** The spec Create would store now; null while the form is invalid. */
    JobSpec spec() {
        return built.get().spec();
    }

    public void addWindow() {
        windows.add(new WindowRow());
    }

    public void removeWindow(WindowRow row) {
        windows.remove(row);
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String reason(Throwable failure) {
        Throwable cause = cause(failure);
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    }

    /** The stored tasks by name. */
    public ObservableList<String> tasks() {
        return tasks;
    }

    public ObjectProperty<String> taskProperty() {
        return task;
    }

    /** The declared parameters of the chosen task, once its definition is read. */
    public ObservableList<JobParameterRow> parameters() {
        return parameters;
    }

    /** True once the chosen task is read and declares no parameters: the view says so. */
    public BooleanBinding noParameters() {
        return Bindings.createBooleanBinding(() -> definition.get() != null && parameters.isEmpty(), definition,
                parameters);
    }

    public JobTargetsViewModel targets() {
        return targets;
    }

    /** False: the agents matching now (snapshot); true: also agents that match later. */
    public BooleanProperty continuousProperty() {
        return continuous;
    }

    /** False: at most {@link #maxPerMinuteProperty} a minute; true: a rate that grows. */
    public BooleanProperty exponentialProperty() {
        return exponential;
    }

    /** Blank: as fast as allowed. */
    public StringProperty maxPerMinuteProperty() {
        return maxPerMinute;
    }

    public StringProperty baseRateProperty() {
        return baseRate;
    }

    public StringProperty factorProperty() {
        return factor;
    }

    public StringProperty raiseAfterProperty() {
        return raiseAfter;
    }

    /** True: the rate grows after successes; false: after sent executions. */
    public BooleanProperty raiseOnSuccessProperty() {
        return raiseOnSuccess;
    }

    /** Blank: up to the highest rate allowed. */
    public StringProperty maxRateProperty() {
        return maxRate;
    }

    public BooleanProperty abortProperty() {
        return abort;
    }

    public StringProperty abortPercentProperty() {
        return abortPercent;
    }

    public StringProperty abortMinimumProperty() {
        return abortMinimum;
    }

    /** 0 or blank: no limit. */
    public StringProperty timeoutSecondsProperty() {
        return timeoutSeconds;
    }

    public StringProperty retriesProperty() {
        return retries;
    }

    /** {@code 2025-03-01 22:00} in the zone; blank: at once. */
    public StringProperty startAtProperty() {
        return startAt;
    }

    /** Blank: no end. */
    public StringProperty endAtProperty() {
        return endAt;
    }

    /** True: the job is cancelled at its end; false: only its rollout stops. */
    public BooleanProperty cancelAtEndProperty() {
        return cancelAtEnd;
    }

    public ObservableList<WindowRow> windows() {
        return windows;
    }

    /** The zone of the start, end and windows; the console's zone at first. */
    public StringProperty zoneProperty() {
        return zone;
    }

    /** True while the tasks and agents are being read. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty creatingProperty() {
        return creating.getReadOnlyProperty();
    }

    /** True once the job was created: the dialog closes. */
    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    /** What is wrong with the form, naming the field; empty when Create may be pressed. */
    public StringBinding validationMessage() {
        return validationMessage;
    }

    /** Why reading or creating failed; empty otherwise. */
    public StringBinding createErrorText() {
        return createErrorText;
    }

    public BooleanBinding canCreate() {
        return canCreate;
    }
}
