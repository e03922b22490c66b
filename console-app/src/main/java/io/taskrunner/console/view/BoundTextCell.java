package io.taskrunner.console.view;

import java.util.function.Function;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

/**
 * A table cell whose column value is for sorting and whose text is bound to a localized text of the row, so it
 * re-renders when the language or the value changes.
 */
final class BoundTextCell<S, T> extends TableCell<S, T> {
    private final Function<S, ObservableStringValue> text;

    private BoundTextCell(Function<S, ObservableStringValue> text, String... styleClasses) {
        this.text = text;
        getStyleClass().addAll(styleClasses);
    }

    static <S, T> Callback<TableColumn<S, T>, TableCell<S, T>> factory(Function<S, ObservableStringValue> text,
            String... styleClasses) {
        return column -> new BoundTextCell<>(text, styleClasses);
    }

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        textProperty().unbind();
        S row = empty ? null : rowItem(this);
        if (row == null) {
            setText(null);
        } else {
            textProperty().bind(text.apply(row));
        }
    }

    static <S> S rowItem(TableCell<S, ?> cell) {
        int index = cell.getIndex();
        var items = cell.getTableView() == null ? null : cell.getTableView().getItems();
        return items == null || index < 0 || index >= items.size() ? null : items.get(index);
    }
}
