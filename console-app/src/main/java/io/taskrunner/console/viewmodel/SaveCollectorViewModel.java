package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.AgentChange;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.TaskSpec;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the form being edited as a collector (its {@code modbus-read} register map or {@code serial-read} frame,
 * polled every {@code every}) in the desired state, for the chosen agent or every agent, and deploys it. Storing
 * and deploying run on the background executor; the outcome comes back through the UI executor.
 */
public final class SaveCollectorViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(SaveCollectorViewModel.class);

    private final Supplier<? extends TaskSpec> spec;
    private final ObservableStringValue agentId;
    private final DesiredStateService desired;
    private final Executor uiExecutor;
    private final Executor background;
    private final Consumer<CollectorDefinition> saved;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty every = new SimpleStringProperty(this, "every", "PT1S");
    private final BooleanProperty allAgents = new SimpleBooleanProperty(this, "allAgents");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    private final ObjectProperty<LocalizedTexts.TextFunction> outcome = new SimpleObjectProperty<>(this, "outcome");
    private final StringBinding result;
    private final ReadOnlyObjectWrapper<Tone> resultTone = new ReadOnlyObjectWrapper<>(this, "resultTone", Tone.NEUTRAL);
    private final StringBinding validationMessage;
    private final BooleanBinding canSave;

    /**
     * @param spec        what the collector polls, as a checked task; throws {@link ProtocolException} while the
     *                    form is invalid
     * @param specInputs  everything the spec is made from, so the checks follow every keystroke
     * @param saved      told on the UI thread of each collector stored
     */
    SaveCollectorViewModel(Supplier<? extends TaskSpec> spec, Observable[] specInputs,
            ObservableStringValue agentId, DesiredStateService desired, LocalizedTexts texts, Executor uiExecutor,
            Executor background, Consumer<CollectorDefinition> saved) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.desired = Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(texts, "texts");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.background = Objects.requireNonNull(background, "background");
        this.saved = Objects.requireNonNull(saved, "saved");
        result = texts.compute(messages -> outcome.get() == null ? "" : outcome.get().apply(messages), outcome);
        validationMessage = Bindings.createStringBinding(this::problem, inputs(specInputs, name, every));
        canSave = Bindings.createBooleanBinding(() -> collector() != null && !saving.get()
                && (allAgents.get() || agentId.get() != null),
                inputs(specInputs, name, every, allAgents, agentId, saving));
    }

    private static Observable[] inputs(Observable[] specInputs, Observable... own) {
        return Stream.concat(Stream.of(specInputs), Stream.of(own)).toArray(Observable[]::new);
    }

    /** The collector the form describes, or null while it or the spec is invalid. */
    private CollectorDefinition collector() {
        try {
            return CollectorDefinition.of(name.get() == null ? null : name.get().strip(), every.get(), spec.get());
        } catch (ProtocolException e) {
            return null;
        }
    }

    /**
     * What is wrong with the name, the interval or the spec as a collector (a serial read without named groups);
     * empty while the name is blank or the spec itself is wrong.
     */
    private String problem() {
        TaskSpec checked;
        try {
            checked = spec.get();
        } catch (ProtocolException e) {
            return ""; // the spec's own message is shown beside its form
        }
        if (name.get() == null || name.get().isBlank()) {
            return "";
        }
        try {
            CollectorDefinition.of(name.get().strip(), every.get(), checked);
            return "";
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    /** Stores the collector, assigns it and deploys. Returns false when the form is invalid or a save is going on. */
    public boolean save() {
        CollectorDefinition collector = collector();
        if (collector == null || !canSave.get()) {
            return false;
        }
        Target target = allAgents.get() ? Target.ALL : Target.agent(agentId.get());
        saving.set(true);
        outcome.set(null);
        resultTone.set(Tone.NEUTRAL);
        CompletableFuture.runAsync(() -> {
            desired.put(collector);
            desired.assign(DefinitionKind.COLLECTOR, collector.name(), target);
        }, background).thenCompose(ignored -> desired.deploy())
                .whenComplete((changes, failure) -> uiExecutor.execute(() -> finished(collector, changes, failure)));
        return true;
    }

    private void finished(CollectorDefinition collector, List<AgentChange> changes, Throwable failure) {
        saving.set(false);
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.warn("could not save or deploy collector {}", collector.name(), cause);
            String reason = Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
            outcome.set(messages -> messages.get("field.save.failed", collector.name(), reason));
            resultTone.set(Tone.DANGER);
            return;
        }
        saved.accept(collector);
        AgentChange blocked = changes.stream().filter(change -> change.problem() != null).findFirst().orElse(null);
        if (blocked != null) {
            outcome.set(messages -> messages.get("field.save.problem", collector.name(), blocked.agentId(),
                    blocked.problem()));
            resultTone.set(Tone.WARNING);
            return;
        }
        long deployed = changes.stream().filter(AgentChange::changesSomething).count();
        outcome.set(messages -> messages.get("field.save.done", collector.name(), deployed));
        resultTone.set(Tone.SUCCESS);
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** ISO-8601 duration between polls, e.g. {@code PT1S}. */
    public StringProperty everyProperty() {
        return every;
    }

    /** True: every agent gets the collector; false: the chosen agent only. */
    public BooleanProperty allAgentsProperty() {
        return allAgents;
    }

    public StringBinding validationMessage() {
        return validationMessage;
    }

    public BooleanBinding canSave() {
        return canSave;
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** What the last save did; empty before the first. */
    public StringBinding resultProperty() {
        return result;
    }

    public ReadOnlyObjectProperty<Tone> resultToneProperty() {
        return resultTone.getReadOnlyProperty();
    }
}
