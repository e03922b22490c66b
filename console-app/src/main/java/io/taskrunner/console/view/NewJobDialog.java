package io.taskrunner.console.view;

import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.JobParameterRow;
import io.taskrunner.console.viewmodel.JobTargetsViewModel;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.NewJobViewModel;
import io.taskrunner.console.viewmodel.TargetChoice;
import io.taskrunner.console.viewmodel.WindowRow;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The new-job wizard as one form in four groups: task and parameters, targets with the live count, rollout and
 * abort, timing. Problems show inline under the form; Create is enabled only for a valid job.
 */
public final class NewJobDialog extends VBox {
    private final NewJobViewModel viewModel;
    private final LocalizedTexts texts;

    public NewJobDialog(NewJobViewModel viewModel, LocalizedTexts texts, Runnable close) {
        this.viewModel = viewModel;
        this.texts = texts;
        getStyleClass().add("job-dialog");

        Label title = new Label();
        title.getStyleClass().add("dialog-title");
        title.textProperty().bind(texts.text("jobs.new.title"));

        VBox groups = new VBox(12, taskCard(), targetsCard(viewModel.targets()), rolloutCard(), timingCard());
        groups.getStyleClass().add("job-form");
        ScrollPane scroll = new ScrollPane(groups);
        scroll.setId("job-form-scroll");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("job-form-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Label validation = FormParts.message(viewModel.validationMessage(), "error");
        validation.setId("job-validation");
        Label createError = FormParts.message(viewModel.createErrorText(), "error");
        createError.setId("job-create-error");

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-spinner");
        spinner.visibleProperty().bind(viewModel.creatingProperty().or(viewModel.loadingProperty()));
        Button cancel = new Button();
        cancel.setId("job-dialog-cancel");
        cancel.setCancelButton(true);
        cancel.textProperty().bind(texts.text("jobs.new.cancel"));
        cancel.setOnAction(event -> close.run());
        Button create = new Button();
        create.setId("job-create-button");
        create.getStyleClass().add(Styles.ACCENT);
        create.setGraphic(Icons.icon(Icons.PLAY));
        create.textProperty().bind(texts.text("jobs.new.create"));
        create.disableProperty().bind(viewModel.canCreate().not());
        create.setOnAction(event -> viewModel.create());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(8, spacer, spinner, cancel, create);
        footer.getStyleClass().add("dialog-footer");
        footer.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(title, scroll, validation, createError, footer);
        viewModel.doneProperty().addListener((property, old, done) -> {
            if (done) {
                close.run();
            }
        });
        ConsoleTheme.followLanguageFont(this, texts);
    }

    /** Opens the wizard over {@code owner}. */
    public static Stage show(Window owner, NewJobViewModel viewModel, LocalizedTexts texts) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        NewJobDialog dialog = new NewJobDialog(viewModel, texts, stage::close);
        Scene scene = new Scene(dialog, 860, 760);
        ConsoleTheme.style(scene);
        stage.setScene(scene);
        stage.setMinWidth(640);
        stage.setMinHeight(480);
        stage.titleProperty().bind(texts.text("jobs.new.title"));
        stage.show();
        return stage;
    }

    // ---- task and parameters

    private VBox taskCard() {
        ComboBox<String> task = new ComboBox<>(viewModel.tasks());
        task.setId("job-task");
        task.getStyleClass().add("job-task-choice");
        task.promptTextProperty().bind(texts.text("jobs.new.task.prompt"));
        task.valueProperty().bindBidirectional(viewModel.taskProperty());
        task.setPlaceholder(FormParts.placeholder(texts.text("jobs.new.task.none")));
        HBox taskRow = new HBox(12, FormParts.label(texts.text("jobs.new.task.label")), task);
        taskRow.setAlignment(Pos.CENTER_LEFT);

        GridPane parameters = new GridPane();
        parameters.setId("job-parameters");
        parameters.getStyleClass().add("form");
        viewModel.parameters().addListener((ListChangeListener<JobParameterRow>) change -> {
            if (structural(change)) {
                fillParameters(parameters);
            }
        });
        Label none = FormParts.message(texts.text("jobs.new.parameters.none"), "hint");
        none.visibleProperty().bind(viewModel.noParameters());
        none.managedProperty().bind(none.visibleProperty());
        return card("jobs.new.group.task", taskRow, parameters, none);
    }

