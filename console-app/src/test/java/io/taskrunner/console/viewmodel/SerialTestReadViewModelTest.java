package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.field.SerialFlowControl;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.definition.field.SerialStopBits;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerialTestReadViewModelTest {
    private static final String SCALE = "ST,GS,(?<weight>[-+0-9.]+)kg";

    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService();
    private final InMemoryDesiredStateService desired = new InMemoryDesiredStateService();
    private final List<Runnable> background = new ArrayList<>();
    private LocalizedTexts texts;
    private FieldDevicesViewModel field;
    private SerialTestReadViewModel read;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "scale-pc", "Windows 11 IoT", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        field = new FieldDevicesViewModel(fleet, runs, desired, new LiveValues(), texts, Runnable::run,
                background::add, Clock.systemUTC());
        background.clear(); // the units of the chosen agent's collectors; none here
        read = field.serialRead();
        read.port().portProperty().set("COM3");
    }

    @AfterEach
    void tearDown() {
        field.close();
        texts.close();
    }

    @Test
    void invalidForm_showsTheMessageNamingTheField_andDisablesTestRead() {
        assertThat(read.validationMessage().get()).isEmpty();
        assertThat(read.canTestRead().get()).isTrue();

        read.port().portProperty().set("");
        assertThat(read.validationMessage().get())
                .isEqualTo("serial.port: is required unless usbId names the USB adapter");
        read.port().usbIdProperty().set("0403-6001");
        assertThat(read.validationMessage().get())
                .isEqualTo("serial.usbId: must be VID:PID in hex, e.g. 0403:6001, was '0403-6001'");
        assertThat(read.canTestRead().get()).isFalse();
        read.port().usbIdProperty().set("0403:6001");
        read.port().baudRateProperty().set("fast");
        assertThat(read.validationMessage().get()).isEqualTo("serial.baudRate: 'fast' is not a whole number");
        read.port().baudRateProperty().set("115200");

        read.delimiterProperty().set("\\q");
        assertThat(read.validationMessage().get())
                .isEqualTo("delimiter: at 1: unknown escape \\q; known: \\r \\n \\t \\0 \\\\ \\xHH");
        read.delimiterProperty().set("\\r\\n");
        read.lengthProperty().set("12");
        assertThat(read.validationMessage().get())
                .isEqualTo("length: a frame ends at delimiter or after length bytes, not both");
        read.delimiterProperty().set("");
        assertThat(read.validationMessage().get()).isEmpty();

        read.patternProperty().set("(?<weight>[0-9");
        assertThat(read.validationMessage().get()).startsWith("pattern: is not a valid regular expression: ");
        read.patternProperty().set(SCALE);
        read.charsetProperty().set("klingon");
        assertThat(read.validationMessage().get()).isEqualTo("charset: unknown character set 'klingon'");
        read.charsetProperty().set("");
        read.timeoutMillisProperty().set("5");
        assertThat(read.validationMessage().get()).isEqualTo("timeoutMillis: must be between 10 and 600000, was 5");
        assertThat(read.testRead()).isFalse();
        assertThat(runs.taskRequests).isEmpty();
    }

    @Test
    void testRead_sendsAnInlineSerialReadTask_andShowsTheRawFrameAndItsValues() {
        read.port().baudRateProperty().set("19200");
        read.port().dataBitsProperty().set("7");
        read.port().parityProperty().set("even");
        read.port().stopBitsProperty().set("2");
        read.port().flowControlProperty().set("rts-cts");
        read.patternProperty().set(SCALE);
        read.idleMillisProperty().set("50");

        assertThat(read.testRead()).isTrue();

        TaskRunRequest request = runs.taskRequests.getFirst();
        assertThat(request.task()).isEqualTo("field-serial-read");
        assertThat(request.definition().type()).isEqualTo(TaskType.SERIAL_READ);
        SerialReadTask task = (SerialReadTask) request.definition().spec();
        assertThat(task.serial()).isEqualTo(new SerialPortSettings("COM3", null, null, 19200, 7, SerialParity.EVEN,
                SerialStopBits.TWO, SerialFlowControl.RTS_CTS));
        assertThat(task.delimiter()).isEqualTo("\\r\\n");
        assertThat(task.pattern()).isEqualTo(SCALE);
        assertThat(task.idleMillis()).isEqualTo(50);
        assertThat(task.timeoutMillis()).isEqualTo(5000);
        assertThat(read.statusText().get()).isEqualTo("Waiting for a frame…");
        assertThat(read.canTestRead().get()).isFalse();

        UUID id = runs.lastRunId();
        runs.taskState(id, RunState.SUCCEEDED, "{\"frame\":\"ST,GS,+0012.34kg\\r\\n\",\"values\":{\"weight\":12.34},"
                + "\"port\":\"COM3\"}", null, 85L);

        assertThat(read.frameProperty().get()).isEqualTo("ST,GS,+0012.34kg\\r\\n");
        assertThat(read.values()).extracting(ReadValueRow::name, row -> row.valueText().get())
                .containsExactly(tuple("weight", "12.34"));
        assertThat(read.statusText().get()).isEqualTo("Frame received, 1 value · 85 ms");
        assertThat(read.tone().get()).isEqualTo(Tone.SUCCESS);

        language.setLanguage(Language.ZH_CN);
        assertThat(read.statusText().get()).isEqualTo("已收到数据帧，1 个数值 · 85 ms");
    }

    @Test
    void aFrameWithoutPattern_isShownWithoutValues_andControlBytesAsEscapes() {
        read.delimiterProperty().set("\\x03");
        read.testRead();
        runs.taskState(runs.lastRunId(), RunState.SUCCEEDED, "{\"frame\":\"\\u0002W 12.5\\\\\\u0003\","
                + "\"values\":{}}", null, 12L);
        assertThat(read.frameProperty().get()).isEqualTo("\\x02W 12.5\\\\\\x03");
        assertThat(read.values()).isEmpty();
        assertThat(read.statusText().get()).isEqualTo("Frame received, no values · 12 ms");
    }

    @Test
    void failedRead_showsTheRunsError() {
        read.testRead();
        runs.taskState(runs.lastRunId(), RunState.FAILED, null, "serial COM3: no frame within 5000 ms", null);
        assertThat(read.statusText().get()).isEqualTo("Failed: serial COM3: no frame within 5000 ms");
        assertThat(read.tone().get()).isEqualTo(Tone.DANGER);
        assertThat(read.frameProperty().get()).isEmpty();
        assertThat(read.canTestRead().get()).as("ready for the next try").isTrue();
    }

    @Test
    void aResultWithoutFrame_isAnError() {
        read.testRead();
        runs.taskState(runs.lastRunId(), RunState.SUCCEEDED, "{\"values\":{}}", null, null);
        assertThat(read.statusText().get()).isEqualTo("Succeeded: The agent sent no frame.");
        assertThat(read.tone().get()).isEqualTo(Tone.DANGER);
    }

    @Test
    void saveAsCollector_needsANamedGroup_andStoresTheSerialRead() {
        SaveCollectorViewModel save = field.saveSerialCollector();
        save.nameProperty().set("scale_1");
        assertThat(save.canSave().get()).isFalse();
        assertThat(save.validationMessage().get()).isEqualTo("spec.pattern: is required: its named groups, e.g."
                + " (?<weight>[-+0-9.]+), are the values a collector collects");

        read.patternProperty().set(SCALE);
        assertThat(save.validationMessage().get()).isEmpty();
        assertThat(save.canSave().get()).isTrue();
        assertThat(save.save()).isTrue();
        background.removeFirst().run();

        CollectorDefinition stored = (CollectorDefinition) desired.stored.getFirst();
        assertThat(stored.name()).isEqualTo("scale_1");
        assertThat(stored.serial()).isEqualTo(read.task());
        assertThat(stored.valueNames()).containsExactly("weight");
        assertThat(desired.assignments).containsExactly("collector/scale_1 -> agent:agent-1");
        assertThat(save.resultToneProperty().get()).isEqualTo(Tone.SUCCESS);
        assertThat(field.saveCollector().nameProperty().get()).as("the Modbus card is another one").isEmpty();
    }
}
