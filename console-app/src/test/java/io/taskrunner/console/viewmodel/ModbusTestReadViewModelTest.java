package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.TaskType;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModbusTestReadViewModelTest {
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService();
    private LocalizedTexts texts;
    private FieldDevicesViewModel field;
    private ModbusTestReadViewModel read;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "press-01", "Linux", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        field = new FieldDevicesViewModel(fleet, runs, new InMemoryDesiredStateService(), new LiveValues(), texts,
                Runnable::run, Runnable::run, Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC));
        read = field.testRead();
        read.hostProperty().set("10.0.0.5");
        PointRowViewModel row = read.map().rows().getFirst();
        row.nameProperty().set("temperature");
        row.dataTypeProperty().set("float32");
        row.unitProperty().set("°C");
        PointRowViewModel running = read.map().add();
        running.nameProperty().set("running");
        running.functionProperty().set("coils");
        running.addressProperty().set("3");
    }

    @AfterEach
    void tearDown() {
        field.close();
        texts.close();
    }

    @Test
    void invalidMap_showsTheContractsMessage_andDisablesTestRead() {
        assertThat(read.validationMessage().get()).isEmpty();
        assertThat(read.canTestRead().get()).isTrue();

        read.map().rows().get(1).addressProperty().set("65536");
        assertThat(read.validationMessage().get())
                .isEqualTo("points[1].address: must be between 0 and 65535, was 65536");
        assertThat(read.canTestRead().get()).isFalse();
        assertThat(read.testRead()).isFalse();

        read.map().rows().get(1).addressProperty().set("3");
        read.map().rows().get(1).nameProperty().set("temperature");
        assertThat(read.validationMessage().get()).isEqualTo("points[1].name: 'temperature' is used twice");

        read.map().rows().get(1).nameProperty().set("label");
        read.map().rows().get(1).functionProperty().set("holding-registers");
        read.map().rows().get(1).dataTypeProperty().set("string");
        assertThat(read.validationMessage().get()).isEqualTo("points[1].length: must be between 1 and 240, was 0");
        assertThat(read.canTestRead().get()).isFalse();

        read.map().rows().get(1).lengthProperty().set("8");
        read.hostProperty().set("");
        assertThat(read.validationMessage().get())
                .isEqualTo("host: is required for Modbus TCP; for Modbus RTU set serial instead");
        read.hostProperty().set("10.0.0.5");
        read.portProperty().set("http");
        assertThat(read.validationMessage().get()).isEqualTo("port: 'http' is not a whole number");
        read.portProperty().set("");
        assertThat(read.validationMessage().get()).isEmpty();
        assertThat(read.task().port()).as("blank port means Modbus's own").isEqualTo(502);
    }

    @Test
    void testRead_sendsAnInlineModbusReadTask_andShowsTheDecodedValues() {
        read.unitIdProperty().set("7");
        read.timeoutMillisProperty().set("500");

        assertThat(read.testRead()).isTrue();

        assertThat(runs.taskRequests).hasSize(1);
        TaskRunRequest request = runs.taskRequests.getFirst();
        assertThat(request.task()).isEqualTo(ModbusTestReadViewModel.TASK_NAME);
        assertThat(request.definition().type()).isEqualTo(TaskType.MODBUS_READ);
        ModbusReadTask task = (ModbusReadTask) request.definition().spec();
        assertThat(task.host()).isEqualTo("10.0.0.5");
        assertThat(task.unitId()).isEqualTo(7);
        assertThat(task.timeoutMillis()).isEqualTo(500);
        assertThat(task.points()).extracting(point -> point.name()).containsExactly("temperature", "running");
        assertThat(read.runningProperty().get()).isTrue();
        assertThat(read.canTestRead().get()).as("one read at a time").isFalse();
        assertThat(read.canCancel().get()).isTrue();
        assertThat(read.statusText().get()).isEqualTo("Reading…");

        UUID id = runs.lastRunId();
        runs.taskState(id, RunState.RUNNING, null, null, null);
        runs.taskState(id, RunState.SUCCEEDED, "{\"values\":{\"running\":true,\"temperature\":21.5},"
                + "\"slave\":\"10.0.0.5:502 unit 7\"}", null, 120L);

        assertThat(read.runningProperty().get()).isFalse();
        assertThat(read.results()).extracting(ReadValueRow::name, row -> row.valueText().get(), ReadValueRow::unit)
                .containsExactly(tuple("temperature", "21.5", "°C"), tuple("running", "On", ""));
        assertThat(read.statusText().get()).isEqualTo("Read 2 values in 120 ms");
        assertThat(read.tone().get()).isEqualTo(Tone.SUCCESS);

        language.setLanguage(Language.ZH_CN);
        assertThat(read.results().get(1).valueText().get()).isEqualTo("开");
        assertThat(read.statusText().get()).isEqualTo("已读取 2 个值，用时 120 ms");
    }

    @Test
    void failedRead_showsTheRunsError() {
        read.testRead();
        UUID id = runs.lastRunId();
        runs.taskState(id, RunState.FAILED, null, "Modbus 10.0.0.5:502 unit 1: no answer within 3000 ms", null);

        assertThat(read.results()).isEmpty();
        assertThat(read.statusText().get())
                .isEqualTo("Failed: Modbus 10.0.0.5:502 unit 1: no answer within 3000 ms");
        assertThat(read.tone().get()).isEqualTo(Tone.DANGER);
        assertThat(read.canTestRead().get()).as("ready for the next try").isTrue();
    }

    @Test
    void cancel_asksTheServiceToStopTheRun() {
        read.testRead();
        UUID id = runs.lastRunId();
        read.cancel();
        assertThat(runs.cancelled).containsExactly(id);
        assertThat(read.canCancel().get()).isFalse();
        runs.taskState(id, RunState.CANCELLED, null, null, null);
        assertThat(read.statusText().get()).isEqualTo("Cancelled");
        assertThat(read.tone().get()).isEqualTo(Tone.WARNING);
    }

    @Test
    void eventsOfOtherRuns_andLateEvents_doNotChangeTheResult() {
        read.testRead();
        UUID id = runs.lastRunId();
        UUID other = runs.runTask("agent-2", TaskRunRequest.of("other", null)).join().runId();
        runs.taskState(other, RunState.FAILED, null, "other", null);
        assertThat(read.runningProperty().get()).isTrue();

        runs.taskState(id, RunState.SUCCEEDED, "{\"values\":{\"temperature\":1,\"running\":false}}", null, null);
        runs.taskState(id, RunState.RUNNING, null, null, null);
        assertThat(read.statusText().get()).isEqualTo("Read 2 values");
        assertThat(read.results()).hasSize(2);
    }

    @Test
    void aResultWithoutValues_isAnError() {
        read.testRead();
        runs.taskState(runs.lastRunId(), RunState.SUCCEEDED, "{\"rows\":[]}", null, null);
        assertThat(read.statusText().get()).isEqualTo("Succeeded: The agent sent no values.");
        assertThat(read.tone().get()).isEqualTo(Tone.DANGER);
    }

    @Test
    void withoutAnOnlineAgent_nothingCanBeRead() {
        field.selectedAgentProperty().set(null);
        assertThat(read.canTestRead().get()).isFalse();
        assertThat(read.testRead()).isFalse();
        assertThat(runs.taskRequests).isEqualTo(List.of());
    }
}
