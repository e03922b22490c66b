package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.SaveCollectorViewModel;
import io.taskrunner.console.viewmodel.SerialTestReadViewModel;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The serial test read: the port, how a frame ends and the pattern of its values, then the raw frame with the
 * values, and saving the read as a collector. Every control only binds; the read runs on the agent.
 */
final class SerialTestReadPane extends VBox {

    SerialTestReadPane(SerialTestReadViewModel viewModel, SaveCollectorViewModel save, LocalizedTexts texts) {
        getStyleClass().add("field-pane");
        HBox bottom = new HBox(16, resultsCard(viewModel, texts), new SaveCollectorCard(save, "field-serial", texts));
        HBox.setHgrow(bottom.getChildren().getFirst(), Priority.ALWAYS);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        getChildren().addAll(new SerialPortCard(viewModel.port(), "field-serial", texts), frameCard(viewModel, texts),
                bottom);
    }

    private static VBox frameCard(SerialTestReadViewModel viewModel, LocalizedTexts texts) {
        HBox ends = new HBox(
                FormParts.label(texts.text("field.serial.delimiter.label")),
                FieldForms.text("field-serial-delimiter", "delimiter-field", viewModel.delimiterProperty(),
                        texts.text("field.serial.delimiter.prompt")),
                FormParts.label(texts.text("field.serial.length.label")),
                FieldForms.text("field-serial-length", "number-field", viewModel.lengthProperty()),
                FormParts.label(texts.text("field.serial.idle.label")),
                FieldForms.text("field-serial-idle", "idle-field", viewModel.idleMillisProperty(),
                        texts.text("field.serial.idle.prompt")),
                FormParts.label(texts.text("field.timeout.label")),
                FieldForms.text("field-serial-timeout", "number-field", viewModel.timeoutMillisProperty()));
        ends.getStyleClass().add("form-row");
        ends.setAlignment(Pos.CENTER_LEFT);

        TextField pattern = FieldForms.text("field-serial-pattern", "pattern-field", viewModel.patternProperty(),
                texts.text("field.serial.pattern.prompt"));
        HBox.setHgrow(pattern, Priority.ALWAYS);
        HBox patternRow = new HBox(FormParts.label(texts.text("field.serial.pattern.label")), pattern,
                FormParts.label(texts.text("field.serial.charset.label")),
                FieldForms.text("field-serial-charset", "charset-field", viewModel.charsetProperty(),
                        texts.text("field.serial.charset.prompt")));
        patternRow.getStyleClass().add("form-row");
        patternRow.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label();
        hint.setId("field-serial-pattern-hint");
        hint.getStyleClass().add("field-hint");
        hint.textProperty().bind(texts.text("field.serial.pattern.hint"));
        hint.setWrapText(true);

        Label validation = FormParts.message(viewModel.validationMessage(), "error");
        validation.setId("field-serial-validation");
        validation.setGraphic(Icons.icon(Icons.WARNING));
        VBox card = new VBox(FieldForms.toolbar("field.serialRead.title", texts,
                FieldForms.runButtons("field-serial-read", viewModel.runningProperty(), viewModel.canCancel(),
                        viewModel::cancel, viewModel.canTestRead(), "field.testRead.start", viewModel::testRead,
                        texts).toArray(Node[]::new)),
                ends, patternRow, hint, validation);
        card.getStyleClass().addAll("card", "form-card", "frame-card");
        return card;
    }

    private static VBox resultsCard(SerialTestReadViewModel viewModel, LocalizedTexts texts) {
        TextField frame = new TextField();
        frame.setId("field-serial-frame");
        frame.getStyleClass().add("frame-field");
        frame.setEditable(false);
        frame.textProperty().bind(viewModel.frameProperty());
        frame.promptTextProperty().bind(texts.text("field.serialRead.frame.prompt"));
        HBox.setHgrow(frame, Priority.ALWAYS);
        HBox frameRow = new HBox(FormParts.label(texts.text("field.serialRead.frame.label")), frame);
        frameRow.getStyleClass().addAll("form-row", "frame-row");
        frameRow.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(
                FieldForms.toolbar("field.serialRead.results.title", texts,
                        FieldForms.status("field-serial-read-status", viewModel.statusText(), viewModel.tone())),
                frameRow,
                FieldForms.valuesTable("field-serial-values", viewModel.values(), "field.column.name",
                        "field.serialRead.results.empty", texts));
        card.getStyleClass().addAll("card", "results-card");
        return card;
    }
}
