package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.AgentChoice;
import io.taskrunner.console.viewmodel.FieldDevicesViewModel;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Field devices: the agent to work through, then tabs: the register map with its test read and saving it as a
 * collector, the Modbus test write, the serial test read (also saved as a collector) and write, and the live values
 * of the agent's collectors.
 */
public final class FieldDevicesView extends VBox {

    public FieldDevicesView(FieldDevicesViewModel viewModel, LocalizedTexts texts) {
        getStyleClass().addAll("page", "field-page");

        Label title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(texts.text("field.title"));
        Label subtitle = new Label();
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.textProperty().bind(texts.text("field.subtitle"));
        VBox heading = new VBox(2, title, subtitle);
        HBox.setHgrow(heading, Priority.ALWAYS);
        heading.setMinWidth(0);

        ComboBox<AgentChoice> agent = new ComboBox<>(viewModel.agents());
        agent.setId("field-agent");
        agent.getStyleClass().add("agent-choice");
        agent.promptTextProperty().bind(texts.text("field.agent.prompt"));
        agent.valueProperty().bindBidirectional(viewModel.selectedAgentProperty());
        agent.setConverter(new StringConverter<>() {
            @Override
            public String toString(AgentChoice choice) {
                return choice == null ? "" : choice.name();
            }

            @Override
            public AgentChoice fromString(String text) {
                return null;
            }
        });
        agent.setPlaceholder(FormParts.placeholder(texts.text("field.agent.none")));
        HBox agentBox = new HBox(8, FormParts.label(texts.text("field.agent.label")), agent);
        agentBox.setAlignment(Pos.CENTER_RIGHT);
        agentBox.setMinWidth(Region.USE_PREF_SIZE);

        HBox header = new HBox(heading, agentBox);
        header.getStyleClass().add("page-header");
        header.setAlignment(Pos.BOTTOM_LEFT);

        Tab testRead = new Tab();
        testRead.setId("field-tab-test-read");
        testRead.textProperty().bind(texts.text("field.tab.testRead"));
        testRead.setContent(new ModbusTestReadPane(viewModel.testRead(), viewModel.saveCollector(), texts));
        Tab testWrite = tab("field-tab-test-write", "field.tab.testWrite", texts,
                new ModbusTestWritePane(viewModel.testWrite(), texts));
        Tab serialRead = tab("field-tab-serial-read", "field.tab.serialRead", texts,
                new SerialTestReadPane(viewModel.serialRead(), viewModel.saveSerialCollector(), texts));
        Tab serialWrite = tab("field-tab-serial-write", "field.tab.serialWrite", texts,
                new SerialTestWritePane(viewModel.serialWrite(), texts));
        Tab live = new Tab();
        live.setId("field-tab-live");
        live.textProperty().bind(texts.text("field.tab.live"));
        live.setContent(new LiveValuesPane(viewModel.live(), texts));
        TabPane tabs = new TabPane(testRead, testWrite, serialRead, serialWrite, live);
        tabs.setId("field-tabs");
        tabs.getStyleClass().add("field-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        getChildren().addAll(header, tabs);
    }

    private static Tab tab(String id, String key, LocalizedTexts texts, Node content) {
        Tab tab = new Tab();
        tab.setId(id);
        tab.textProperty().bind(texts.text(key));
        tab.setContent(content);
        return tab;
    }
}