    private void fillParameters(GridPane grid) {
        grid.getChildren().clear();
        int row = 0;
        for (JobParameterRow parameter : viewModel.parameters()) {
            Label name = new Label(parameter.name());
            name.getStyleClass().addAll("form-label", "mono");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label type = new Label(parameter.typeText());
            type.getStyleClass().add("field-hint");
            type.setMinWidth(Region.USE_PREF_SIZE);
            Node value = valueControl(parameter);
            GridPane.setHgrow(value, Priority.ALWAYS);
            Label description = new Label(parameter.description());
            description.getStyleClass().add("field-hint");
            description.setMinWidth(0);
            grid.addRow(row++, name, type, value, description);
        }
    }

    private static Node valueControl(JobParameterRow parameter) {
        if (!parameter.choices().isEmpty()) {
            ComboBox<String> choice = new ComboBox<>(FXCollections.observableArrayList(parameter.choices()));
            choice.setId("job-parameter-" + parameter.name());
            choice.valueProperty().bindBidirectional(parameter.valueProperty());
            choice.setMaxWidth(Double.MAX_VALUE);
            return choice;
        }
        TextField field = parameter.secret() ? new PasswordField() : new TextField();
        field.setId("job-parameter-" + parameter.name());
        field.textProperty().bindBidirectional(parameter.valueProperty());
        field.setMaxWidth(Double.MAX_VALUE);
        return field;
    }

    // ---- targets

    private VBox targetsCard(JobTargetsViewModel targets) {
        ToggleGroup who = new ToggleGroup();
        RadioButton all = radio("job-targets-all", "jobs.new.targets.all", who);
        RadioButton chosen = radio("job-targets-chosen", "jobs.new.targets.chosen", who);
        all.selectedProperty().bindBidirectional(targets.allAgentsProperty());
        chosen.setSelected(!targets.allAgentsProperty().get());
        Label count = new Label();
        count.setId("job-targets-count");
        count.getStyleClass().add("target-count");
        count.textProperty().bind(targets.matchText());
        count.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox whoRow = new HBox(16, all, chosen, spacer, count);
        whoRow.setAlignment(Pos.CENTER_LEFT);

        HBox lists = new HBox(10, choices("job-targets-agents", "jobs.new.targets.agents", targets.agents()),
                choices("job-targets-groups", "jobs.new.targets.groups", targets.groups()),
                choices("job-targets-tags", "jobs.new.targets.tags", targets.tags()));
        lists.disableProperty().bind(targets.allAgentsProperty());

        ToggleGroup mode = new ToggleGroup();
        RadioButton snapshot = radio("job-mode-snapshot", "jobs.new.mode.snapshot", mode);
        RadioButton continuous = radio("job-mode-continuous", "jobs.new.mode.continuous", mode);
        continuous.selectedProperty().bindBidirectional(viewModel.continuousProperty());
        snapshot.setSelected(!viewModel.continuousProperty().get());
        HBox modeRow = new HBox(16, FormParts.label(texts.text("jobs.new.mode.label")), snapshot, continuous);
        modeRow.setAlignment(Pos.CENTER_LEFT);
        return card("jobs.new.group.targets", whoRow, lists, modeRow);
    }

    private VBox choices(String id, String key, ObservableList<TargetChoice> items) {
        ListView<TargetChoice> list = new ListView<>(items);
        list.setId(id);
        list.getStyleClass().add("target-list");
        list.setCellFactory(CheckBoxListCell.forListView(TargetChoice::selectedProperty, new StringConverter<>() {
            @Override
            public String toString(TargetChoice choice) {
                return choice == null ? "" : choice.text();
            }

            @Override
            public TargetChoice fromString(String text) {
                return null;
            }
        }));
        list.setPlaceholder(FormParts.placeholder(texts.text("jobs.new.targets.empty")));
        list.setPrefHeight(130);
        VBox box = new VBox(4, FormParts.label(texts.text(key)), list);
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setPrefWidth(200);
        return box;
    }

