package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerialTestWriteViewModelTest {
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService();
    private LocalizedTexts texts;
    private FieldDevicesViewModel field;
    private SerialTestWriteViewModel write;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "scale-pc", "Windows 11 IoT", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        field = new FieldDevicesViewModel(fleet, runs, new InMemoryDesiredStateService(), new LiveValues(), texts,
                Runnable::run, Runnable::run, Clock.systemUTC());
        write = field.serialWrite();
        // the port is shared with the serial test read
        field.serialRead().port().portProperty().set("/dev/ttyUSB0");
    }

    @AfterEach
    void tearDown() {
        field.close();
        texts.close();
    }

    @Test
    void invalidForm_showsTheMessageNamingTheField_andDisablesTestWrite() {
        assertThat(write.validationMessage().get()).isEqualTo("data: must not be empty");
        assertThat(write.canTestWrite().get()).isFalse();

        write.dataProperty().set("W\\q");
        assertThat(write.validationMessage().get())
                .isEqualTo("data: at 2: unknown escape \\q; known: \\r \\n \\t \\0 \\\\ \\xHH");
        write.dataProperty().set("SET ${weight}\\r\\n");
        assertThat(write.validationMessage().get()).isEqualTo("data: holds a placeholder such as ${name}; a test"
                + " write sends literal text (write $${ for a literal ${)");
        write.dataProperty().set("01 03 0G");
        write.hexProperty().set(true);
        assertThat(write.validationMessage().get()).startsWith("data: is not hex bytes such as '01 03 00 00': ");
        write.dataProperty().set("01 03 00 00 00 02");
        assertThat(write.validationMessage().get()).isEmpty();

        write.expectProperty().set("OK(");
        assertThat(write.validationMessage().get()).startsWith("expect: is not a valid regular expression: ");
        write.expectProperty().set("");
        field.serialRead().port().portProperty().set("");
        assertThat(write.validationMessage().get())
                .isEqualTo("serial.port: is required unless usbId names the USB adapter");
        assertThat(write.testWrite()).isFalse();
        assertThat(runs.taskRequests).isEmpty();
    }

    @Test
    void testWrite_sendsAnInlineSerialWriteTask_andShowsTheAnswerAndItsValues() {
        write.dataProperty().set("W\\r\\n");
        write.expectProperty().set("ST,GS,(?<weight>[-+0-9.]+)kg");
        write.answerDelimiterProperty().set("\\r\\n");
        write.timeoutMillisProperty().set("2000");

        assertThat(write.testWrite()).isTrue();

        var request = runs.taskRequests.getFirst();
        assertThat(request.task()).isEqualTo("field-serial-write");
        assertThat(request.definition().type()).isEqualTo(TaskType.SERIAL_WRITE);
        SerialWriteTask task = (SerialWriteTask) request.definition().spec();
        assertThat(task.serial().port()).isEqualTo("/dev/ttyUSB0");
        assertThat(task.data()).isEqualTo("W\\r\\n");
        assertThat(task.hex()).isFalse();
        assertThat(task.expect()).isEqualTo("ST,GS,(?<weight>[-+0-9.]+)kg");
        assertThat(task.answerDelimiter()).isEqualTo("\\r\\n");
        assertThat(task.timeoutMillis()).isEqualTo(2000);
        assertThat(write.statusText().get()).isEqualTo("Sending…");

        runs.taskState(runs.lastRunId(), RunState.SUCCEEDED, "{\"sent\":3,\"answer\":\"ST,GS,+0001.50kg\\r\\n\","
                + "\"values\":{\"weight\":1.5}}", null, 30L);

        assertThat(write.answerProperty().get()).isEqualTo("ST,GS,+0001.50kg\\r\\n");
        assertThat(write.values()).extracting(ReadValueRow::name, row -> row.valueText().get())
                .containsExactly(tuple("weight", "1.5"));
        assertThat(write.statusText().get()).isEqualTo("Sent 3 bytes, answer received · 30 ms");
        assertThat(write.tone().get()).isEqualTo(Tone.SUCCESS);

        language.setLanguage(Language.ZH_CN);
        assertThat(write.statusText().get()).isEqualTo("已发送 3 字节，已收到应答 · 30 ms");
    }

    @Test
    void withoutExpect_onlyTheSentBytesAreShown() {
        write.dataProperty().set("1B 40");
        write.hexProperty().set(true);
        write.testWrite();
        assertThat(((SerialWriteTask) runs.taskRequests.getFirst().definition().spec()).hex()).isTrue();
        runs.taskState(runs.lastRunId(), RunState.SUCCEEDED, "{\"sent\":2}", null, 4L);
        assertThat(write.answerProperty().get()).isEmpty();
        assertThat(write.statusText().get()).isEqualTo("Sent 2 bytes · 4 ms");
    }

    @Test
    void anAnswerThatDoesNotMatch_failsTheRun_andIsShownAllTheSame() {
        write.dataProperty().set("W\\r\\n");
        write.expectProperty().set("^ST");
        write.testWrite();
        runs.taskState(runs.lastRunId(), RunState.FAILED, "{\"sent\":3,\"answer\":\"ERR 7\\r\\n\"}",
                "serial /dev/ttyUSB0: the answer 'ERR 7\\r\\n' does not match ^ST", 25L);

        assertThat(write.answerProperty().get()).isEqualTo("ERR 7\\r\\n");
        assertThat(write.values()).isEmpty();
        assertThat(write.statusText().get())
                .isEqualTo("Failed: serial /dev/ttyUSB0: the answer 'ERR 7\\r\\n' does not match ^ST");
        assertThat(write.tone().get()).isEqualTo(Tone.DANGER);
        assertThat(write.canTestWrite().get()).isTrue();
    }
}
