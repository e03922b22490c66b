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
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** The Field devices section: editing a register map, a test read through an agent, and live values. */
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
        onFx(() -> {
            lookup("#field-tabs").queryAs(TabPane.class).getSelectionModel().select(1);
            return null;
        });
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
