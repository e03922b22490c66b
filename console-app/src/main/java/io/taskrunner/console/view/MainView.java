package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.AgentRowViewModel;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.MainViewModel;
import io.taskrunner.console.viewmodel.Section;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The console window's content: sidebar navigation, the selected section, and a status bar. */
public final class MainView extends BorderPane {
    private final MainViewModel viewModel;
    private final Map<Section, Node> sections = new EnumMap<>(Section.class);
    private final Map<Section, ToggleButton> navButtons = new EnumMap<>(Section.class);
    private final StackPane content = new StackPane();

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        LocalizedTexts texts = viewModel.texts();
        getStyleClass().add("main-view");

        sections.put(Section.FLEET, new FleetView(viewModel.fleet(), texts, this::openRunDialog));
        sections.put(Section.RUNS, new RunsView(viewModel.runs(), texts));
        sections.put(Section.JOBS, new JobsView(viewModel.jobs(), texts));
        sections.put(Section.FIELD, new FieldDevicesView(viewModel.field(), texts));
        sections.put(Section.SETTINGS, new SettingsView(viewModel.settings(), texts));

        content.getStyleClass().add("content-area");
        setLeft(sidebar(texts));
        setCenter(content);
        setBottom(statusBar());

        showSection(viewModel.selectedSectionProperty().get());
        viewModel.selectedSectionProperty().addListener((property, old, section) -> showSection(section));
        ConsoleTheme.followLanguageFont(this, texts);
    }

    private VBox sidebar(LocalizedTexts texts) {
        StackPane logo = new StackPane(Icons.icon(Icons.LOGO));
        logo.getStyleClass().add("brand-logo");
        Label title = new Label();
        title.getStyleClass().add("brand-title");
        title.textProperty().bind(texts.text("app.title"));
        Label subtitle = new Label();
        subtitle.getStyleClass().add("brand-subtitle");
        subtitle.textProperty().bind(texts.text("app.subtitle"));
        HBox brand = new HBox(logo, new VBox(1, title, subtitle));
        brand.getStyleClass().add("brand");

        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4,
                navButton(group, Section.FLEET, "nav-fleet", Icons.FLEET, texts.text("nav.fleet")),
                navButton(group, Section.RUNS, "nav-runs", Icons.RUNS, texts.text("nav.runs")),
                navButton(group, Section.JOBS, "nav-jobs", Icons.JOBS, texts.text("nav.jobs")),
                navButton(group, Section.FIELD, "nav-field", Icons.FIELD, texts.text("nav.field")),
                navButton(group, Section.SETTINGS, "nav-settings", Icons.SETTINGS, texts.text("nav.settings")));
        // a click on the selected item must not leave the sidebar without a selection
        group.selectedToggleProperty().addListener((property, old, selected) -> {
            if (selected == null && old != null) {
                old.setSelected(true);
            }
        });

        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Label version = new Label(viewModel.version());
        version.getStyleClass().add("sidebar-footer");

        VBox sidebar = new VBox(brand, nav, spacer, version);
        sidebar.getStyleClass().add("sidebar");
        return sidebar;
    }

    private ToggleButton navButton(ToggleGroup group, Section section, String id, String icon,
            ObservableStringValue text) {
        ToggleButton button = new ToggleButton();
        button.setId(id);
        button.getStyleClass().add("nav-item");
        button.setGraphic(Icons.icon(icon));
        button.textProperty().bind(text);
        button.setToggleGroup(group);
        button.setMaxWidth(Double.MAX_VALUE);
        button.setOnAction(event -> viewModel.selectedSectionProperty().set(section));
        navButtons.put(section, button);
        return button;
    }

    private HBox statusBar() {
        Region dot = new Region();
        dot.getStyleClass().add("status-dot");
        Label broker = new Label();
        broker.setId("status-broker");
        broker.textProperty().bind(viewModel.brokerStatus());
        Label agents = new Label();
        agents.setId("status-agents");
        agents.textProperty().bind(viewModel.agentsOnline());
        HBox bar = new HBox(dot, broker, new Separator(Orientation.VERTICAL), agents);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void showSection(Section section) {
        content.getChildren().setAll(sections.get(section));
        navButtons.get(section).setSelected(true);
    }

    private void openRunDialog(AgentRowViewModel agent) {
        RunCommandDialog.show(getScene() == null ? null : getScene().getWindow(),
                viewModel.runCommand(agent.agentId()), viewModel.texts());
    }
}
