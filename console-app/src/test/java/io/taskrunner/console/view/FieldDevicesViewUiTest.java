package io.taskrunner.console.view;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.viewmodel.AgentChoice;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.console.viewmodel.LiveValueRow;
import io.taskrunner.console.viewmodel.PointRowViewModel;
import io.taskrunner.console.viewmodel.ReadValueRow;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.ModbusWriteTask;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.message.CollectorValues;
import io.taskrunner.protocol.message.RunState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Field devices section: editing a register map, a test read through an agent, a confirmed Modbus test write,
 * serial test read and write, and live values.
 */
class FieldDevicesViewUiTest extends ConsoleWindowUiTest {
    private static final Instant AT = Instant.parse("2025-03-01T08:59:58Z");

    FieldDevicesViewUiTest() {
        super(new InMemoryRunService());
    }

    @Test
    void registerMap_isValidatedInline_andATestReadShowsTheDecodedValues() throws Exception {
        CompletableFuture.runAsync(() -> fleet.put(agent("agent-7", AgentConnectionStatus.ONLINE, "press-line-07",
                "Windows 11 IoT", 3.0, 40.0))).join();
        clickOn("#nav-field");
        waitUntil(() -> "press-line-07".equals(agentChoice()));

        clickOn("#field-host").write("192.168.10.20");
        PointRowViewModel first = onFx(() -> viewModel.field().testRead().map().rows().getFirst());
        replaceText(mapField(0, "name"), "temperature");
        onFx(() -> {
            first.dataTypeProperty().set("float32");
            first.scaleProperty().set("0.1");
            first.unitProperty().set("°C");
            return null;
        });
        clickOn("#field-map-add");
        waitUntil(() -> mapRows() == 2);
        replaceText(mapField(1, "name"), "temperature");
        replaceText(mapField(1, "address"), "70000");

        waitUntil(() -> lookup("#field-validation").queryLabeled().isVisible());
        assertThat(onFx(() -> lookup("#field-validation").queryLabeled().getText()))
                .isEqualTo("points[1].address: must be between 0 and 65535, was 70000");
        assertThat(onFx(() -> lookup("#field-read-button").query().isDisabled())).isTrue();

        replaceText(mapField(1, "address"), "4");
        assertThat(onFx(() -> lookup("#field-validation").queryLabeled().getText()))
                .isEqualTo("points[1].name: 'temperature' is used twice");
        replaceText(mapField(1, "name"), "pressure");
        onFx(() -> {
            PointRowViewModel second = viewModel.field().testRead().map().rows().get(1);
            second.dataTypeProperty().set("uint16");
            second.scaleProperty().set("0.01");
            second.unitProperty().set("bar");
            PointRowViewModel running = viewModel.field().testRead().map().add();
            running.nameProperty().set("running");
            running.functionProperty().set("coils");
            running.addressProperty().set("12");
            return null;
        });
        waitUntil(() -> !lookup("#field-validation").queryLabeled().isVisible());
        assertThat(onFx(() -> lookup("#field-read-button").query().isDisabled())).isFalse();

        clickOn("#field-read-button");
        waitUntil(() -> runs.taskRequests.size() == 1);
        ModbusReadTask sent = (ModbusReadTask) runs.taskRequests.getFirst().definition().spec();
        assertThat(sent.host()).isEqualTo("192.168.10.20");
        assertThat(sent.points()).extracting(point -> point.name()).containsExactly("temperature", "pressure",
                "running");
        waitUntil(() -> lookup("#field-read-progress").query().isVisible());
        assertThat(onFx(() -> lookup("#field-cancel-button").query().isVisible())).isTrue();

        UUID id = runs.lastRunId();
        CompletableFuture.runAsync(() -> runs.taskState(id, RunState.SUCCEEDED,
                "{\"values\":{\"temperature\":21.5,\"pressure\":4.37,\"running\":true}}", null, 86L)).join();

        waitUntil(() -> resultTexts().size() == 3);
        assertThat(onFx(this::resultTexts)).containsExactly("temperature 21.5 °C", "pressure 4.37 bar",
                "running On ");
        assertThat(onFx(() -> lookup("#field-read-status").queryLabeled().getText()))
                .isEqualTo("Read 3 values in 86 ms");
        assertThat(onFx(() -> lookup("#field-read-progress").query().isVisible())).isFalse();

        clickOn("#field-collector-name").write("press_line_7");
        clickOn("#field-save-button");
        waitUntil(() -> lookup("#field-save-result").queryLabeled().isVisible());
        assertThat(desired.assignments).containsExactly("collector/press_line_7 -> agent:agent-7");
        assertThat(onFx(() -> lookup("#field-save-result").queryLabeled().getText()))
                .startsWith("Collector press_line_7 saved");
        screenshot("field-devices-en");

        for (Language target : List.of(Language.ZH_CN, Language.ZH_TW)) {
            CompletableFuture.runAsync(() -> language.setLanguage(target)).join();
            Messages messages = Messages.of(target);
            waitUntil(() -> messages.get("field.testRead.start").equals(
                    lookup("#field-read-button").queryLabeled().getText()));
            assertThat(onFx(() -> lookup("#nav-field").queryLabeled().getText()))
                    .isEqualTo(messages.get("nav.field"));
            assertThat(onFx(this::resultTexts)).contains("running " + messages.get("field.value.on") + " ");
            screenshot("field-devices-" + target.name().replace("ZH_", "zh_"));
        }
    }

