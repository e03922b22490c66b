package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.FieldChoices;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.SerialPortViewModel;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The serial port and its line settings. The serial test read and write each show one, bound to the same port;
 * {@code idPrefix} keeps their controls apart.
 */
final class SerialPortCard extends VBox {

    SerialPortCard(SerialPortViewModel port, String idPrefix, LocalizedTexts texts) {
        getStyleClass().addAll("card", "serial-port-card");
        TextField name = FieldForms.text(idPrefix + "-port", "serial-port-field", port.portProperty(),
                texts.text("field.serial.port.prompt"));
        HBox.setHgrow(name, Priority.ALWAYS);
        TextField usbId = FieldForms.text(idPrefix + "-usb-id", "usb-id-field", port.usbIdProperty(),
                texts.text("field.serial.usbId.prompt"));
        TextField usbSerial = FieldForms.text(idPrefix + "-usb-serial", "usb-serial-field",
                port.usbSerialProperty(), texts.text("field.serial.usbSerial.prompt"));
        HBox where = new HBox(FormParts.label(texts.text("field.serial.port.label")), name,
                FormParts.label(texts.text("field.serial.usbId.label")), usbId,
                FormParts.label(texts.text("field.serial.usbSerial.label")), usbSerial);
        where.getStyleClass().add("form-row");
        where.setAlignment(Pos.CENTER_LEFT);

        ComboBox<String> baudRate = FieldForms.choice(idPrefix + "-baud-rate", "baud-field", port.baudRateProperty(),
                FieldChoices.baudRates(), (wire, messages) -> wire, texts, true);
        ComboBox<String> dataBits = FieldForms.choice(idPrefix + "-data-bits", "bits-field",
                port.dataBitsProperty(), FieldChoices.dataBits(), (wire, messages) -> wire, texts, false);
        ComboBox<String> parity = FieldForms.choice(idPrefix + "-parity", "parity-field", port.parityProperty(),
                FieldChoices.parities(), FieldChoices::parityLabel, texts, false);
        ComboBox<String> stopBits = FieldForms.choice(idPrefix + "-stop-bits", "bits-field",
                port.stopBitsProperty(), FieldChoices.stopBits(), (wire, messages) -> wire, texts, false);
        ComboBox<String> flowControl = FieldForms.choice(idPrefix + "-flow-control", "flow-field",
                port.flowControlProperty(), FieldChoices.flowControls(), FieldChoices::flowControlLabel, texts,
                false);
        HBox line = new HBox(FormParts.label(texts.text("field.serial.baudRate.label")), baudRate,
                FormParts.label(texts.text("field.serial.dataBits.label")), dataBits,
                FormParts.label(texts.text("field.serial.parity.label")), parity,
                FormParts.label(texts.text("field.serial.stopBits.label")), stopBits,
                FormParts.label(texts.text("field.serial.flowControl.label")), flowControl);
        line.getStyleClass().add("form-row");
        line.setAlignment(Pos.CENTER_LEFT);

        Label hint = new Label();
        hint.getStyleClass().add("field-hint");
        hint.textProperty().bind(texts.text("field.serial.hint"));
        hint.setMinWidth(0);
        getChildren().addAll(FormParts.heading(texts.text("field.serial.title")), where, line, hint);
    }
}
