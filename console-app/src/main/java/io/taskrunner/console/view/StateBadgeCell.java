package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.Tone;
import java.util.function.Function;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableObjectValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.TableCell;

/** A table cell showing the row's state as a coloured badge that follows the row's tone. */
final class StateBadgeCell<S, T> extends TableCell<S, T> {
    private final Function<S, ObservableStringValue> text;
    private final Function<S, ObservableObjectValue<Tone>> tone;
    private final Badge badge = new Badge();
    private final ChangeListener<Tone> toneListener = (property, old, current) -> badge.tone(current);
    private ObservableObjectValue<Tone> shownTone;

    StateBadgeCell(Function<S, ObservableStringValue> text, Function<S, ObservableObjectValue<Tone>> tone) {
        this.text = text;
        this.tone = tone;
    }

    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        badge.textProperty().unbind();
        if (shownTone != null) {
            shownTone.removeListener(toneListener);
            shownTone = null;
        }
        S row = empty ? null : BoundTextCell.rowItem(this);
        if (row == null) {
            setGraphic(null);
            return;
        }
        badge.bindText(text.apply(row));
        shownTone = tone.apply(row);
        shownTone.addListener(toneListener);
        badge.tone(shownTone.get());
        setGraphic(badge);
    }
}
