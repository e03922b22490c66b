package io.taskrunner.console.viewmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.message.RunState;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A Modbus TCP slave and a register map, checked as the operator types with the wire contract's own rules, and a
 * test read: an inline {@code modbus-read} task sent to the chosen agent and followed until it ends, then its
 * decoded values or its error. Service callbacks reach the state only through the UI executor.
 */
public final class ModbusTestReadViewModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The name of the inline task, as the Runs page lists it. */
    public static final String TASK_NAME = "field-test-read";
    /** How long the agent lets a test read take, whatever the map: a read that takes longer is not a test. */
    static final int RUN_TIMEOUT_SECONDS = 120;

    private final ObservableStringValue agentId;
    private final LocalizedTexts texts;
    private final ModbusConnectionViewModel connection;
    private final InlineTestRun run;
    private final RegisterMapViewModel map = new RegisterMapViewModel();

    private final ObservableList<ReadValueRow> results = FXCollections.observableArrayList();
    private final ObservableList<ReadValueRow> resultsView = FXCollections.unmodifiableObservableList(results);
    private List<ModbusPoint> sentPoints = List.of();

    private final Observable[] formInputs;
    private final StringBinding validationMessage;
    private final BooleanBinding canTestRead;
    private final StringBinding statusText;

    /** @param agentId the agent that reads; {@code null} while none is chosen */
    public ModbusTestReadViewModel(ObservableStringValue agentId, RunService runs, LocalizedTexts texts,
            Executor uiExecutor) {
        this(agentId, new ModbusConnectionViewModel(), runs, texts, uiExecutor);
    }

    /** @param connection the slave, shared with the test write */
    ModbusTestReadViewModel(ObservableStringValue agentId, ModbusConnectionViewModel connection, RunService runs,
            LocalizedTexts texts, Executor uiExecutor) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.run = new InlineTestRun(runs, uiExecutor, this::ended);
        map.add().nameProperty().set("value");

        formInputs = Stream.concat(Stream.of(connection.observables()), Stream.of(map.rows()))
                .toArray(Observable[]::new);
        validationMessage = Bindings.createStringBinding(this::problem, formInputs);
        canTestRead = Bindings.createBooleanBinding(
                () -> validationMessage.get().isEmpty() && agentId.get() != null && !run.isRunning(),
                validationMessage, agentId, run.running());
        Observable[] statusInputs = Stream.concat(Stream.of(run.observables()), Stream.of(results))
                .toArray(Observable[]::new);
        statusText = texts.compute(messages -> run.status(messages, "field.testRead.running", this::done),
                statusInputs);
    }

    /**
     * The slave and map as the task the agent would run.
     *
     * @throws ProtocolException naming the field that is wrong, e.g. {@code points[2].address: ...}
     */
    public ModbusReadTask task() {
        return new ModbusReadTask(connection.host(), connection.port(), connection.unitId(),
                connection.timeoutMillis(), null, map.points());
    }

    /** Everything the task is made from. */
    Observable[] formInputs() {
        return formInputs.clone();
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
        sentPoints = task.points();
        results.clear();
        run.start(agentId.get(), TaskDefinition.of(TASK_NAME, task).withTimeoutSeconds(RUN_TIMEOUT_SECONDS));
        return true;
    }

    /** Asks the agent to stop the read; the run then ends as cancelled. */
    public void cancel() {
        run.cancel();
    }

    private void ended(RunSnapshot snapshot) {
        if (snapshot.state() != RunState.SUCCEEDED) {
            return;
        }
        JsonNode values;
        try {
            values = snapshot.result() == null ? null : JSON.readTree(snapshot.result()).get("values");
        } catch (JsonProcessingException e) {
            values = null;
        }
        if (values == null || !values.isObject()) {
            run.fail(texts.messages().get("field.testRead.noValues"));
            return;
        }
        for (ModbusPoint point : sentPoints) {
            JsonNode node = values.get(point.name());
            Object value = node == null || node.isNull() ? null : JSON.convertValue(node, Object.class);
            results.add(new ReadValueRow(point.name(), texts.compute(messages -> Formats.value(value, messages)),
                    point.unit() == null ? "" : point.unit()));
        }
    }

    private String done(RunSnapshot snapshot, Messages messages) {
        String took = InlineTestRun.took(snapshot);
        return took == null ? messages.get("field.testRead.done", results.size())
                : messages.get("field.testRead.doneIn", results.size(), took);
    }

    public RegisterMapViewModel map() {
        return map;
    }

    /** The slave; the test write shares it. */
    public ModbusConnectionViewModel connection() {
        return connection;
    }

    public StringProperty hostProperty() {
        return connection.hostProperty();
    }

    /** Blank for the Modbus default, 502. */
    public StringProperty portProperty() {
        return connection.portProperty();
    }

    /** Blank for unit 1. */
    public StringProperty unitIdProperty() {
        return connection.unitIdProperty();
    }

    /** Per request, in milliseconds; blank for 3000. */
    public StringProperty timeoutMillisProperty() {
        return connection.timeoutMillisProperty();
    }

    /** The first problem of the form as the wire contract words it, e.g. {@code points[2].address: ...}; or empty. */
    public StringBinding validationMessage() {
        return validationMessage;
    }

    public BooleanBinding canTestRead() {
        return canTestRead;
    }

    public BooleanBinding canCancel() {
        return run.canCancel();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return run.running();
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
        return run.tone();
    }

    /** Stops following the run; the run itself goes on. */
    @Override
    public void close() {
        run.close();
    }
}
