package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.FieldChoices;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.ModbusTestWriteViewModel;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Modbus test write: the slave (shared with the test read), where and how the values go, the values, and what
 * the slave holds afterwards. Writing moves machines, so Test write asks first; the write runs on the agent.
 */
final class ModbusTestWritePane extends VBox {

    ModbusTestWritePane(ModbusTestWriteViewModel viewModel, LocalizedTexts texts) {
        getStyleClass().add("field-pane");
        HBox connection = new HBox();
        connection.getChildren().addAll(FieldForms.modbusConnection(viewModel.connection(), "field-write", texts));
        connection.getChildren().addAll(FieldForms.runButtons("field-write", viewModel.runningProperty(),
                viewModel.canCancel(), viewModel::cancel, viewModel.canTestWrite(), "field.testWrite.start",
                () -> confirmAndWrite(viewModel, texts, connection), texts));
        connection.getStyleClass().addAll("card", "connection-card");
        connection.setAlignment(Pos.CENTER_LEFT);

        VBox form = formCard(viewModel, texts);
        HBox.setHgrow(form, Priority.ALWAYS);
        VBox results = new VBox(FieldForms.toolbar("field.written.title", texts),
                statusRow(FieldForms.status("field-write-status", viewModel.statusText(), viewModel.tone())),
                FieldForms.valuesTable("field-written-table", viewModel.written(), "field.column.address",
                        "field.written.empty", texts));
        results.getStyleClass().addAll("card", "side-results-card");
        HBox body = new HBox(16, form, results);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(connection, body);
    }

    private static VBox formCard(ModbusTestWriteViewModel viewModel, LocalizedTexts texts) {
        GridPane grid = new GridPane();
        grid.getStyleClass().addAll("form", "field-form");
        ColumnConstraints growing = new ColumnConstraints();
        growing.setHgrow(Priority.ALWAYS);
        ColumnConstraints growingToo = new ColumnConstraints();
        growingToo.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), growing, new ColumnConstraints(), growingToo);
        grid.addRow(0, FormParts.label(texts.text("field.column.function")),
                grow(FieldForms.choice("field-write-function", "choice-field", viewModel.functionProperty(),
                        FieldChoices.writeFunctions(), FieldChoices::functionLabel, texts, false)),
                FormParts.label(texts.text("field.column.address")),
                FieldForms.text("field-write-address", "number-field", viewModel.addressProperty()));
        grid.addRow(1, FormParts.label(texts.text("field.column.dataType")),
                grow(FieldForms.choice("field-write-data-type", "choice-field", viewModel.dataTypeProperty(),
                        FieldChoices.dataTypes(), (wire, messages) -> wire, texts, false)),
                FormParts.label(texts.text("field.column.length")),
                FieldForms.text("field-write-length", "number-field", viewModel.lengthProperty()));
        grid.addRow(2, FormParts.label(texts.text("field.column.byteOrder")),
                grow(FieldForms.choice("field-write-byte-order", "choice-field", viewModel.byteOrderProperty(),
                        FieldChoices.orders(), FieldChoices::orderLabel, texts, false)),
                FormParts.label(texts.text("field.column.wordOrder")),
                grow(FieldForms.choice("field-write-word-order", "choice-field", viewModel.wordOrderProperty(),
                        FieldChoices.orders(), FieldChoices::orderLabel, texts, false)));
        grid.addRow(3, FormParts.label(texts.text("field.column.scale")),
                FieldForms.text("field-write-scale", "number-field", viewModel.scaleProperty()),
                FormParts.label(texts.text("field.column.offset")),
                FieldForms.text("field-write-offset", "number-field", viewModel.offsetProperty()));

        TextArea values = new TextArea();
        values.setId("field-write-values");
        values.getStyleClass().add("values-area");
        values.setPrefRowCount(3);
        values.setWrapText(true);
        values.textProperty().bindBidirectional(viewModel.valuesProperty());
        values.promptTextProperty().bind(texts.text("field.write.values.prompt"));
        Label valuesLabel = FormParts.label(texts.text("field.write.values.label"));
        GridPane.setValignment(valuesLabel, VPos.TOP);
        grid.add(valuesLabel, 0, 4);
        grid.add(values, 1, 4, 3, 1);
        Label hint = new Label();
        hint.getStyleClass().add("field-hint");
        hint.textProperty().bind(texts.text("field.write.values.hint"));
        hint.setWrapText(true);
        grid.add(hint, 1, 5, 3, 1);
        CheckBox verify = new CheckBox();
        verify.setId("field-write-verify");
        verify.textProperty().bind(texts.text("field.write.verify"));
        verify.selectedProperty().bindBidirectional(viewModel.verifyProperty());
        grid.add(verify, 1, 6, 3, 1);
        VBox.setVgrow(grid, Priority.ALWAYS);

        Label validation = FormParts.message(viewModel.validationMessage(), "error");
        validation.setId("field-write-validation");
        validation.setGraphic(Icons.icon(Icons.WARNING));
        VBox card = new VBox(FieldForms.toolbar("field.write.title", texts), grid, validation);
        card.getStyleClass().addAll("card", "form-card");
        return card;
    }

    private static <T extends Region> T grow(T control) {
        control.setMaxWidth(Double.MAX_VALUE);
        return control;
    }

    private static HBox statusRow(Badge status) {
        HBox row = new HBox(status);
        row.getStyleClass().add("status-row");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        return row;
    }

    /** Asks before writing: Cancel is the default button, so Enter does not write by accident. */
    private static void confirmAndWrite(ModbusTestWriteViewModel viewModel, LocalizedTexts texts, Node owner) {
        if (!viewModel.canTestWrite().get()) {
            return;
        }
        ButtonType write = new ButtonType(texts.messages().get("field.testWrite.confirm.button"),
                ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType(texts.messages().get("field.testRead.cancel"),
                ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.WARNING, viewModel.confirmationDetail().get(), cancel, write);
        if (owner.getScene() != null) {
            alert.initOwner(owner.getScene().getWindow());
        }
        alert.setTitle(texts.messages().get("field.testWrite.confirm.title"));
        alert.setHeaderText(viewModel.confirmationText().get());
        alert.getDialogPane().setId("field-write-confirmation");
        alert.getDialogPane().getStyleClass().add("write-confirmation");
        ConsoleTheme.style(alert.getDialogPane().getScene());
        ConsoleTheme.followLanguageFont(alert.getDialogPane(), texts);
        Button writeButton = (Button) alert.getDialogPane().lookupButton(write);
        writeButton.setId("field-write-confirm");
        writeButton.setDefaultButton(false);
        Button cancelButton = (Button) alert.getDialogPane().lookupButton(cancel);
        cancelButton.setId("field-write-confirm-cancel");
        cancelButton.setDefaultButton(true);
        alert.resultProperty().addListener((property, old, result) -> {
            if (result == write) {
                viewModel.testWrite();
            }
        });
        alert.show();
    }
}
