package io.taskrunner.console.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A serial test write on the port of the serial test read: text with escapes or hex bytes, sent by the chosen agent
 * as an inline {@code serial-write} task, and the device's answer when a pattern for it is given.
 */
public final class SerialTestWriteViewModel implements AutoCloseable {
    /** The name of the inline task, as the Runs page lists it. */
    public static final String TASK_NAME = "field-serial-write";
    // as the agent reads placeholders: $${ is a literal
    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\$\\{");

    private final ObservableStringValue agentId;
    private final LocalizedTexts texts;
    private final SerialPortViewModel port;
    private final InlineTestRun run;

    private final StringProperty data = new SimpleStringProperty(this, "data", "");
    private final BooleanProperty hex = new SimpleBooleanProperty(this, "hex");
    private final StringProperty expect = new SimpleStringProperty(this, "expect", "");
    private final StringProperty answerDelimiter = new SimpleStringProperty(this, "answerDelimiter", "");
    private final StringProperty timeoutMillis = new SimpleStringProperty(this, "timeoutMillis", "5000");

    private final ReadOnlyStringWrapper answer = new ReadOnlyStringWrapper(this, "answer", "");
    private final ObservableList<ReadValueRow> values = FXCollections.observableArrayList();
    private final ObservableList<ReadValueRow> valuesView = FXCollections.unmodifiableObservableList(values);
    private int sentBytes;

    private final StringBinding validationMessage;
    private final BooleanBinding canTestWrite;
    private final StringBinding statusText;

    /** @param port the serial port, shared with the serial test read */
    SerialTestWriteViewModel(ObservableStringValue agentId, SerialPortViewModel port, RunService runs,
            LocalizedTexts texts, Executor uiExecutor) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.port = Objects.requireNonNull(port, "port");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.run = new InlineTestRun(runs, uiExecutor, this::ended);

        Observable[] formInputs = Stream.concat(Stream.of(port.observables()),
                Stream.of(data, hex, expect, answerDelimiter, timeoutMillis)).toArray(Observable[]::new);
        validationMessage = Bindings.createStringBinding(this::problem, formInputs);
        canTestWrite = Bindings.createBooleanBinding(
                () -> validationMessage.get().isEmpty() && agentId.get() != null && !run.isRunning(),
                validationMessage, agentId, run.running());
        Observable[] statusInputs = Stream.concat(Stream.of(run.observables()), Stream.of(answer))
                .toArray(Observable[]::new);
        statusText = texts.compute(messages -> run.status(messages, "field.serialWrite.running", this::done),
                statusInputs);
    }

    /**
     * The form as the task the agent would run.
     *
     * @throws ProtocolException naming the field that is wrong, e.g. {@code data: at 3: unknown escape \q; ...}
     */
    public SerialWriteTask task() {
        SerialWriteTask task = new SerialWriteTask(port.settings(), data.get(), hex.get(),
                SerialTestReadViewModel.emptyAsNull(expect.get()),
                SerialTestReadViewModel.emptyAsNull(answerDelimiter.get()), 0,
                FormNumbers.whole(timeoutMillis.get(), "timeoutMillis"), 0, null);
        if (!task.hex() && PLACEHOLDER.matcher(task.data()).find()) {
            throw new ProtocolException("data", "holds a placeholder such as ${name}; a test write sends literal"
                    + " text (write $${ for a literal ${)");
        }
        return task;
    }

    private String problem() {
        try {
            task();
            return "";
        } catch (ProtocolException e) {
            return e.getMessage();
        }
    }

    /** Sends the data through the chosen agent. Returns false when the form is invalid or a write is going on. */
    public boolean testWrite() {
        if (!canTestWrite.get()) {
            return false;
        }
        SerialWriteTask task = task();
        answer.set("");
        values.clear();
        sentBytes = 0;
        run.start(agentId.get(), TaskDefinition.of(TASK_NAME, task)
                .withTimeoutSeconds(ModbusTestReadViewModel.RUN_TIMEOUT_SECONDS));
        return true;
    }

    /** Asks the agent to stop waiting for the answer. */
    public void cancel() {
        run.cancel();
    }

    // an answer that did not match fails the run, and is shown all the same
    private void ended(RunSnapshot snapshot) {
        sentBytes = FieldResults.field(snapshot.result(), "sent").asInt(0);
        JsonNode text = FieldResults.field(snapshot.result(), "answer");
        answer.set(text.isTextual() ? FieldResults.printable(text.asText()) : "");
        values.setAll(FieldResults.valueRows(FieldResults.field(snapshot.result(), "values"), texts));
    }

    private String done(RunSnapshot snapshot, Messages messages) {
        String took = InlineTestRun.took(snapshot);
        String key = answer.get().isEmpty() ? "field.serialWrite.done" : "field.serialWrite.doneAnswer";
        return messages.get(key, sentBytes) + (took == null ? "" : " · " + took);
    }

    public SerialPortViewModel port() {
        return port;
    }

    /** Text with escapes ({@code \r}, {@code \x02}), or hex digits when {@link #hexProperty()} is set. */
    public StringProperty dataProperty() {
        return data;
    }

    public BooleanProperty hexProperty() {
        return hex;
    }

    /** A regular expression the answer must match; blank to send without waiting for an answer. */
    public StringProperty expectProperty() {
        return expect;
    }

    /** What ends the answer, with escapes; blank to end it after a quiet time. */
    public StringProperty answerDelimiterProperty() {
        return answerDelimiter;
    }

    /** How long to wait for the answer; blank for 5000 ms. */
    public StringProperty timeoutMillisProperty() {
        return timeoutMillis;
    }

    public StringBinding validationMessage() {
        return validationMessage;
    }

    public BooleanBinding canTestWrite() {
        return canTestWrite;
    }

    public BooleanBinding canCancel() {
        return run.canCancel();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return run.running();
    }

    /** The device's answer, control characters as escapes; empty when none came or none was awaited. */
    public ReadOnlyStringProperty answerProperty() {
        return answer.getReadOnlyProperty();
    }

    /** The answer pattern's named groups. */
    public ObservableList<ReadValueRow> values() {
        return valuesView;
    }

    public StringBinding statusText() {
        return statusText;
    }

    public ObjectBinding<Tone> tone() {
        return run.tone();
    }

    @Override
    public void close() {
        run.close();
    }
}
