package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.Tone;
import java.util.Locale;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** A rounded status pill with a coloured dot. */
final class Badge extends Label {
    private static final String[] TONE_CLASSES = {"badge-neutral", "badge-accent", "badge-success",
            "badge-warning", "badge-danger"};

    Badge() {
        getStyleClass().add("badge");
        Region dot = new Region();
        dot.getStyleClass().add("badge-dot");
        setGraphic(dot);
        setMinWidth(Region.USE_PREF_SIZE);
        tone(Tone.NEUTRAL);
    }

    void bindText(ObservableStringValue text) {
        textProperty().bind(text);
    }

    void tone(Tone tone) {
        getStyleClass().removeAll(TONE_CLASSES);
        getStyleClass().add("badge-" + tone.name().toLowerCase(Locale.ROOT));
    }
}