    @Test
    void liveValues_appearWhenReadingsArrive_andFailedPollsShowTheirError() throws Exception {
        CompletableFuture.runAsync(() -> fleet.put(agent("agent-7", AgentConnectionStatus.ONLINE, "press-line-07",
                "Windows 11 IoT", 3.0, 40.0))).join();
        clickOn("#nav-field");
        waitUntil(() -> "press-line-07".equals(agentChoice()));
        selectTab("field-tab-live");
        for (int i = 0; i < 20; i++) {
            push("press", AT.minusSeconds(20 - i), Map.of("temperature", 20.0 + Math.sin(i / 3.0) * 2,
                    "pressure", 4.2 + i * 0.01, "running", true), null);
        }
        push("scale", AT, Map.of(), "serial COM3: no frame within 2000 ms");

        waitUntil(() -> liveTable().getItems().size() == 4);
        assertThat(onFx(() -> liveTable().getItems().stream().map(LiveValueRow::name).toList()))
                .containsExactly("pressure", "running", "temperature", "");
        waitUntil(() -> badges().contains("serial COM3: no frame within 2000 ms"));
        assertThat(onFx(() -> lookup("#field-live-table .badge-danger").queryAll().size())).isEqualTo(1);

        clickOn("temperature");
        waitUntil(() -> lookup("#field-chart-card .card-title").queryLabeled().getText()
                .equals("Recent history of press · temperature"));
        assertThat(onFx(() -> viewModel.field().live().chart().size())).isEqualTo(20);
        type(KeyCode.ESCAPE);
        screenshot("field-live-en");

        for (Language target : List.of(Language.ZH_CN, Language.ZH_TW)) {
            CompletableFuture.runAsync(() -> language.setLanguage(target)).join();
            Messages messages = Messages.of(target);
            waitUntil(() -> badges().contains(messages.get("field.live.status.ok")));
            screenshot("field-live-" + target.name().replace("ZH_", "zh_"));
        }
    }

    @Test
    void serialTestRead_showsTheRawFrameAndItsValues_andSavesAsACollector() throws Exception {
        showFieldDevices();
        selectTab("field-tab-serial-read");
        waitUntil(() -> lookup("#field-serial-validation").queryLabeled().isVisible());
        assertThat(onFx(() -> lookup("#field-serial-validation").queryLabeled().getText()))
                .isEqualTo("serial.port: is required unless usbId names the USB adapter");
        assertThat(onFx(() -> lookup("#field-serial-read-button").query().isDisabled())).isTrue();

        clickOn("#field-serial-port").write("COM3");
        clickOn("#field-serial-parity");
        clickOn("Even");
        clickOn("#field-serial-pattern").write("ST,GS,(?<weight>[-+0-9.]+kg");
        waitUntil(() -> lookup("#field-serial-validation").queryLabeled().getText()
                .startsWith("pattern: is not a valid regular expression: Unclosed group"));
        push(KeyCode.END);
        push(KeyCode.LEFT);
        push(KeyCode.LEFT);
        write(")");
        waitUntil(() -> !lookup("#field-serial-validation").queryLabeled().isVisible());
        assertThat(onFx(() -> lookup("#field-serial-pattern-hint").queryLabeled().getText()))
                .contains("ST,GS,(?<weight>[-+0-9.]+)kg");

        clickOn("#field-serial-read-button");
        waitUntil(() -> runs.taskRequests.size() == 1);
        SerialReadTask sent = (SerialReadTask) runs.taskRequests.getFirst().definition().spec();
        assertThat(runs.taskRequests.getFirst().task()).isEqualTo("field-serial-read");
        assertThat(sent.serial().port()).isEqualTo("COM3");
        assertThat(sent.serial().parity()).isEqualTo(SerialParity.EVEN);
        assertThat(sent.pattern()).isEqualTo("ST,GS,(?<weight>[-+0-9.]+)kg");
        assertThat(sent.delimiter()).isEqualTo("\\r\\n");
        waitUntil(() -> lookup("#field-serial-read-progress").query().isVisible());

        UUID id = runs.lastRunId();
        CompletableFuture.runAsync(() -> runs.taskState(id, RunState.SUCCEEDED,
                "{\"frame\":\"ST,GS,+0012.34kg\\r\\n\",\"values\":{\"weight\":12.34},\"port\":\"COM3\"}", null, 212L))
                .join();

        waitUntil(() -> valueTexts("#field-serial-values").size() == 1);
        assertThat(onFx(() -> valueTexts("#field-serial-values"))).containsExactly("weight 12.34");
        assertThat(onFx(() -> lookup("#field-serial-frame").queryAs(TextField.class).getText()))
                .isEqualTo("ST,GS,+0012.34kg\\r\\n");
        assertThat(onFx(() -> lookup("#field-serial-read-status").queryLabeled().getText()))
                .isEqualTo("Frame received, 1 value · 212 ms");

        clickOn("#field-serial-collector-name").write("scale_1");
        clickOn("#field-serial-save-button");
        waitUntil(() -> lookup("#field-serial-save-result").queryLabeled().isVisible());
        assertThat(desired.assignments).containsExactly("collector/scale_1 -> agent:agent-7");
        screenshots("field-serial-read", "#field-serial-read-button", "field.testRead.start");
    }

