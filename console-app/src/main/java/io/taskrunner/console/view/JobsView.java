package io.taskrunner.console.view;

import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.JobDetailsViewModel;
import io.taskrunner.console.viewmodel.JobExecutionRowViewModel;
import io.taskrunner.console.viewmodel.JobRowViewModel;
import io.taskrunner.console.viewmodel.JobsViewModel;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Jobs: the recent jobs with their progress and counts, and below them the selected job's figures, its per-agent
 * executions, and cancel, force cancel and re-run; New job opens the wizard.
 */
public final class JobsView extends VBox {
    private final JobsViewModel viewModel;
    private final LocalizedTexts texts;

    public JobsView(JobsViewModel viewModel, LocalizedTexts texts) {
        this.viewModel = viewModel;
        this.texts = texts;
        getStyleClass().addAll("page", "jobs-page");

        Label title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(texts.text("jobs.title"));
        Label subtitle = new Label();
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.textProperty().bind(texts.text("jobs.subtitle"));
        VBox heading = new VBox(2, title, subtitle);
        heading.setMinWidth(0);
        HBox.setHgrow(heading, Priority.ALWAYS);
        Button newJob = new Button();
        newJob.setId("jobs-new-button");
        newJob.getStyleClass().add(Styles.ACCENT);
        newJob.setGraphic(Icons.icon(Icons.ADD));
        newJob.textProperty().bind(texts.text("jobs.new.button"));
        newJob.setMinWidth(Region.USE_PREF_SIZE);
        newJob.setOnAction(event -> NewJobDialog.show(getScene() == null ? null : getScene().getWindow(),
                viewModel.newJob(), texts));
        HBox header = new HBox(heading, newJob);
        header.getStyleClass().add("page-header");
        header.setAlignment(Pos.BOTTOM_LEFT);

        TableView<JobRowViewModel> table = jobsTable();
        VBox listCard = new VBox(table);
        listCard.getStyleClass().add("card");
        VBox.setVgrow(table, Priority.ALWAYS);

        SplitPane split = new SplitPane(listCard, detailsCard(viewModel.details()));
        split.setId("jobs-split");
        split.getStyleClass().add("jobs-split");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header, split);

