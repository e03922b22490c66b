package io.taskrunner.console.view;

import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.RunCommandViewModel;
import io.taskrunner.console.viewmodel.Tone;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A window to run one command on one agent and watch it: the form, the output as it streams in, and the result.
 * Not modal, so an operator can follow several runs; closing it stops following, the run goes on.
 */
public final class RunCommandDialog extends VBox {
    private final RunCommandViewModel viewModel;
    private final Button startButton = new Button();
    private final TextField command = new TextField();

    public RunCommandDialog(RunCommandViewModel viewModel, LocalizedTexts texts, Runnable close) {
        this.viewModel = viewModel;
        getStyleClass().add("run-dialog");

        Label title = new Label();
        title.getStyleClass().add("dialog-title");
        title.textProperty().bind(viewModel.title());

        Label offline = message(viewModel.offlineWarning(), "warning");
        offline.setGraphic(Icons.icon(Icons.WARNING));

        command.setId("run-command-field");
        command.getStyleClass().add("command-field");
        command.promptTextProperty().bind(texts.text("run.command.prompt"));
        command.textProperty().bindBidirectional(viewModel.commandProperty());

        TextField workingDir = new TextField();
        workingDir.setId("run-working-dir-field");
        workingDir.textProperty().bindBidirectional(viewModel.workingDirProperty());

        TextField timeout = new TextField();
        timeout.setId("run-timeout-field");
        timeout.getStyleClass().add("timeout-field");
        timeout.textProperty().bindBidirectional(viewModel.timeoutSecondsProperty());
        timeout.pseudoClassStateChanged(Styles.STATE_DANGER, false);
        viewModel.timeoutError().addListener((property, old, error) ->
                timeout.pseudoClassStateChanged(Styles.STATE_DANGER, !error.isEmpty()));
        viewModel.commandError().addListener((property, old, error) ->
                command.pseudoClassStateChanged(Styles.STATE_DANGER, !error.isEmpty()));

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.getColumnConstraints().addAll(new ColumnConstraints(), growing(), new ColumnConstraints(),
                new ColumnConstraints());
        form.add(formLabel(texts.text("run.command.label")), 0, 0);
        form.add(command, 1, 0, 3, 1);
        form.add(formLabel(texts.text("run.workingDir.label")), 0, 1);
        form.add(workingDir, 1, 1);
        form.add(formLabel(texts.text("run.timeout.label")), 2, 1);
        form.add(timeout, 3, 1);

        Label validation = message(viewModel.validationMessage(), "error");
        validation.setId("run-validation");

        Label outputLabel = new Label();
        outputLabel.getStyleClass().add("section-label");
        outputLabel.textProperty().bind(texts.text("run.output.label"));
        Button copy = new Button();
        copy.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        copy.setGraphic(Icons.icon(Icons.COPY));
        copy.textProperty().bind(texts.text("common.copy"));
        copy.disableProperty().bind(viewModel.outputProperty().isEmpty());
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(viewModel.outputProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Region outputSpacer = new Region();
        HBox.setHgrow(outputSpacer, Priority.ALWAYS);
        HBox outputHeader = new HBox(outputLabel, outputSpacer, copy);
        outputHeader.setAlignment(Pos.CENTER_LEFT);

        TextArea output = new TextArea();
        output.setId("run-output");
        output.getStyleClass().add("run-output");
        output.setEditable(false);
        output.setWrapText(false);
        output.textProperty().bind(viewModel.outputProperty());
        // keep the newest output in view as it streams in
        output.textProperty().addListener((property, old, text) -> output.positionCaret(text.length()));
        VBox.setVgrow(output, Priority.ALWAYS);

        Label truncated = message(viewModel.truncationText(), "warning");

        Badge result = new Badge();
        result.setId("run-result");
        result.bindText(viewModel.resultText());
        result.visibleProperty().bind(viewModel.resultText().isNotEmpty());
        result.tone(viewModel.tone().get());
        viewModel.tone().addListener((property, old, tone) -> result.tone(tone == null ? Tone.NEUTRAL : tone));

        Button cancel = new Button();
        cancel.setId("run-cancel-button");
        cancel.setGraphic(Icons.icon(Icons.STOP));
        cancel.textProperty().bind(texts.text("run.cancel"));
        cancel.disableProperty().bind(viewModel.canCancel().not());
        cancel.setOnAction(event -> viewModel.cancel());

        startButton.setId("run-start-button");
        startButton.getStyleClass().add(Styles.ACCENT);
        startButton.setGraphic(Icons.icon(Icons.PLAY));
        startButton.setDefaultButton(true);
        startButton.textProperty().bind(texts.text("run.start"));
        startButton.disableProperty().bind(viewModel.canStart().not());
        startButton.setOnAction(event -> viewModel.start());

        Button closeButton = new Button();
        closeButton.setId("run-close-button");
        closeButton.setCancelButton(true);
        closeButton.textProperty().bind(texts.text("run.close"));
        closeButton.setOnAction(event -> close.run());

        Region footerSpacer = new Region();
        HBox.setHgrow(footerSpacer, Priority.ALWAYS);
        HBox footer = new HBox(result, footerSpacer, cancel, startButton, closeButton);
        footer.getStyleClass().add("dialog-footer");

        getChildren().addAll(title, offline, form, validation, outputHeader, output, truncated, footer);
        ConsoleTheme.followLanguageFont(this, texts);
    }

    /** Opens the dialog in its own window beside {@code owner}; closing it closes {@code viewModel}. */
    public static Stage show(Window owner, RunCommandViewModel viewModel, LocalizedTexts texts) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.initModality(Modality.NONE);
        RunCommandDialog dialog = new RunCommandDialog(viewModel, texts, stage::close);
        Scene scene = new Scene(dialog, 860, 620);
        ConsoleTheme.style(scene);
        stage.setScene(scene);
        stage.setMinWidth(560);
        stage.setMinHeight(420);
        stage.titleProperty().bind(viewModel.title());
        stage.setOnHidden(event -> viewModel.close());
        stage.show();
        dialog.command.requestFocus();
        return stage;
    }

    RunCommandViewModel viewModel() {
        return viewModel;
    }

    private static ColumnConstraints growing() {
        ColumnConstraints column = new ColumnConstraints();
        column.setHgrow(Priority.ALWAYS);
        return column;
    }

    private static Label formLabel(ObservableStringValue text) {
        Label label = new Label();
        label.getStyleClass().add("form-label");
        label.textProperty().bind(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** A message line that takes no room while its text is empty. */
    private static Label message(ObservableStringValue text, String kind) {
        Label label = new Label();
        label.getStyleClass().addAll("message", kind);
        label.textProperty().bind(text);
        label.setMaxWidth(Double.MAX_VALUE);
        label.visibleProperty().bind(Bindings.createBooleanBinding(() -> !text.get().isEmpty(), text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