    @Test
    void modbusTestWrite_asksBeforeWriting_andShowsWhatWasWritten() throws Exception {
        showFieldDevices();
        selectTab("field-tab-test-write");
        clickOn("#field-write-host").write("192.168.10.20");
        replaceText(lookup("#field-write-address").query(), "100");
        clickOn("#field-write-values").write("12.5, 13");
        waitUntil(() -> !lookup("#field-write-validation").queryLabeled().isVisible());
        assertThat(onFx(() -> viewModel.field().testRead().hostProperty().get()))
                .as("the slave is shared with the test read").isEqualTo("192.168.10.20");

        clickOn("#field-write-button");
        waitUntil(() -> lookup("#field-write-confirmation").tryQuery().isPresent());
        DialogPane confirmation = lookup("#field-write-confirmation").queryAs(DialogPane.class);
        assertThat(onFx(confirmation::getHeaderText))
                .isEqualTo("Write 2 values to 192.168.10.20 unit 1 address 100?");
        assertThat(onFx(confirmation::getContentText)).startsWith("Holding registers, uint16: 12.5, 13");
        WaitForAsyncUtils.waitForFxEvents();
        onFx(() -> Screenshots.save(confirmation.getScene(), "field-write-confirm-en"));
        clickOn("#field-write-confirm-cancel");
        waitUntil(() -> lookup("#field-write-confirmation").tryQuery().isEmpty());
        assertThat(runs.taskRequests).as("nothing is written without consent").isEmpty();

        clickOn("#field-write-button");
        waitUntil(() -> lookup("#field-write-confirm").tryQuery().isPresent());
        clickOn("#field-write-confirm");
        waitUntil(() -> runs.taskRequests.size() == 1);
        ModbusWriteTask sent = (ModbusWriteTask) runs.taskRequests.getFirst().definition().spec();
        assertThat(runs.taskRequests.getFirst().task()).isEqualTo("field-test-write");
        assertThat(sent.address()).isEqualTo(100);
        assertThat(sent.values()).containsExactly("12.5", "13");
        assertThat(sent.verify()).isTrue();

        UUID id = runs.lastRunId();
        CompletableFuture.runAsync(() -> runs.taskState(id, RunState.SUCCEEDED,
                "{\"written\":[13,13],\"verified\":true}", null, 48L)).join();
        waitUntil(() -> valueTexts("#field-written-table").size() == 2);
        assertThat(onFx(() -> valueTexts("#field-written-table"))).containsExactly("100 13", "101 13");
        assertThat(onFx(() -> lookup("#field-write-status").queryLabeled().getText()))
                .isEqualTo("Wrote 2 values and read them back · 48 ms");
        screenshots("field-test-write", "#field-write-button", "field.testWrite.start");
    }

