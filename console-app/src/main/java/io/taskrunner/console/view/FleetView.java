package io.taskrunner.console.view;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.AgentRowViewModel;
import io.taskrunner.console.viewmodel.FleetViewModel;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The fleet: every agent with its status and load, a search field, and the way to run a command on one. */
public final class FleetView extends VBox {
    private final FleetViewModel viewModel;
    private final Consumer<AgentRowViewModel> runCommand;
    private final TableView<AgentRowViewModel> table = new TableView<>();

    /** @param runCommand opens the run dialog for an agent; called on the FX thread */
    public FleetView(FleetViewModel viewModel, LocalizedTexts texts, Consumer<AgentRowViewModel> runCommand) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        this.runCommand = Objects.requireNonNull(runCommand, "runCommand");
        getStyleClass().add("page");

        Label title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(texts.text("fleet.title"));
        Label summary = new Label();
        summary.getStyleClass().add("page-subtitle");
        summary.setId("fleet-summary");
        summary.textProperty().bind(viewModel.summary());
        VBox heading = new VBox(2, title, summary);
        HBox header = new HBox(heading);
        header.getStyleClass().add("page-header");

        CustomTextField search = new CustomTextField();
        search.setId("fleet-search");
        search.getStyleClass().add("search-field");
        search.setLeft(Icons.icon(Icons.SEARCH));
        search.promptTextProperty().bind(texts.text("fleet.search.prompt"));
        search.textProperty().bindBidirectional(viewModel.searchTextProperty());

        Button run = new Button();
        run.setId("fleet-run-button");
        run.getStyleClass().add(Styles.ACCENT);
        run.setGraphic(Icons.icon(Icons.TERMINAL));
        run.textProperty().bind(texts.text("fleet.action.runCommand"));
        run.disableProperty().bind(viewModel.canRunCommand().not());
        run.setOnAction(event -> openRunDialog());

        Button remove = new Button();
        remove.setId("fleet-remove-button");
        remove.getStyleClass().add(Styles.DANGER);
        remove.setGraphic(Icons.icon(Icons.DELETE));
        remove.textProperty().bind(texts.text("fleet.action.remove"));
        remove.disableProperty().bind(viewModel.canRemove().not());
        remove.setOnAction(event -> confirmRemove(texts));

        Label error = new Label();
        error.setId("fleet-action-error");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(viewModel.actionErrorProperty());
        error.visibleProperty().bind(viewModel.actionErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(search, error, spacer, remove, run);
        toolbar.getStyleClass().add("card-toolbar");

        buildTable(texts);
        VBox card = new VBox(toolbar, table);
        card.getStyleClass().add("card");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox.setVgrow(card, Priority.ALWAYS);
        getChildren().addAll(header, card);
    }

    private void buildTable(LocalizedTexts texts) {
        table.setId("fleet-table");
        Label placeholder = new Label();
        placeholder.getStyleClass().add("table-placeholder");
        placeholder.textProperty().bind(texts.text("fleet.empty"));
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);

        TableColumn<AgentRowViewModel, String> name = new TableColumn<>();
        name.setId("fleet-column-name");
        name.textProperty().bind(texts.text("fleet.column.name"));
        name.setCellValueFactory(cell -> cell.getValue().nameProperty());
        name.setCellFactory(BoundTextCell.factory(AgentRowViewModel::nameProperty, "strong"));
        name.setPrefWidth(170);

        TableColumn<AgentRowViewModel, String> status = new TableColumn<>();
        status.setId("fleet-column-status");
        status.textProperty().bind(texts.text("fleet.column.status"));
        status.setCellValueFactory(cell -> cell.getValue().statusText());
        status.setCellFactory(column -> new StatusCell());
        status.setPrefWidth(105);

        TableColumn<AgentRowViewModel, String> os = new TableColumn<>();
        os.setId("fleet-column-os");
        os.textProperty().bind(texts.text("fleet.column.os"));
        os.setCellValueFactory(cell -> cell.getValue().osProperty());
        os.setCellFactory(BoundTextCell.factory(AgentRowViewModel::osProperty));
        os.setPrefWidth(180);

