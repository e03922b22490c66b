package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.FieldChoices;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.PointRowViewModel;
import io.taskrunner.console.viewmodel.RegisterMapViewModel;
import io.taskrunner.i18n.Messages;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;

/**
 * The register map as a grid the operator types into: every cell is a field or a combo box bound both ways to its
 * row, so there is no edit mode to enter or commit and nothing typed is lost when the focus moves on.
 */
final class RegisterMapTable extends TableView<PointRowViewModel> {
    private final LocalizedTexts texts;

    RegisterMapTable(RegisterMapViewModel map, LocalizedTexts texts) {
        super(map.rows());
        this.texts = texts;
        setId("field-map-table");
        getStyleClass().add("register-map");
        setEditable(false);
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPlaceholder(FormParts.placeholder(texts.text("field.map.empty")));

        getColumns().setAll(List.of(
                textColumn("name", "field.column.name", PointRowViewModel::nameProperty, 108),
                comboColumn("function", "field.column.function", PointRowViewModel::functionProperty,
                        FieldChoices.functions(), FieldChoices::functionLabel, 146),
                textColumn("address", "field.column.address", PointRowViewModel::addressProperty, 70),
                comboColumn("dataType", "field.column.dataType", PointRowViewModel::dataTypeProperty,
                        FieldChoices.dataTypes(), (wire, messages) -> wire, 90),
                textColumn("count", "field.column.count", PointRowViewModel::countProperty, 58),
                textColumn("length", "field.column.length", PointRowViewModel::lengthProperty, 66),
                comboColumn("byteOrder", "field.column.byteOrder", PointRowViewModel::byteOrderProperty,
                        FieldChoices.orders(), FieldChoices::orderLabel, 92),
                comboColumn("wordOrder", "field.column.wordOrder", PointRowViewModel::wordOrderProperty,
                        FieldChoices.orders(), FieldChoices::orderLabel, 92),
                textColumn("scale", "field.column.scale", PointRowViewModel::scaleProperty, 62),
                textColumn("offset", "field.column.offset", PointRowViewModel::offsetProperty, 62),
                textColumn("unit", "field.column.unit", PointRowViewModel::unitProperty, 54)));
        getColumns().forEach(column -> column.setSortable(false));
        getColumns().forEach(column -> column.setReorderable(false));

        // both ways: buttons act on the selected row, and adding a row selects it
        getSelectionModel().selectedItemProperty().addListener((property, old, row) -> {
            if (row != null) {
                map.selectedProperty().set(row);
            }
        });
        map.selectedProperty().addListener((property, old, row) -> {
            if (row != null && getSelectionModel().getSelectedItem() != row) {
                getSelectionModel().select(row);
            } else if (row == null) {
                getSelectionModel().clearSelection();
            }
        });
        // combo texts come from converters, which a language switch does not re-run by itself
        texts.messagesProperty().addListener((property, old, messages) -> refresh());
    }

    private TableColumn<PointRowViewModel, String> textColumn(String id, String key,
            Function<PointRowViewModel, StringProperty> property, double width) {
        TableColumn<PointRowViewModel, String> column = column(id, key, property, width);
        column.setCellFactory(ignored -> new TextCell(property, id));
        return column;
    }

    private TableColumn<PointRowViewModel, String> comboColumn(String id, String key,
            Function<PointRowViewModel, StringProperty> property, List<String> choices,
            BiFunction<String, Messages, String> label, double width) {
        TableColumn<PointRowViewModel, String> column = column(id, key, property, width);
        column.setCellFactory(ignored -> new ComboCell(property, choices, label, id));
        return column;
    }

    private TableColumn<PointRowViewModel, String> column(String id, String key,
            Function<PointRowViewModel, StringProperty> property, double width) {
        TableColumn<PointRowViewModel, String> column = new TableColumn<>();
        column.setId("field-map-column-" + id);
        ObservableStringValue header = texts.text(key);
        column.textProperty().bind(header);
        column.setCellValueFactory(cell -> property.apply(cell.getValue()));
        column.setPrefWidth(width);
        column.setMinWidth(width);
        return column;
    }

    /** Selects the row of a cell the operator works in, so Duplicate and Remove act on it. */
    private static void selectRowOnFocus(TableCell<PointRowViewModel, String> cell, javafx.scene.Node control) {
        control.focusedProperty().addListener((property, was, focused) -> {
            if (focused && cell.getTableView() != null && cell.getIndex() >= 0) {
                cell.getTableView().getSelectionModel().select(cell.getIndex());
            }
        });
    }

    private static final class TextCell extends TableCell<PointRowViewModel, String> {
        private final Function<PointRowViewModel, StringProperty> property;
        private final TextField field = new TextField();
        private StringProperty bound;

        TextCell(Function<PointRowViewModel, StringProperty> property, String id) {
            this.property = property;
            getStyleClass().add("map-cell");
            field.getStyleClass().addAll("map-field", "map-field-" + id);
            selectRowOnFocus(this, field);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            PointRowViewModel row = empty ? null : BoundTextCell.rowItem(this);
            setText(null);
            // an edit in the row updates the list, which calls this again: rebinding would move the caret
            if (row != null && bound == property.apply(row)) {
                refreshed();
                return;
            }
            if (bound != null) {
                field.textProperty().unbindBidirectional(bound);
                bound = null;
            }
            if (row == null) {
                setGraphic(null);
                return;
            }
            bound = property.apply(row);
            field.textProperty().bindBidirectional(bound);
            setGraphic(field);
        }

        private void refreshed() {
            setGraphic(field);
        }
    }

    private final class ComboCell extends TableCell<PointRowViewModel, String> {
        private final Function<PointRowViewModel, StringProperty> property;
        private final BiFunction<String, Messages, String> label;
        private final ComboBox<String> combo;
        private StringProperty bound;

        ComboCell(Function<PointRowViewModel, StringProperty> property, List<String> choices,
                BiFunction<String, Messages, String> label, String id) {
            this.property = property;
            this.label = label;
            combo = new ComboBox<>(FXCollections.observableArrayList(choices));
            combo.getStyleClass().addAll("map-combo", "map-combo-" + id);
            combo.setMaxWidth(Double.MAX_VALUE);
            getStyleClass().add("map-cell");
            selectRowOnFocus(this, combo);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            PointRowViewModel row = empty ? null : BoundTextCell.rowItem(this);
            setText(null);
            // an edit in the row updates the list, which calls this again: rebinding would move the caret
            if (row != null && bound == property.apply(row)) {
                refreshed();
                return;
            }
            if (bound != null) {
                combo.valueProperty().unbindBidirectional(bound);
                bound = null;
            }
            if (row == null) {
                setGraphic(null);
                return;
            }
            bound = property.apply(row);
            combo.valueProperty().bindBidirectional(bound);
            refreshed();
        }

        /** Shows the choices in the current language. */
        private void refreshed() {
            Messages messages = texts.messages();
            combo.setConverter(new StringConverter<>() {
                @Override
                public String toString(String wire) {
                    return label.apply(wire, messages);
                }

                @Override
                public String fromString(String text) {
                    return text;
                }
            });
            setGraphic(combo);
        }
    }
}