    // ---- rollout and abort

    private VBox rolloutCard() {
        ToggleGroup kind = new ToggleGroup();
        RadioButton fixed = radio("job-rollout-fixed", "jobs.new.rollout.fixed", kind);
        RadioButton exponential = radio("job-rollout-exponential", "jobs.new.rollout.exponential", kind);
        exponential.selectedProperty().bindBidirectional(viewModel.exponentialProperty());
        fixed.setSelected(!viewModel.exponentialProperty().get());
        HBox kindRow = new HBox(16, FormParts.label(texts.text("jobs.new.rollout.label")), fixed, exponential);
        kindRow.setAlignment(Pos.CENTER_LEFT);

        HBox fixedRow = row(FormParts.label(texts.text("jobs.new.rollout.maxPerMinute")),
                wide(number("job-rollout-max-per-minute", viewModel.maxPerMinuteProperty(), "jobs.new.rollout.noLimit")));
        fixedRow.visibleProperty().bind(viewModel.exponentialProperty().not());
        fixedRow.managedProperty().bind(fixedRow.visibleProperty());

        ToggleGroup basis = new ToggleGroup();
        RadioButton succeeded = radio("job-raise-succeeded", "jobs.new.rollout.raiseSucceeded", basis);
        RadioButton notified = radio("job-raise-notified", "jobs.new.rollout.raiseNotified", basis);
        succeeded.selectedProperty().bindBidirectional(viewModel.raiseOnSuccessProperty());
        notified.setSelected(!viewModel.raiseOnSuccessProperty().get());
        GridPane exponentialForm = new GridPane();
        exponentialForm.getStyleClass().add("form");
        exponentialForm.addRow(0, FormParts.label(texts.text("jobs.new.rollout.baseRate")),
                number("job-rollout-base", viewModel.baseRateProperty(), null),
                FormParts.label(texts.text("jobs.new.rollout.factor")),
                number("job-rollout-factor", viewModel.factorProperty(), null),
                FormParts.label(texts.text("jobs.new.rollout.maxRate")),
                wide(number("job-rollout-max-rate", viewModel.maxRateProperty(), "jobs.new.rollout.noLimit")));
        HBox raiseRow = row(FormParts.label(texts.text("jobs.new.rollout.raiseAfter")),
                number("job-rollout-raise-after", viewModel.raiseAfterProperty(), null), succeeded, notified);
        VBox exponentialBox = new VBox(8, exponentialForm, raiseRow);
        exponentialBox.visibleProperty().bind(viewModel.exponentialProperty());
        exponentialBox.managedProperty().bind(exponentialBox.visibleProperty());

        CheckBox abort = new CheckBox();
        abort.setId("job-abort");
        abort.textProperty().bind(texts.text("jobs.new.abort.label"));
        abort.selectedProperty().bindBidirectional(viewModel.abortProperty());
        abort.setMinWidth(Region.USE_PREF_SIZE);
        HBox abortFields = row(number("job-abort-percent", viewModel.abortPercentProperty(), null),
                FormParts.label(texts.text("jobs.new.abort.percent")),
                number("job-abort-minimum", viewModel.abortMinimumProperty(), null),
                FormParts.label(texts.text("jobs.new.abort.minimum")));
        abortFields.disableProperty().bind(viewModel.abortProperty().not());
        HBox abortRow = row(abort, abortFields);
        return card("jobs.new.group.rollout", kindRow, fixedRow, exponentialBox, abortRow);
    }

    // ---- timing