    @Test
    void serialTestWrite_sendsTheCommand_andShowsTheAnswer() throws Exception {
        showFieldDevices();
        selectTab("field-tab-serial-write");
        clickOn("#field-serial-write-port").write("/dev/ttyUSB0");
        clickOn("#field-serial-write-data").write("W\\r\\n");
        clickOn("#field-serial-write-expect").write("ST,GS,(?<weight>[-+0-9.]+)kg");
        clickOn("#field-serial-write-delimiter").write("\\r\\n");
        waitUntil(() -> !lookup("#field-serial-write-button").query().isDisabled());

        clickOn("#field-serial-write-button");
        waitUntil(() -> runs.taskRequests.size() == 1);
        SerialWriteTask sent = (SerialWriteTask) runs.taskRequests.getFirst().definition().spec();
        assertThat(sent.serial().port()).isEqualTo("/dev/ttyUSB0");
        assertThat(sent.data()).isEqualTo("W\\r\\n");
        UUID id = runs.lastRunId();
        CompletableFuture.runAsync(() -> runs.taskState(id, RunState.SUCCEEDED,
                "{\"sent\":3,\"answer\":\"ST,GS,+0001.50kg\\r\\n\",\"values\":{\"weight\":1.5}}", null, 31L)).join();

        waitUntil(() -> valueTexts("#field-serial-answer-values").size() == 1);
        assertThat(onFx(() -> lookup("#field-serial-answer").queryAs(TextField.class).getText()))
                .isEqualTo("ST,GS,+0001.50kg\\r\\n");
        assertThat(onFx(() -> lookup("#field-serial-write-status").queryLabeled().getText()))
                .isEqualTo("Sent 3 bytes, answer received · 31 ms");
        screenshots("field-serial-write", "#field-serial-write-button", "field.testWrite.start");
    }

    private void showFieldDevices() throws Exception {
        CompletableFuture.runAsync(() -> fleet.put(agent("agent-7", AgentConnectionStatus.ONLINE, "press-line-07",
                "Windows 11 IoT", 3.0, 40.0))).join();
        clickOn("#nav-field");
        waitUntil(() -> "press-line-07".equals(agentChoice()));
    }

    /** Screenshots in English, then in both Chinese scripts once {@code button} shows the language's text. */
    private void screenshots(String name, String button, String buttonKey) throws Exception {
        screenshot(name + "-en");
        for (Language target : List.of(Language.ZH_CN, Language.ZH_TW)) {
            CompletableFuture.runAsync(() -> language.setLanguage(target)).join();
            Messages messages = Messages.of(target);
            waitUntil(() -> messages.get(buttonKey).equals(lookup(button).queryLabeled().getText()));
            screenshot(name + "-" + target.name().replace("ZH_", "zh_"));
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> valueTexts(String table) {
        TableView<ReadValueRow> view = lookup(table).queryAs(TableView.class);
        return view.getItems().stream().map(row -> row.name() + " " + row.valueText().get()).toList();
    }

    private void selectTab(String id) throws Exception {
        onFx(() -> {
            TabPane tabs = lookup("#field-tabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(tab -> id.equals(tab.getId()))
                    .findFirst().orElseThrow());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void push(String collector, Instant at, Map<String, Object> values, String error) {
        CompletableFuture.runAsync(() -> liveValues.accept("agent-7",
                new CollectorValues(collector, new LinkedHashMap<>(values), error), at)).join();
    }

    /** Types into a cell of the map as an operator does: select what is there, type over it. */
    private void replaceText(Node field, String text) {
        clickOn(field);
        push(KeyCode.CONTROL, KeyCode.A);
        write(text);
    }

    private String agentChoice() {
        Object value = lookup("#field-agent").queryAs(ComboBox.class).getValue();
        return value == null ? null : ((AgentChoice) value).name();
    }

    private Node mapField(int row, String column) throws Exception {
        return onFx(() -> lookup("#field-map-table .map-field-" + column).queryAll().stream()
                .filter(node -> node.getParent() != null && node.isVisible())
                .skip(row).findFirst().orElseThrow());
    }

    private int mapRows() {
        return lookup("#field-map-table").queryAs(TableView.class).getItems().size();
    }

    @SuppressWarnings("unchecked")
    private List<String> resultTexts() {
        TableView<ReadValueRow> table = lookup("#field-results-table").queryAs(TableView.class);
        return table.getItems().stream().map(row -> row.name() + " " + row.valueText().get() + " " + row.unit())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private TableView<LiveValueRow> liveTable() {
        return lookup("#field-live-table").queryAs(TableView.class);
    }

    private List<String> badges() {
        return lookup("#field-live-table .badge").queryAll().stream().filter(Node::isVisible)
                .map(node -> ((Labeled) node).getText()).filter(Objects::nonNull).toList();
    }
}