        TableColumn<AgentRowViewModel, Double> cpu = numberColumn("fleet-column-cpu");
        cpu.textProperty().bind(texts.text("fleet.column.cpu"));
        cpu.setCellValueFactory(cell -> cell.getValue().cpuProperty());
        cpu.setCellFactory(BoundTextCell.factory(AgentRowViewModel::cpuText, "numeric"));

        TableColumn<AgentRowViewModel, Double> memory = numberColumn("fleet-column-memory");
        memory.textProperty().bind(texts.text("fleet.column.memory"));
        memory.setCellValueFactory(cell -> cell.getValue().memoryProperty());
        memory.setCellFactory(BoundTextCell.factory(AgentRowViewModel::memoryText, "numeric"));
        memory.setPrefWidth(110);

        TableColumn<AgentRowViewModel, String> version = new TableColumn<>();
        version.setId("fleet-column-version");
        version.textProperty().bind(texts.text("fleet.column.version"));
        version.setCellValueFactory(cell -> cell.getValue().versionProperty());
        version.setCellFactory(BoundTextCell.factory(AgentRowViewModel::versionProperty, "mono", "muted"));
        version.setPrefWidth(80);

        TableColumn<AgentRowViewModel, Instant> lastSeen = new TableColumn<>();
        lastSeen.setId("fleet-column-lastSeen");
        lastSeen.textProperty().bind(texts.text("fleet.column.lastSeen"));
        lastSeen.setCellValueFactory(cell -> cell.getValue().lastSeenProperty());
        lastSeen.setCellFactory(BoundTextCell.factory(AgentRowViewModel::lastSeenText, "muted"));
        lastSeen.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        lastSeen.setPrefWidth(170);

        table.getColumns().setAll(List.of(name, status, os, cpu, memory, version, lastSeen));
        SortedList<AgentRowViewModel> sorted = new SortedList<>(viewModel.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        name.setSortType(TableColumn.SortType.ASCENDING);
        table.getSortOrder().add(name);

        viewModel.selectedAgentProperty().bind(table.getSelectionModel().selectedItemProperty());
        table.setRowFactory(view -> {
            TableRow<AgentRowViewModel> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    openRunDialog();
                }
            });
            return row;
        });
    }

    private static TableColumn<AgentRowViewModel, Double> numberColumn(String id) {
        TableColumn<AgentRowViewModel, Double> column = new TableColumn<>();
        column.setId(id);
        column.getStyleClass().add("numeric");
        column.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        column.setPrefWidth(90);
        return column;
    }

    private void openRunDialog() {
        AgentRowViewModel agent = viewModel.selectedAgentProperty().get();
        if (agent != null && viewModel.canRunCommand().get()) {
            runCommand.accept(agent);
        }
    }

    /** The table, for tests. */
    public TableView<AgentRowViewModel> table() {
        return table;
    }

    /** Status as a coloured pill: green online, grey offline. */
    private static final class StatusCell extends TableCell<AgentRowViewModel, String> {
        private final Badge badge = new Badge();

        StatusCell() {
            getStyleClass().add("status-cell");
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            badge.textProperty().unbind();
            AgentRowViewModel row = empty ? null : BoundTextCell.rowItem(this);
            if (row == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            badge.bindText(row.statusText());
            badge.tone(row.tone().get());
            setText(null);
            setGraphic(badge);
        }
    }

    /** Removing revokes the agent's certificate, so it asks first; Keep agent is the default button. */
    private void confirmRemove(LocalizedTexts texts) {
        ButtonType removeType = new ButtonType(texts.messages().get("fleet.remove.confirm"),
                ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType(texts.messages().get("fleet.remove.keep"), ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, texts.messages().get("fleet.remove.detail"), keep,
                removeType);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.setTitle(texts.messages().get("fleet.remove.title"));
        alert.setHeaderText(viewModel.removeQuestion());
        alert.getDialogPane().setId("fleet-remove-confirmation");
        ConsoleTheme.style(alert.getDialogPane().getScene());
        ConsoleTheme.followLanguageFont(alert.getDialogPane(), texts);
        Button removeButton = (Button) alert.getDialogPane().lookupButton(removeType);
        removeButton.setId("fleet-remove-confirm");
        removeButton.setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
        alert.resultProperty().addListener((property, old, result) -> {
            if (result == removeType) {
                viewModel.removeSelected();
            }
        });
        alert.show();
    }
}
