package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.RunRowViewModel;
import io.taskrunner.console.viewmodel.RunsViewModel;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Recent runs on all agents, newest first; below them the structured result of the selected finished run. */
public final class RunsView extends VBox {

    public RunsView(RunsViewModel viewModel, LocalizedTexts texts) {
        getStyleClass().add("page");

        Label title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(texts.text("runs.title"));
        HBox header = new HBox(title);
        header.getStyleClass().add("page-header");

        TableView<RunRowViewModel> table = new TableView<>(viewModel.rows());
        table.setId("runs-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        Label placeholder = new Label();
        placeholder.getStyleClass().add("table-placeholder");
        placeholder.textProperty().bind(texts.text("runs.empty"));
        table.setPlaceholder(placeholder);

        TableColumn<RunRowViewModel, Instant> started = new TableColumn<>();
        started.textProperty().bind(texts.text("runs.column.started"));
        started.setCellValueFactory(cell -> cell.getValue().startedProperty());
        started.setCellFactory(BoundTextCell.factory(RunRowViewModel::startedText, "muted"));
        started.setPrefWidth(125);
        started.setMinWidth(115);

        TableColumn<RunRowViewModel, String> agent = new TableColumn<>();
        agent.textProperty().bind(texts.text("runs.column.agent"));
        agent.setCellValueFactory(cell -> cell.getValue().agentText());
        agent.setCellFactory(BoundTextCell.factory(RunRowViewModel::agentText, "strong"));
        agent.setPrefWidth(110);
        agent.setMinWidth(95);

        TableColumn<RunRowViewModel, String> task = new TableColumn<>();
        task.textProperty().bind(texts.text("runs.column.task"));
        task.setCellValueFactory(cell -> cell.getValue().taskText());
        task.setCellFactory(BoundTextCell.factory(RunRowViewModel::taskText, "strong"));
        task.setPrefWidth(180);
        task.setMinWidth(120);

        TableColumn<RunRowViewModel, String> command = new TableColumn<>();
        command.textProperty().bind(texts.text("runs.column.command"));
        command.setCellValueFactory(cell -> cell.getValue().commandText());
        command.setCellFactory(BoundTextCell.factory(RunRowViewModel::commandText, "mono"));
        command.setPrefWidth(200);
        command.setMinWidth(100);

        TableColumn<RunRowViewModel, String> state = new TableColumn<>();
        state.textProperty().bind(texts.text("runs.column.state"));
        state.setCellValueFactory(cell -> cell.getValue().stateText());
        state.setCellFactory(column -> new StateCell());
        // wide enough for the longest badge, "Retrying (attempt n)"
        state.setPrefWidth(195);
        state.setMinWidth(190);

        TableColumn<RunRowViewModel, String> attempts = new TableColumn<>();
        attempts.getStyleClass().add("numeric");
        attempts.textProperty().bind(texts.text("runs.column.attempts"));
        attempts.setCellValueFactory(cell -> cell.getValue().attemptsText());
        attempts.setCellFactory(BoundTextCell.factory(RunRowViewModel::attemptsText, "numeric"));
        attempts.setPrefWidth(100);
        attempts.setMinWidth(95);

        TableColumn<RunRowViewModel, String> exitCode = new TableColumn<>();
        exitCode.getStyleClass().add("numeric");
        exitCode.textProperty().bind(texts.text("runs.column.exitCode"));
        exitCode.setCellValueFactory(cell -> cell.getValue().exitCodeText());
        exitCode.setCellFactory(BoundTextCell.factory(RunRowViewModel::exitCodeText, "numeric"));
        exitCode.setPrefWidth(100);
        exitCode.setMinWidth(100);

        TableColumn<RunRowViewModel, String> duration = new TableColumn<>();
        duration.getStyleClass().add("numeric");
        duration.textProperty().bind(texts.text("runs.column.duration"));
        duration.setCellValueFactory(cell -> cell.getValue().durationText());
        duration.setCellFactory(BoundTextCell.factory(RunRowViewModel::durationText, "numeric"));
        duration.setComparator(Comparator.naturalOrder());
        duration.setPrefWidth(95);
        duration.setMinWidth(95);
        duration.setSortable(false);

        table.getColumns().setAll(List.of(started, agent, task, command, state, attempts, exitCode, duration));
        table.getColumns().forEach(column -> column.setSortable(false));
        viewModel.selectedRunProperty().bind(table.getSelectionModel().selectedItemProperty());

        VBox card = new VBox(table);
        card.getStyleClass().add("card");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox.setVgrow(card, Priority.ALWAYS);
        getChildren().addAll(header, card, resultCard(viewModel, texts));
    }

    private static VBox resultCard(RunsViewModel viewModel, LocalizedTexts texts) {
        Label label = new Label();
        label.getStyleClass().add("section-label");
        label.textProperty().bind(texts.text("runs.result.label"));
        TextArea result = new TextArea();
        result.setId("runs-result");
        result.getStyleClass().add("run-result");
        result.setEditable(false);
        result.setWrapText(false);
        result.setPrefRowCount(10);
        result.textProperty().bind(viewModel.selectedResultProperty());
        label.setLabelFor(result);
        VBox card = new VBox(label, result);
        card.setId("runs-result-card");
        card.getStyleClass().addAll("card", "result-card");
        card.visibleProperty().bind(viewModel.selectedHasResult());
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    private static final class StateCell extends TableCell<RunRowViewModel, String> {
        private final Badge badge = new Badge();

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            badge.textProperty().unbind();
            RunRowViewModel row = empty ? null : BoundTextCell.rowItem(this);
            if (row == null) {
                setGraphic(null);
                return;
            }
            badge.bindText(row.stateText());
            badge.tone(row.tone().get());
            setGraphic(badge);
        }
    }
}
