package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.SerialTestWriteViewModel;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The serial test write: the port (shared with the serial test read), the command, and the device's answer. */
final class SerialTestWritePane extends VBox {

    SerialTestWritePane(SerialTestWriteViewModel viewModel, LocalizedTexts texts) {
        getStyleClass().add("field-pane");
        VBox results = resultsCard(viewModel, texts);
        VBox.setVgrow(results, Priority.ALWAYS);
        getChildren().addAll(new SerialPortCard(viewModel.port(), "field-serial-write", texts),
                commandCard(viewModel, texts), results);
    }

    private static VBox commandCard(SerialTestWriteViewModel viewModel, LocalizedTexts texts) {
        TextField data = FieldForms.text("field-serial-write-data", "data-field", viewModel.dataProperty(),
                texts.text("field.serialWrite.data.prompt"));
        HBox.setHgrow(data, Priority.ALWAYS);
        CheckBox hex = new CheckBox();
        hex.setId("field-serial-write-hex");
        hex.textProperty().bind(texts.text("field.serialWrite.hex"));
        hex.selectedProperty().bindBidirectional(viewModel.hexProperty());
        hex.setMinWidth(Region.USE_PREF_SIZE);
        HBox dataRow = row(FormParts.label(texts.text("field.serialWrite.data.label")), data, hex);

        TextField expect = FieldForms.text("field-serial-write-expect", "pattern-field", viewModel.expectProperty(),
                texts.text("field.serialWrite.expect.prompt"));
        HBox.setHgrow(expect, Priority.ALWAYS);
        HBox answerRow = row(FormParts.label(texts.text("field.serialWrite.expect.label")), expect,
                FormParts.label(texts.text("field.serialWrite.answerDelimiter.label")),
                FieldForms.text("field-serial-write-delimiter", "delimiter-field",
                        viewModel.answerDelimiterProperty(), texts.text("field.serial.delimiter.prompt")),
                FormParts.label(texts.text("field.timeout.label")),
                FieldForms.text("field-serial-write-timeout", "number-field", viewModel.timeoutMillisProperty()));

        Label validation = FormParts.message(viewModel.validationMessage(), "error");
        validation.setId("field-serial-write-validation");
        validation.setGraphic(Icons.icon(Icons.WARNING));
        VBox card = new VBox(FieldForms.toolbar("field.serialWrite.title", texts,
                FieldForms.runButtons("field-serial-write", viewModel.runningProperty(), viewModel.canCancel(),
                        viewModel::cancel, viewModel.canTestWrite(), "field.testWrite.start", viewModel::testWrite,
                        texts).toArray(Node[]::new)),
                dataRow, answerRow, validation);
        card.getStyleClass().addAll("card", "form-card");
        return card;
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(nodes);
        row.getStyleClass().add("form-row");
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static VBox resultsCard(SerialTestWriteViewModel viewModel, LocalizedTexts texts) {
        TextField answer = new TextField();
        answer.setId("field-serial-answer");
        answer.getStyleClass().add("frame-field");
        answer.setEditable(false);
        answer.textProperty().bind(viewModel.answerProperty());
        answer.promptTextProperty().bind(texts.text("field.serialWrite.answer.prompt"));
        HBox.setHgrow(answer, Priority.ALWAYS);
        HBox answerRow = row(FormParts.label(texts.text("field.serialWrite.answer.label")), answer);
        answerRow.getStyleClass().add("frame-row");
        VBox card = new VBox(
                FieldForms.toolbar("field.serialWrite.results.title", texts,
                        FieldForms.status("field-serial-write-status", viewModel.statusText(), viewModel.tone())),
                answerRow,
                FieldForms.valuesTable("field-serial-answer-values", viewModel.values(), "field.column.name",
                        "field.serialRead.results.empty", texts));
        card.getStyleClass().addAll("card", "results-card", "answer-card");
        return card;
    }
}
