package io.taskrunner.console.view;

import java.util.function.Function;
import javafx.beans.binding.DoubleBinding;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** A table cell with a progress bar and a short text beside it, both bound to the row. */
final class ProgressCell<S, T> extends TableCell<S, T> {
    private final Function<S, DoubleBinding> progress;
    private final Function<S, ObservableStringValue> text;
    private final ProgressBar bar = new ProgressBar();
    private final Label label = new Label();
    private final HBox box = new HBox(8, bar, label);

    ProgressCell(Function<S, DoubleBinding> progress, Function<S, ObservableStringValue> text) {
        this.progress = progress;
        this.text = text;
        getStyleClass().add("progress-cell");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setMinWidth(40);
        HBox.setHgrow(bar, Priority.ALWAYS);
        label.getStyleClass().add("progress-text");
        label.setMinWidth(Region.USE_PREF_SIZE);
        box.setAlignment(Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        bar.progressProperty().unbind();
        label.textProperty().unbind();
        S row = empty ? null : BoundTextCell.rowItem(this);
        if (row == null) {
            setGraphic(null);
            return;
        }
        bar.progressProperty().bind(progress.apply(row));
        label.textProperty().bind(text.apply(row));
        setGraphic(box);
    }
}
