package io.taskrunner.console.viewmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ModbusWriteTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Stream;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A Modbus test write: values for coils or holding registers of the slave the test read uses, checked as the
 * operator types, sent to the chosen agent as an inline {@code modbus-write} task, optionally read back. Writing to
 * a PLC moves machines, so the view asks first with {@link #confirmationText()}; this only sends when told to.
 */
public final class ModbusTestWriteViewModel implements AutoCloseable {
    /** The name of the inline task, as the Runs page lists it. */
    public static final String TASK_NAME = "field-test-write";

    private final ObservableStringValue agentId;
    private final LocalizedTexts texts;
    private final ModbusConnectionViewModel connection;
    private final InlineTestRun run;

    private final StringProperty function = new SimpleStringProperty(this, "function",
            ModbusFunction.HOLDING_REGISTERS.wire());
    private final StringProperty address = new SimpleStringProperty(this, "address", "0");
    private final StringProperty dataType = new SimpleStringProperty(this, "dataType", ModbusDataType.UINT16.wire());
    private final StringProperty length = new SimpleStringProperty(this, "length", "");
    private final StringProperty byteOrder = new SimpleStringProperty(this, "byteOrder", Endianness.BIG.wire());
    private final StringProperty wordOrder = new SimpleStringProperty(this, "wordOrder", Endianness.BIG.wire());
    private final StringProperty scale = new SimpleStringProperty(this, "scale", "");
    private final StringProperty offset = new SimpleStringProperty(this, "offset", "");
    private final StringProperty values = new SimpleStringProperty(this, "values", "");
    private final BooleanProperty verify = new SimpleBooleanProperty(this, "verify", true);

    private final ObservableList<ReadValueRow> written = FXCollections.observableArrayList();
    private final ObservableList<ReadValueRow> writtenView = FXCollections.unmodifiableObservableList(written);
    private ModbusWriteTask sent;

    private final StringBinding validationMessage;
    private final BooleanBinding canTestWrite;
    private final StringBinding confirmationText;
    private final StringBinding confirmationDetail;
    private final StringBinding statusText;

    /**
     * @param agentId    the agent that writes; {@code null} while none is chosen
     * @param connection the slave, shared with the test read
     */
    ModbusTestWriteViewModel(ObservableStringValue agentId, ModbusConnectionViewModel connection, RunService runs,
            LocalizedTexts texts, Executor uiExecutor) {
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.run = new InlineTestRun(runs, uiExecutor, this::ended);
        // coils hold bits: switching to them switches to the only type they allow, and back
        function.addListener((property, old, wire) -> {
            boolean bits = ModbusFunction.COILS.wire().equals(wire);
            if (bits) {
                dataType.set(ModbusDataType.BOOL.wire());
            } else if (ModbusFunction.COILS.wire().equals(old) && ModbusDataType.BOOL.wire().equals(dataType.get())) {
                dataType.set(ModbusDataType.UINT16.wire());
            }
        });

        Observable[] formInputs = Stream.concat(Stream.of(connection.observables()), Stream.of(function, address,
                dataType, length, byteOrder, wordOrder, scale, offset, values, verify)).toArray(Observable[]::new);
        validationMessage = Bindings.createStringBinding(this::problem, formInputs);
        canTestWrite = Bindings.createBooleanBinding(
                () -> validationMessage.get().isEmpty() && agentId.get() != null && !run.isRunning(),
                validationMessage, agentId, run.running());
        Observable[] confirmationInputs = Stream.concat(Stream.of(formInputs), Stream.of(validationMessage))
                .toArray(Observable[]::new);
        confirmationText = texts.compute(this::confirmation, confirmationInputs);
        confirmationDetail = texts.compute(this::confirmationDetail, confirmationInputs);
        Observable[] statusInputs = Stream.concat(Stream.of(run.observables()), Stream.of(written))
                .toArray(Observable[]::new);
        statusText = texts.compute(messages -> run.status(messages, "field.testWrite.running", this::done),
                statusInputs);
    }

    /**
     * The form as the task the agent would run.
     *
     * @throws ProtocolException naming the field that is wrong, e.g. {@code values[1]: 'x' is not a number ...}
     */
    public ModbusWriteTask task() {
        ModbusWriteTask task = new ModbusWriteTask(connection.host(), connection.port(), connection.unitId(),
                connection.timeoutMillis(), null, parse(function.get(), "function", ModbusFunction::fromWire),
                FormNumbers.requiredWhole(address.get(), "address"),
                parse(dataType.get(), "dataType", ModbusDataType::fromWire), FormNumbers.whole(length.get(), "length"),
                parse(byteOrder.get(), "byteOrder", Endianness::fromWire),
                parse(wordOrder.get(), "wordOrder", Endianness::fromWire),
                FormNumbers.decimal(scale.get(), "scale"), FormNumbers.decimal(offset.get(), "offset"),
                valueList(), verify.get());
        for (int i = 0; i < task.values().size(); i++) {
            checkLiteral(task.values().get(i), task.dataType(), "values[" + i + "]");
        }
        return task;
    }

    private static <T> T parse(String wire, String field, Function<String, T> reader) {
        String value = FormNumbers.trimmed(wire);
        if (value == null) {
            return null;
        }
        try {
            return reader.apply(value);
        } catch (ProtocolException e) {
            throw e.within(field);
        }
    }

    /** The values: one per line for strings, else separated by commas or line ends too. */
    private List<String> valueList() {
        String text = values.get() == null ? "" : values.get();
        String separator = ModbusDataType.STRING.wire().equals(FormNumbers.trimmed(dataType.get()))
                ? "\\R" : "\\s*(?:,|\\R)\\s*";
        List<String> list = new ArrayList<>();
        for (String value : text.split(separator)) {
            if (!value.isBlank()) {
                list.add(value.strip());
            }
        }
        return list;
    }

    /** What the agent would refuse anyway, said before anything is sent: a test write takes literal values. */
    private static void checkLiteral(String value, ModbusDataType type, String field) {
        if (value.contains("${")) {
            throw new ProtocolException(field, "'" + value + "' is a placeholder; a test write takes literal values");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (type == ModbusDataType.BOOL) {
            if (!List.of("true", "false", "1", "0", "on", "off").contains(lower)) {
                throw new ProtocolException(field, "'" + value + "' is not a bool; write true/false, 1/0 or on/off");
            }
        } else if (type.numeric()) {
            try {
                if (lower.startsWith("0x") || lower.startsWith("-0x")) {
                    Long.parseLong(lower.substring(lower.startsWith("-") ? 3 : 2), 16);
                } else {
                    new BigDecimal(lower);
                }
            } catch (NumberFormatException e) {
                throw new ProtocolException(field, "'" + value + "' is not a number for " + type.wire());
            }
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

    private ModbusWriteTask validTask() {
        try {
            return task();
        } catch (ProtocolException e) {
            return null;
        }
    }

    private String confirmation(Messages messages) {
        ModbusWriteTask task = validTask();
        if (task == null) {
            return "";
        }
        return messages.get("field.testWrite.confirm.text", task.values().size(), task.host(), task.unitId(),
                task.address());
    }

    private String confirmationDetail(Messages messages) {
        ModbusWriteTask task = validTask();
        if (task == null) {
            return "";
        }
        return messages.get("field.testWrite.confirm.detail", FieldChoices.functionLabel(task.function().wire(),
                messages), task.dataType().wire(), String.join(", ", task.values()));
    }

    /**
     * Sends the write to the chosen agent; call it once the operator confirmed. Returns false when the form is
     * invalid or a write is going on.
     */
    public boolean testWrite() {
        if (!canTestWrite.get()) {
            return false;
        }
        sent = task();
        written.clear();
        run.start(agentId.get(), TaskDefinition.of(TASK_NAME, sent)
                .withTimeoutSeconds(ModbusTestReadViewModel.RUN_TIMEOUT_SECONDS));
        return true;
    }

    /** Asks the agent to stop the write; what was sent already stays written. */
    public void cancel() {
        run.cancel();
    }

    // a failed verify still tells what was written
    private void ended(RunSnapshot snapshot) {
        JsonNode list = FieldResults.field(snapshot.result(), "written");
        if (!list.isArray()) {
            return;
        }
        int step = sent.layout().span() / sent.values().size();
        for (int i = 0; i < list.size(); i++) {
            Object value = FieldResults.value(list.get(i));
            written.add(new ReadValueRow(Integer.toString(sent.address() + i * step),
                    texts.compute(messages -> Formats.value(value, messages)), ""));
        }
    }

    private String done(RunSnapshot snapshot, Messages messages) {
        String took = InlineTestRun.took(snapshot);
        boolean verified = FieldResults.field(snapshot.result(), "verified").asBoolean(false);
        String key = verified ? "field.testWrite.doneVerified" : "field.testWrite.done";
        return messages.get(key, written.size()) + (took == null ? "" : " · " + took);
    }

    /** Coils or holding registers, as the wire name. */
    public StringProperty functionProperty() {
        return function;
    }

    /** The 0-based protocol address of the first value. */
    public StringProperty addressProperty() {
        return address;
    }

    /** The data type as its wire name, e.g. {@code float32}. */
    public StringProperty dataTypeProperty() {
        return dataType;
    }

    /** Characters of a string; blank otherwise. */
    public StringProperty lengthProperty() {
        return length;
    }

    public StringProperty byteOrderProperty() {
        return byteOrder;
    }

    public StringProperty wordOrderProperty() {
        return wordOrder;
    }

    public StringProperty scaleProperty() {
        return scale;
    }

    public StringProperty offsetProperty() {
        return offset;
    }

    /** The values in engineering units, separated by commas or one per line (strings: one per line). */
    public StringProperty valuesProperty() {
        return values;
    }

    /** Read the values back after writing and fail when they differ. */
    public BooleanProperty verifyProperty() {
        return verify;
    }

    public ModbusConnectionViewModel connection() {
        return connection;
    }

    /** The first problem of the form as the wire contract words it; or empty. */
    public StringBinding validationMessage() {
        return validationMessage;
    }

    public BooleanBinding canTestWrite() {
        return canTestWrite;
    }

    public BooleanBinding canCancel() {
        return run.canCancel();
    }

    /** "Write 3 values to 10.0.0.5 unit 1 address 100?"; empty while the form is invalid. */
    public StringBinding confirmationText() {
        return confirmationText;
    }

    /** The table, type and values the confirmation shows below its question. */
    public StringBinding confirmationDetail() {
        return confirmationDetail;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return run.running();
    }

    /** The values the slave holds now, by address, as the agent reports them. */
    public ObservableList<ReadValueRow> written() {
        return writtenView;
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
