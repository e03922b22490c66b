package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.ModbusWriteTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModbusTestWriteViewModelTest {
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService();
    private LocalizedTexts texts;
    private FieldDevicesViewModel field;
    private ModbusTestWriteViewModel write;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "press-01", "Linux", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        field = new FieldDevicesViewModel(fleet, runs, new InMemoryDesiredStateService(), new LiveValues(), texts,
                Runnable::run, Runnable::run, Clock.systemUTC());
        write = field.testWrite();
        // the slave is typed once, on the read tab
        field.testRead().hostProperty().set("10.0.0.5");
        field.testRead().unitIdProperty().set("7");
    }

    @AfterEach
    void tearDown() {
        field.close();
        texts.close();
    }

    @Test
    void invalidForm_showsTheMessageNamingTheField_andDisablesTestWrite() {
        assertThat(write.validationMessage().get()).isEqualTo("values: needs at least one value");
        assertThat(write.canTestWrite().get()).isFalse();
        assertThat(write.confirmationText().get()).isEmpty();

        write.valuesProperty().set("1, x");
        assertThat(write.validationMessage().get()).isEqualTo("values[1]: 'x' is not a number for uint16");

        write.valuesProperty().set("1, 0x1F\n-3");
        assertThat(write.validationMessage().get()).isEmpty();
        assertThat(write.canTestWrite().get()).isTrue();

        write.functionProperty().set("coils");
        assertThat(write.dataTypeProperty().get()).as("coils hold bits").isEqualTo("bool");
        assertThat(write.validationMessage().get())
                .isEqualTo("values[1]: '0x1F' is not a bool; write true/false, 1/0 or on/off");
        write.valuesProperty().set("on, off, 1");
        assertThat(write.validationMessage().get()).isEmpty();
        write.functionProperty().set("holding-registers");
        assertThat(write.dataTypeProperty().get()).isEqualTo("uint16");

        write.valuesProperty().set("${speed}");
        assertThat(write.validationMessage().get())
                .isEqualTo("values[0]: '${speed}' is a placeholder; a test write takes literal values");
        write.valuesProperty().set("5");
        write.addressProperty().set("");
        assertThat(write.validationMessage().get()).isEqualTo("address: is required");
        write.addressProperty().set("65535");
        write.dataTypeProperty().set("float32");
        assertThat(write.validationMessage().get())
                .isEqualTo("address: the point ends at 65536, past the last address 65535");
        write.addressProperty().set("10");
        write.dataTypeProperty().set("string");
        assertThat(write.validationMessage().get()).isEqualTo("length: must be between 1 and 240, was 0");
        write.lengthProperty().set("8");
        assertThat(write.validationMessage().get()).isEmpty();

        field.testRead().hostProperty().set("");
        assertThat(write.validationMessage().get())
                .isEqualTo("host: is required for Modbus TCP; for Modbus RTU set serial instead");
        assertThat(write.testWrite()).isFalse();
        assertThat(runs.taskRequests).isEmpty();
    }

    @Test
    void testWrite_sendsAnInlineModbusWriteTask_andShowsTheWrittenValuesByAddress() {
        write.addressProperty().set("100");
        write.dataTypeProperty().set("float32");
        write.wordOrderProperty().set("little");
        write.scaleProperty().set("0,1");
        write.valuesProperty().set("12.5\n13, 14\n\n");
        assertThat(write.confirmationText().get()).isEqualTo("Write 3 values to 10.0.0.5 unit 7 address 100?");
        assertThat(write.confirmationDetail().get())
                .isEqualTo("Holding registers, float32: 12.5, 13, 14\nA PLC acts on written values at once.");

        assertThat(write.testWrite()).isTrue();

        TaskRunRequest request = runs.taskRequests.getFirst();
        assertThat(request.task()).isEqualTo("field-test-write");
        assertThat(request.definition().type()).isEqualTo(TaskType.MODBUS_WRITE);
        ModbusWriteTask task = (ModbusWriteTask) request.definition().spec();
        assertThat(task.host()).isEqualTo("10.0.0.5");
        assertThat(task.unitId()).isEqualTo(7);
        assertThat(task.function()).isEqualTo(ModbusFunction.HOLDING_REGISTERS);
        assertThat(task.address()).isEqualTo(100);
        assertThat(task.dataType()).isEqualTo(ModbusDataType.FLOAT32);
        assertThat(task.wordOrder()).isEqualTo(Endianness.LITTLE);
        assertThat(task.scale()).isEqualTo(0.1);
        assertThat(task.values()).containsExactly("12.5", "13", "14");
        assertThat(task.verify()).isTrue();
        assertThat(write.runningProperty().get()).isTrue();
        assertThat(write.canTestWrite().get()).as("one write at a time").isFalse();
        assertThat(write.statusText().get()).isEqualTo("Writing…");

        UUID id = runs.lastRunId();
        runs.taskState(id, RunState.SUCCEEDED, "{\"written\":[12.5,13,14],\"verified\":true}", null, 40L);

        assertThat(write.written()).extracting(ReadValueRow::name, row -> row.valueText().get())
                .containsExactly(tuple("100", "12.5"), tuple("102", "13"), tuple("104", "14"));
        assertThat(write.statusText().get()).isEqualTo("Wrote 3 values and read them back · 40 ms");
        assertThat(write.tone().get()).isEqualTo(Tone.SUCCESS);
        assertThat(write.canTestWrite().get()).isTrue();

        language.setLanguage(Language.ZH_TW);
        assertThat(write.statusText().get()).isEqualTo("已寫入 3 個值，回讀一致 · 40 ms");
    }

    @Test
    void withoutVerify_theStatusSaysNothingWasReadBack_andOneValueIsSingular() {
        write.functionProperty().set("coils");
        write.addressProperty().set("3");
        write.valuesProperty().set("true");
        write.verifyProperty().set(false);
        assertThat(write.confirmationText().get()).isEqualTo("Write 1 value to 10.0.0.5 unit 7 address 3?");

        write.testWrite();
        assertThat(((ModbusWriteTask) runs.taskRequests.getFirst().definition().spec()).verify()).isFalse();
        runs.taskState(runs.lastRunId(), RunState.SUCCEEDED, "{\"written\":[true],\"verified\":false}", null, 9L);

        assertThat(write.written()).extracting(ReadValueRow::name, row -> row.valueText().get())
                .containsExactly(tuple("3", "On"));
        assertThat(write.statusText().get()).isEqualTo("Wrote 1 value, not read back · 9 ms");
    }

    @Test
    void failedVerify_showsTheError_andWhatWasWritten() {
        write.addressProperty().set("20");
        write.valuesProperty().set("5");
        write.testWrite();

        runs.taskState(runs.lastRunId(), RunState.FAILED, "{\"written\":[5],\"verified\":false}",
                "verify failed for holding-registers 20 of Modbus 10.0.0.5:502 unit 7: written expected 5, read back 4",
                30L);

        assertThat(write.statusText().get()).isEqualTo("Failed: verify failed for holding-registers 20 of Modbus"
                + " 10.0.0.5:502 unit 7: written expected 5, read back 4");
        assertThat(write.tone().get()).isEqualTo(Tone.DANGER);
        assertThat(write.written()).extracting(ReadValueRow::name).containsExactly("20");
    }

    @Test
    void cancel_andNoAgent_areHandled() {
        write.valuesProperty().set("5");
        write.testWrite();
        UUID id = runs.lastRunId();
        write.cancel();
        assertThat(runs.cancelled).containsExactly(id);
        runs.taskState(id, RunState.CANCELLED, null, null, null);
        assertThat(write.statusText().get()).isEqualTo("Cancelled");
        assertThat(write.written()).isEmpty();

        field.selectedAgentProperty().set(null);
        assertThat(write.canTestWrite().get()).isFalse();
        assertThat(write.testWrite()).isFalse();
        assertThat(runs.taskRequests).hasSize(1);
    }

    @Test
    void theSlave_isSharedWithTheTestRead() {
        write.connection().portProperty().set("1502");
        assertThat(field.testRead().portProperty().get()).isEqualTo("1502");
        assertThat(field.testRead().connection()).isSameAs(write.connection());
        assertThat(List.of(field.testRead().task().port())).containsExactly(1502);
    }
}
