package io.taskrunner.console.viewmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
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
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP slave and a register map, checked as the operator types with the wire contract's own rules, and a
 * test read: an inline {@code modbus-read} task sent to the chosen agent and followed until it ends, then its
 * decoded values or its error. Service callbacks reach the state only through the UI executor.
 */
public final class ModbusTestReadViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusTestReadViewModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name of the inline task, as the Runs page lists it. */
    public static final String TASK_NAME = "field-test-read";
    /** How long the agent lets a test read take, whatever the map: a read that takes longer is not a test. */
    static final int RUN_TIMEOUT_SECONDS = 120;

    private final ObservableStringValue agentId;
    private final RunService runs;
    private final LocalizedTexts texts;
    private final Executor uiExecutor;
    private final RunFollower follower;
    private final RegisterMapViewModel map = new RegisterMapViewModel();

    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "502");
    private final StringProperty unitId = new SimpleStringProperty(this, "unitId", "1");
    private final StringProperty timeoutMillis = new SimpleStringProperty(this, "timeoutMillis", "3000");

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(this, "cancelRequested");
    private final ReadOnlyObjectWrapper<UUID> runId = new ReadOnlyObjectWrapper<>(this, "runId");
    private final ReadOnlyObjectWrapper<RunSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ObservableList<ReadValueRow> results = FXCollections.observableArrayList();
    private final ObservableList<ReadValueRow> resultsView = FXCollections.unmodifiableObservableList(results);
    private List<ModbusPoint> sentPoints = List.of();

    private final StringBinding validationMessage;
    private final BooleanBinding canTestRead;
    private final BooleanBinding canCancel;
    private final StringBinding statusText;
    private final ObjectBinding<Tone> tone;

    /** @param agentId the agent that reads; {@code null} while none is chosen */
    public ModbusTestReadViewModel(ObservableStringValue agentId, RunService runs, LocalizedTexts texts,
            Executor uiExecutor) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.follower = new RunFollower(runs, uiExecutor, this::applySnapshot, output -> { });
        map.add().nameProperty().set("value");

        validationMessage = Bindings.createStringBinding(this::problem, host, port, unitId, timeoutMillis,
                map.rows());
        canTestRead = Bindings.createBooleanBinding(
                () -> validationMessage.get().isEmpty() && agentId.get() != null && !running.get(),
                validationMessage, agentId, running);
        canCancel = running.and(runId.isNotNull()).and(cancelRequested.not());
        statusText = texts.compute(this::status, running, snapshot, error, results);
        tone = Bindings.createObjectBinding(this::currentTone, running, snapshot, error);
    }

    /**
     * The slave and map as the task the agent would run.
     *
     * @throws ProtocolException naming the field that is wrong, e.g. {@code points[2].address: ...}
     */
    public ModbusReadTask task() {
        return new ModbusReadTask(host.get(), whole(port.get(), "port"), unitIdValue(),
                whole(timeoutMillis.get(), "timeoutMillis"), null, map.points());
    }

    private Integer unitIdValue() {
        String text = unitId.get();
        return text == null || text.isBlank() ? null : whole(text, "unitId");
    }

    /** A whole number; 0 (the contract's "default") when blank. */
    private static int whole(String text, String field) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ProtocolException(field, "'" + text.strip() + "' is not a whole number");
        }
    }

    private String problem() {
        try {
            task();
            return "";
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    /** Sends the test read to the chosen agent. Returns false when the form is invalid or a read is going on. */
    public boolean testRead() {
        if (!canTestRead.get()) {
            return false;
        }
        ModbusReadTask task = task();
        String agent = agentId.get();
        TaskDefinition definition = TaskDefinition.of(TASK_NAME, task).withTimeoutSeconds(RUN_TIMEOUT_SECONDS);
        sentPoints = task.points();
        follower.expectRun();
        results.clear();
        error.set(null);
        snapshot.set(null);
        runId.set(null);
        cancelRequested.set(false);
        running.set(true);
        runs.runTask(agent, TaskRunRequest.inline(definition, Map.of()))
                .whenComplete((run, failure) -> uiExecutor.execute(() -> {
                    if (failure != null) {
                        startFailed(agent, failure);
                    } else {
                        follower.follow(run.runId());
                        runId.set(run.runId());
                        applySnapshot(run);
                    }
                }));
        return true;
    }

    /** Asks the agent to stop the read; the run then ends as cancelled. */
    public void cancel() {
        UUID id = runId.get();
        if (id == null || !running.get() || cancelRequested.get()) {
            return;
        }
        cancelRequested.set(true);
        runs.cancel(id).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("could not send cancel for test read {}", id, failure);
                uiExecutor.execute(() -> cancelRequested.set(false));
            }
        });
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
        if (run.state() == RunState.SUCCEEDED) {
            showValues(run.result());
        } else {
            error.set(run.error() == null || run.error().isBlank() ? null : run.error());
        }
        running.set(false);
    }

    private void showValues(String result) {
        JsonNode values;
        try {
            values = result == null ? null : JSON.readTree(result).get("values");
        } catch (JsonProcessingException e) {
            values = null;
        }
        if (values == null || !values.isObject()) {
            error.set(texts.messages().get("field.testRead.noValues"));
            return;
        }
        for (ModbusPoint point : sentPoints) {
            JsonNode node = values.get(point.name());
            Object value = node == null || node.isNull() ? null : JSON.convertValue(node, Object.class);
            results.add(new ReadValueRow(point.name(), texts.compute(messages -> Formats.value(value, messages)),
                    point.unit() == null ? "" : point.unit()));
        }
    }

    private void startFailed(String agent, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.warn("could not start a test read on {}", agent, cause);
        follower.abandon();
        error.set(Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()));
        running.set(false);
    }

    private String status(Messages messages) {
        RunSnapshot run = snapshot.get();
        if (running.get()) {
            return messages.get("field.testRead.running");
        }
        String detail = error.get();
        if (run == null) {
            return detail == null ? "" : messages.get("field.testRead.failed", detail);
        }
        if (run.state() == RunState.SUCCEEDED && detail == null) {
            Duration took = run.durationMs() == null ? null : Duration.ofMillis(run.durationMs());
            return took == null ? messages.get("field.testRead.done", results.size())
                    : messages.get("field.testRead.doneIn", results.size(), Formats.duration(took));
        }
        String state = RunStateTexts.text(run.state(), messages);
        return detail == null ? state : state + ": " + detail;
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

    public RegisterMapViewModel map() {
        return map;
    }

    public StringProperty hostProperty() {
        return host;
    }

    /** Blank for the Modbus default, 502. */
    public StringProperty portProperty() {
        return port;
    }

    /** Blank for unit 1. */
    public StringProperty unitIdProperty() {
        return unitId;
    }

    /** Per request, in milliseconds; blank for 3000. */
    public StringProperty timeoutMillisProperty() {
        return timeoutMillis;
    }

    /** The first problem of the form as the wire contract words it, e.g. {@code points[2].address: ...}; or empty. */
    public StringBinding validationMessage() {
        return validationMessage;
    }

    public BooleanBinding canTestRead() {
        return canTestRead;
    }

    public BooleanBinding canCancel() {
        return canCancel;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The decoded values of the last successful read, in map order. */
    public ObservableList<ReadValueRow> results() {
        return resultsView;
    }

    /** "Reading…", "Read 3 values in 120 ms", or the run's state and error. */
    public StringBinding statusText() {
        return statusText;
    }

    public ObjectBinding<Tone> tone() {
        return tone;
    }

    /** Stops following the run; the run itself goes on. */
    @Override
    public void close() {
        follower.close();
    }
}
