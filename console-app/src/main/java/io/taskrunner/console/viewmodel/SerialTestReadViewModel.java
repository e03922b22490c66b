package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A serial test read: the port, how a frame ends and the pattern whose named groups are the values, checked as the
 * operator types; the read is an inline {@code serial-read} task on the chosen agent, and shows the raw frame and
 * its values. The same form saved as a collector polls the device.
 */
public final class SerialTestReadViewModel implements AutoCloseable {
    /** The name of the inline task, as the Runs page lists it. */
    public static final String TASK_NAME = "field-serial-read";

    private final ObservableStringValue agentId;
    private final LocalizedTexts texts;
    private final SerialPortViewModel port;
    private final InlineTestRun run;

    private final StringProperty delimiter = new SimpleStringProperty(this, "delimiter", "\\r\\n");
    private final StringProperty length = new SimpleStringProperty(this, "length", "");
    private final StringProperty idleMillis = new SimpleStringProperty(this, "idleMillis", "");
    private final StringProperty timeoutMillis = new SimpleStringProperty(this, "timeoutMillis", "5000");
    private final StringProperty charset = new SimpleStringProperty(this, "charset", "");
    private final StringProperty pattern = new SimpleStringProperty(this, "pattern", "");

    private final ReadOnlyStringWrapper frame = new ReadOnlyStringWrapper(this, "frame", "");
    private final ObservableList<ReadValueRow> values = FXCollections.observableArrayList();
    private final ObservableList<ReadValueRow> valuesView = FXCollections.unmodifiableObservableList(values);

    private final Observable[] formInputs;
    private final StringBinding validationMessage;
    private final BooleanBinding canTestRead;
    private final StringBinding statusText;

    /**
     * @param agentId the agent that reads; {@code null} while none is chosen
     * @param port    the serial port, shared with the serial test write
     */
    SerialTestReadViewModel(ObservableStringValue agentId, SerialPortViewModel port, RunService runs,
            LocalizedTexts texts, Executor uiExecutor) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.port = Objects.requireNonNull(port, "port");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.run = new InlineTestRun(runs, uiExecutor, this::ended);

        formInputs = Stream.concat(Stream.of(port.observables()),
                Stream.of(delimiter, length, idleMillis, timeoutMillis, charset, pattern)).toArray(Observable[]::new);
        validationMessage = Bindings.createStringBinding(this::problem, formInputs);
        canTestRead = Bindings.createBooleanBinding(
                () -> validationMessage.get().isEmpty() && agentId.get() != null && !run.isRunning(),
                validationMessage, agentId, run.running());
        Observable[] statusInputs = Stream.concat(Stream.of(run.observables()), Stream.of(values))
                .toArray(Observable[]::new);
        statusText = texts.compute(messages -> run.status(messages, "field.serialRead.running", this::done),
                statusInputs);
    }

    /**
     * The form as the task the agent would run.
     *
     * @throws ProtocolException naming the field that is wrong, e.g. {@code pattern: is not a valid regular ...}
     */
    public SerialReadTask task() {
        return new SerialReadTask(port.settings(), emptyAsNull(delimiter.get()),
                FormNumbers.whole(length.get(), "length"), FormNumbers.whole(timeoutMillis.get(), "timeoutMillis"),
                FormNumbers.whole(idleMillis.get(), "idleMillis"), emptyAsNull(pattern.get()),
                FormNumbers.trimmed(charset.get()));
    }

    /** Empty as {@code null}; anything else as typed, since a space may well be part of a delimiter or pattern. */
    static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
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
        SerialReadTask task = task();
        frame.set("");
        values.clear();
        run.start(agentId.get(), TaskDefinition.of(TASK_NAME, task)
                .withTimeoutSeconds(ModbusTestReadViewModel.RUN_TIMEOUT_SECONDS));
        return true;
    }

    /** Asks the agent to stop waiting for a frame. */
    public void cancel() {
        run.cancel();
    }

    private void ended(RunSnapshot snapshot) {
        if (snapshot.state() != RunState.SUCCEEDED) {
            return;
        }
        String text = FieldResults.field(snapshot.result(), "frame").asText(null);
        if (text == null) {
            run.fail(texts.messages().get("field.serialRead.noFrame"));
            return;
        }
        frame.set(FieldResults.printable(text));
        values.setAll(FieldResults.valueRows(FieldResults.field(snapshot.result(), "values"), texts));
    }

    private String done(RunSnapshot snapshot, Messages messages) {
        String took = InlineTestRun.took(snapshot);
        return messages.get("field.serialRead.done", values.size()) + (took == null ? "" : " · " + took);
    }

    public SerialPortViewModel port() {
        return port;
    }

    /** What ends a frame, with escapes such as {@code \r\n}; blank when length or quiet time ends it. */
    public StringProperty delimiterProperty() {
        return delimiter;
    }

    /** Bytes of a fixed-length frame; blank otherwise. */
    public StringProperty lengthProperty() {
        return length;
    }

    /** Quiet time that ends a frame without delimiter or length; blank for 100 ms. */
    public StringProperty idleMillisProperty() {
        return idleMillis;
    }

    /** How long to wait for a (matching) frame; blank for 5000 ms. */
    public StringProperty timeoutMillisProperty() {
        return timeoutMillis;
    }

    /** How bytes become text; blank for US-ASCII. */
    public StringProperty charsetProperty() {
        return charset;
    }

    /** A regular expression whose named groups are the values; frames that do not match are skipped. */
    public StringProperty patternProperty() {
        return pattern;
    }

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

    /** The last frame read, control characters as escapes; empty before the first. */
    public ReadOnlyStringProperty frameProperty() {
        return frame.getReadOnlyProperty();
    }

    /** The pattern's named groups of the last frame, in pattern order. */
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