        viewModel.details().jobProperty().bind(table.getSelectionModel().selectedItemProperty());
        viewModel.toSelectProperty().addListener((property, old, row) -> {
            if (row != null) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
        });
    }

    private TableView<JobRowViewModel> jobsTable() {
        TableView<JobRowViewModel> table = new TableView<>(viewModel.rows());
        table.setId("jobs-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        ProgressIndicator loading = new ProgressIndicator();
        loading.getStyleClass().add("small-spinner");
        Label empty = FormParts.placeholder(texts.text("jobs.empty"));
        loading.visibleProperty().bind(viewModel.loadingProperty());
        empty.visibleProperty().bind(viewModel.loadingProperty().not());
        table.setPlaceholder(new VBox(loading, empty));
        ((VBox) table.getPlaceholder()).setAlignment(Pos.CENTER);

        TableColumn<JobRowViewModel, Instant> created = new TableColumn<>();
        created.textProperty().bind(texts.text("jobs.column.created"));
        created.setCellValueFactory(cell -> cell.getValue().createdProperty());
        created.setCellFactory(BoundTextCell.factory(JobRowViewModel::createdText, "muted"));
        created.setPrefWidth(110);
        created.setMinWidth(100);

        TableColumn<JobRowViewModel, String> task = textColumn("jobs.column.task", JobRowViewModel::taskText,
                "strong");
        task.setPrefWidth(130);
        TableColumn<JobRowViewModel, String> state = new TableColumn<>();
        state.textProperty().bind(texts.text("jobs.column.state"));
        state.setCellValueFactory(cell -> cell.getValue().stateText());
        state.setCellFactory(column -> new StateBadgeCell<>(JobRowViewModel::stateText, JobRowViewModel::tone));
        state.setPrefWidth(120);
        state.setMinWidth(110);
        TableColumn<JobRowViewModel, String> targets = textColumn("jobs.column.targets",
                JobRowViewModel::targetsText, "muted");
        targets.setPrefWidth(200);
        TableColumn<JobRowViewModel, String> progress = new TableColumn<>();
        progress.textProperty().bind(texts.text("jobs.column.progress"));
        progress.setCellValueFactory(cell -> cell.getValue().progressText());
        progress.setCellFactory(column -> new ProgressCell<>(JobRowViewModel::progress,
                JobRowViewModel::progressText));
        progress.setPrefWidth(190);
        progress.setMinWidth(150);
        TableColumn<JobRowViewModel, String> counts = textColumn("jobs.column.counts", JobRowViewModel::countsText,
                "counts");
        counts.setPrefWidth(300);

        table.getColumns().setAll(List.of(created, task, state, targets, progress, counts));
        table.getColumns().forEach(column -> column.setSortable(false));
        return table;
    }

    private <S> TableColumn<S, String> textColumn(String key, Function<S, ObservableStringValue> text,
            String style) {
        TableColumn<S, String> column = new TableColumn<>();
        column.textProperty().bind(texts.text(key));
        column.setCellValueFactory(cell -> text.apply(cell.getValue()));
        column.setCellFactory(BoundTextCell.factory(text, style));
        column.setMinWidth(80);
        return column;
    }

    private VBox detailsCard(JobDetailsViewModel details) {
        Label title = FormParts.heading(details.titleText());
        title.setId("job-details-title");
        title.setMinWidth(0);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);

        Button cancel = actionButton("job-cancel-button", "jobs.action.cancel", Icons.STOP);
        cancel.disableProperty().bind(details.canCancel().not());
        cancel.setOnAction(event -> details.cancel());
        Button force = actionButton("job-force-cancel-button", "jobs.action.forceCancel", Icons.STOP);
        force.getStyleClass().add(Styles.DANGER);
        force.disableProperty().bind(details.canForceCancel().not());
        force.setOnAction(event -> confirmForceCancel(details));
        Button rerun = actionButton("job-rerun-button", "jobs.action.rerun", Icons.PLAY);
        rerun.disableProperty().bind(details.canRerun().not());
        rerun.setOnAction(event -> details.rerun());
        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("small-spinner");
        busy.visibleProperty().bind(details.busyProperty().or(details.loadingProperty()));
        HBox toolbar = new HBox(8, title, busy, cancel, force, rerun);
        toolbar.getStyleClass().add("card-toolbar");

        ProgressBar progress = new ProgressBar();
        progress.setId("job-details-progress");
        progress.progressProperty().bind(details.progress());
        progress.setMaxWidth(Double.MAX_VALUE);
        GridPane figures = new GridPane();
        figures.getStyleClass().add("job-figures");
        figures.addRow(0, FormParts.label(texts.text("jobs.details.progress")), progress,
                value(details.progressText(), "job-details-progress-text"));
        figures.addRow(1, FormParts.label(texts.text("jobs.details.counts")),
                value(details.countsText(), "job-details-counts"));
        GridPane.setColumnSpan(figures.getChildren().getLast(), 2);
        figures.addRow(2, FormParts.label(texts.text("jobs.details.statistics")),
                value(details.successRateText(), "job-details-success"),
                value(details.durationsText(), "job-details-durations"));
        GridPane.setHgrow(progress, Priority.ALWAYS);

        Label reason = FormParts.message(details.reasonText(), "hint");
        Label error = FormParts.message(details.actionErrorText(), "error");
        error.setId("job-details-error");

        TableView<JobExecutionRowViewModel> executions = executionsTable(details);
        VBox.setVgrow(executions, Priority.ALWAYS);
        VBox body = new VBox(8, figures, reason, error);
        body.getStyleClass().add("job-details-body");
        VBox card = new VBox(toolbar, body, executions);
        card.setId("job-details");
        card.getStyleClass().addAll("card", "job-details");
        card.visibleProperty().bind(details.selected());
        Label hint = FormParts.placeholder(texts.text("jobs.details.none"));
        VBox wrapper = new VBox(card);
        VBox.setVgrow(card, Priority.ALWAYS);
        hint.visibleProperty().bind(details.selected().not());
        hint.managedProperty().bind(hint.visibleProperty());
        card.managedProperty().bind(card.visibleProperty());
        wrapper.getChildren().add(hint);
        wrapper.getStyleClass().add("job-details-wrapper");
        return wrapper;
    }

    private TableView<JobExecutionRowViewModel> executionsTable(JobDetailsViewModel details) {
        TableView<JobExecutionRowViewModel> table = new TableView<>(details.executions());
        table.setId("job-executions-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(FormParts.placeholder(texts.text("jobs.executions.empty")));
        TableColumn<JobExecutionRowViewModel, String> agent = textColumn("jobs.executions.column.agent",
                JobExecutionRowViewModel::agentText, "strong");
        agent.setPrefWidth(150);
        TableColumn<JobExecutionRowViewModel, String> state = new TableColumn<>();
        state.textProperty().bind(texts.text("jobs.executions.column.state"));
        state.setCellValueFactory(cell -> cell.getValue().stateText());
        state.setCellFactory(column -> new StateBadgeCell<>(JobExecutionRowViewModel::stateText,
                JobExecutionRowViewModel::tone));
        state.setPrefWidth(120);
        state.setMinWidth(110);
        TableColumn<JobExecutionRowViewModel, String> progress = new TableColumn<>();
        progress.textProperty().bind(texts.text("jobs.executions.column.progress"));
        progress.setCellValueFactory(cell -> cell.getValue().progressText());
        progress.setCellFactory(column -> new ProgressCell<>(JobExecutionRowViewModel::progress,
                JobExecutionRowViewModel::progressText));
        progress.setPrefWidth(150);
        progress.setMinWidth(120);
        TableColumn<JobExecutionRowViewModel, String> detailsColumn = textColumn(
                "jobs.executions.column.details", JobExecutionRowViewModel::detailsText, "muted");
        detailsColumn.setPrefWidth(240);
        TableColumn<JobExecutionRowViewModel, String> attempts = textColumn("jobs.executions.column.attempts",
                JobExecutionRowViewModel::attemptsText, "numeric");
        attempts.getStyleClass().add("numeric");
        attempts.setPrefWidth(90);
        attempts.setMinWidth(90);
        TableColumn<JobExecutionRowViewModel, String> started = textColumn("jobs.executions.column.started",
                JobExecutionRowViewModel::startedText, "muted");
        started.setPrefWidth(110);
        started.setMinWidth(105);
        TableColumn<JobExecutionRowViewModel, String> finished = textColumn("jobs.executions.column.finished",
                JobExecutionRowViewModel::finishedText, "muted");
        finished.setPrefWidth(110);
        finished.setMinWidth(105);
        TableColumn<JobExecutionRowViewModel, String> duration = textColumn("jobs.executions.column.duration",
                JobExecutionRowViewModel::durationText, "numeric");
        duration.getStyleClass().add("numeric");
        duration.setPrefWidth(90);
        table.getColumns().setAll(List.of(agent, state, progress, detailsColumn, attempts, started, finished,
                duration));
        table.getColumns().forEach(column -> column.setSortable(false));
        return table;
    }

    private Button actionButton(String id, String key, String icon) {
        Button button = new Button();
        button.setId(id);
        button.setGraphic(Icons.icon(icon));
        button.textProperty().bind(texts.text(key));
        button.setMinWidth(Region.USE_PREF_SIZE);
        return button;
    }

    private static Label value(ObservableStringValue text, String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("figure");
        label.textProperty().bind(text);
        return label;
    }

    /** Asks before cancelling running executions: Keep running is the default button. */
    private void confirmForceCancel(JobDetailsViewModel details) {
        ButtonType force = new ButtonType(texts.messages().get("jobs.forceCancel.confirm"),
                ButtonBar.ButtonData.OK_DONE);
        ButtonType keep = new ButtonType(texts.messages().get("jobs.forceCancel.keep"),
                ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, texts.messages().get("jobs.forceCancel.detail"), keep,
                force);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.setTitle(texts.messages().get("jobs.forceCancel.title"));
        alert.setHeaderText(details.forceCancelQuestion().get());
        alert.getDialogPane().setId("job-force-cancel-confirmation");
        ConsoleTheme.style(alert.getDialogPane().getScene());
        ConsoleTheme.followLanguageFont(alert.getDialogPane(), texts);
        Button forceButton = (Button) alert.getDialogPane().lookupButton(force);
        forceButton.setId("job-force-cancel-confirm");
        forceButton.setDefaultButton(false);
        Button keepButton = (Button) alert.getDialogPane().lookupButton(keep);
        keepButton.setDefaultButton(true);
        alert.resultProperty().addListener((property, old, result) -> {
            if (result == force) {
                details.forceCancel();
            }
        });
        alert.show();
    }
}