    private VBox timingCard() {
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.addRow(0, FormParts.label(texts.text("jobs.new.timeout")),
                number("job-timeout", viewModel.timeoutSecondsProperty(), "jobs.new.timeout.prompt"),
                FormParts.label(texts.text("jobs.new.retries")),
                number("job-retries", viewModel.retriesProperty(), null));
        form.addRow(1, FormParts.label(texts.text("jobs.new.startAt")),
                text("job-start-at", viewModel.startAtProperty(), "jobs.new.startAt.prompt"),
                FormParts.label(texts.text("jobs.new.endAt")),
                text("job-end-at", viewModel.endAtProperty(), "jobs.new.endAt.prompt"));
        ToggleGroup end = new ToggleGroup();
        RadioButton stop = radio("job-end-stop", "jobs.new.end.stop", end);
        RadioButton cancel = radio("job-end-cancel", "jobs.new.end.cancel", end);
        cancel.selectedProperty().bindBidirectional(viewModel.cancelAtEndProperty());
        stop.setSelected(!viewModel.cancelAtEndProperty().get());
        HBox endRow = row(stop, cancel);
        form.add(FormParts.label(texts.text("jobs.new.end.label")), 0, 2);
        form.add(endRow, 1, 2, 3, 1);
        form.add(FormParts.label(texts.text("jobs.new.zone")), 0, 3);
        form.add(text("job-zone", viewModel.zoneProperty(), null), 1, 3);

        VBox windows = new VBox(6);
        windows.setId("job-windows");
        viewModel.windows().addListener((ListChangeListener<WindowRow>) change -> {
            if (structural(change)) {
                fillWindows(windows);
            }
        });
        Button add = new Button();
        add.setId("job-window-add");
        add.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        add.setGraphic(Icons.icon(Icons.ADD));
        add.textProperty().bind(texts.text("jobs.new.windows.add"));
        add.setOnAction(event -> viewModel.addWindow());
        HBox windowsHeader = row(FormParts.label(texts.text("jobs.new.windows.label")), add);
        Label windowsHint = FormParts.message(texts.text("jobs.new.windows.hint"), "hint");
        return card("jobs.new.group.timing", form, windowsHeader, windowsHint, windows);
    }

    private void fillWindows(VBox box) {
        box.getChildren().clear();
        int index = 0;
        for (WindowRow window : viewModel.windows()) {
            TextField from = text("job-window-from-" + index, window.fromProperty(), null);
            TextField to = text("job-window-to-" + index, window.toProperty(), null);
            from.getStyleClass().add("time-field");
            to.getStyleClass().add("time-field");
            Button remove = new Button();
            remove.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
            remove.setGraphic(Icons.icon(Icons.DELETE));
            remove.textProperty().bind(texts.text("jobs.new.windows.remove"));
            remove.setOnAction(event -> viewModel.removeWindow(window));
            box.getChildren().add(row(FormParts.label(texts.text("jobs.new.windows.from")), from,
                    FormParts.label(texts.text("jobs.new.windows.to")), to, remove));
            index++;
        }
    }

    // ---- parts

    private VBox card(String headingKey, Node... content) {
        VBox card = new VBox(10);
        card.getStyleClass().addAll("card", "job-form-card");
        card.getChildren().add(FormParts.heading(texts.text(headingKey)));
        card.getChildren().addAll(content);
        return card;
    }

    private RadioButton radio(String id, String key, ToggleGroup group) {
        RadioButton radio = new RadioButton();
        radio.setId(id);
        radio.textProperty().bind(texts.text(key));
        radio.setToggleGroup(group);
        radio.setMinWidth(Region.USE_PREF_SIZE);
        return radio;
    }

    private TextField number(String id, StringProperty value, String promptKey) {
        TextField field = text(id, value, promptKey);
        field.getStyleClass().add("number-field");
        return field;
    }

    /** A number field wide enough for its prompt. */
    private static TextField wide(TextField field) {
        field.getStyleClass().add("rate-field");
        return field;
    }

    private TextField text(String id, StringProperty value, String promptKey) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        if (promptKey != null) {
            field.promptTextProperty().bind(texts.text(promptKey));
        }
        return field;
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(10, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Rows were added or removed (not only a value edited, which must not rebuild the row being typed in). */
    private static boolean structural(ListChangeListener.Change<?> change) {
        while (change.next()) {
            if (change.wasAdded() || change.wasRemoved() || change.wasPermutated()) {
                return true;
            }
        }
        return false;
    }

    NewJobViewModel viewModel() {
        return viewModel;
    }
}
