package io.taskrunner.console.view;

import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.ModbusConnectionViewModel;
import io.taskrunner.console.viewmodel.ReadValueRow;
import io.taskrunner.console.viewmodel.Tone;
import io.taskrunner.i18n.Messages;
import java.util.List;
import java.util.function.BiFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Controls the Field devices test forms share: bound fields and choices, the run buttons, the result card. */
final class FieldForms {
    private FieldForms() {
    }

    /** A text field bound both ways to {@code property}. */
    static TextField text(String id, String styleClass, StringProperty property) {
        TextField field = new TextField();
        field.setId(id);
        field.getStyleClass().add(styleClass);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    /** A text field with a prompt in the current language. */
    static TextField text(String id, String styleClass, StringProperty property, StringBinding prompt) {
        TextField field = text(id, styleClass, property);
        field.promptTextProperty().bind(prompt);
        return field;
    }

    /**
     * A combo box of wire names bound both ways to {@code property}, each shown by {@code label} in the current
     * language; {@code editable} takes values that are not among the choices, such as an unusual baud rate.
     */
    static ComboBox<String> choice(String id, String styleClass, StringProperty property, List<String> choices,
            BiFunction<String, Messages, String> label, LocalizedTexts texts, boolean editable) {
        ComboBox<String> combo = new ComboBox<>(FXCollections.observableArrayList(choices));
        combo.setId(id);
        combo.getStyleClass().add(styleClass);
        combo.setEditable(editable);
        combo.valueProperty().bindBidirectional(property);
        combo.setConverter(new StringConverter<>() {
            @Override
            public String toString(String wire) {
                return label.apply(wire, texts.messages());
            }

            @Override
            public String fromString(String text) {
                return text == null ? null : text.strip();
            }
        });
        // cells whose text follows the language: a converter is not re-run when the language changes
        combo.setCellFactory(list -> localizedCell(label, texts));
        combo.setButtonCell(localizedCell(label, texts));
        return combo;
    }

    private static ListCell<String> localizedCell(BiFunction<String, Messages, String> label, LocalizedTexts texts) {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                textProperty().unbind();
                if (empty || item == null) {
                    setText(null);
                } else {
                    textProperty().bind(texts.compute(messages -> label.apply(item, messages)));
                }
            }
        };
    }

    /** Host, port, unit and timeout of a Modbus TCP slave with their labels, for a connection card. */
    static List<Node> modbusConnection(ModbusConnectionViewModel connection, String idPrefix, LocalizedTexts texts) {
        TextField host = text(idPrefix + "-host", "host-field", connection.hostProperty(),
                texts.text("field.host.prompt"));
        HBox.setHgrow(host, Priority.ALWAYS);
        return List.of(FormParts.label(texts.text("field.host.label")), host,
                FormParts.label(texts.text("field.port.label")),
                text(idPrefix + "-port", "port-field", connection.portProperty()),
                FormParts.label(texts.text("field.unit.label")),
                text(idPrefix + "-unit", "unit-field", connection.unitIdProperty()),
                FormParts.label(texts.text("field.timeout.label")),
                text(idPrefix + "-timeout", "timeout-field", connection.timeoutMillisProperty()));
    }

    /** The spinner, the Cancel button and the start button of a test run, for a toolbar. */
    static List<Node> runButtons(String idPrefix, ObservableBooleanValue running, ObservableBooleanValue canCancel,
            Runnable cancel, ObservableBooleanValue canStart, String startKey, Runnable start, LocalizedTexts texts) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId(idPrefix + "-progress");
        spinner.getStyleClass().add("small-spinner");
        spinner.visibleProperty().bind(running);
        spinner.managedProperty().bind(spinner.visibleProperty());

        Button cancelButton = new Button();
        cancelButton.setId(idPrefix + "-cancel-button");
        cancelButton.setGraphic(Icons.icon(Icons.STOP));
        cancelButton.textProperty().bind(texts.text("field.testRead.cancel"));
        cancelButton.setMinWidth(Region.USE_PREF_SIZE);
        cancelButton.visibleProperty().bind(running);
        cancelButton.managedProperty().bind(cancelButton.visibleProperty());
        cancelButton.disableProperty().bind(Bindings.not(canCancel));
        cancelButton.setOnAction(event -> cancel.run());

        Button startButton = new Button();
        startButton.setId(idPrefix + "-button");
        startButton.getStyleClass().add(Styles.ACCENT);
        startButton.setGraphic(Icons.icon(Icons.PLAY));
        startButton.textProperty().bind(texts.text(startKey));
        startButton.setMinWidth(Region.USE_PREF_SIZE);
        startButton.disableProperty().bind(Bindings.not(canStart));
        startButton.setOnAction(event -> start.run());
        return List.of(spinner, cancelButton, startButton);
    }

    /** A card's toolbar: its title, then whatever goes on the right. */
    static HBox toolbar(String titleKey, LocalizedTexts texts, Node... right) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, FormParts.heading(texts.text(titleKey)), spacer);
        toolbar.getChildren().addAll(right);
        toolbar.getStyleClass().add("card-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        return toolbar;
    }

    /** The status pill of a test run, coloured by its tone. */
    static Badge status(String id, StringBinding text, ObjectBinding<Tone> tone) {
        Badge status = new Badge();
        status.setId(id);
        status.bindText(text);
        status.visibleProperty().bind(text.isNotEmpty());
        status.setMaxWidth(420);
        status.setMinWidth(0);
        status.tone(tone.get() == null ? Tone.NEUTRAL : tone.get());
        tone.addListener((property, old, value) -> status.tone(value == null ? Tone.NEUTRAL : value));
        return status;
    }

    /** A two-column table of names (or addresses) and values in the current language's notation. */
    static TableView<ReadValueRow> valuesTable(String id, ObservableList<ReadValueRow> rows, String nameKey,
            String emptyKey, LocalizedTexts texts) {
        TableView<ReadValueRow> table = new TableView<>(rows);
        table.setId(id);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(placeholder(texts.text(emptyKey)));
        TableColumn<ReadValueRow, String> name = new TableColumn<>();
        name.textProperty().bind(texts.text(nameKey));
        name.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        name.getStyleClass().add("strong");
        name.setPrefWidth(150);
        TableColumn<ReadValueRow, String> value = new TableColumn<>();
        value.getStyleClass().add("value");
        value.textProperty().bind(texts.text("field.column.value"));
        value.setCellValueFactory(cell -> cell.getValue().valueText());
        value.setCellFactory(BoundTextCell.factory(ReadValueRow::valueText, "value", "strong"));
        value.setPrefWidth(150);
        table.getColumns().setAll(List.of(name, value));
        table.getColumns().forEach(column -> column.setSortable(false));
        VBox.setVgrow(table, Priority.ALWAYS);
        return table;
    }

    // a placeholder that wraps: the result cards are narrow
    private static Node placeholder(StringBinding text) {
        Label label = FormParts.placeholder(text);
        label.setWrapText(true);
        label.setMaxWidth(260);
        return label;
    }

    /** A form label followed by its control, kept together on one line. */
    static HBox labelled(StringBinding label, Node control) {
        HBox pair = new HBox(8, FormParts.label(label), control);
        pair.setAlignment(Pos.CENTER_LEFT);
        return pair;
    }
}
