package io.taskrunner.console.view;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** Labels the forms of the Field devices section share. */
final class FormParts {
    private FormParts() {
    }

    /** A field's label, never shortened: Chinese labels are short, English ones must not be cut either. */
    static Label label(ObservableStringValue text) {
        Label label = new Label();
        label.getStyleClass().add("form-label");
        label.textProperty().bind(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** A card's heading. */
    static Label heading(ObservableStringValue text) {
        Label label = new Label();
        label.getStyleClass().add("card-title");
        label.textProperty().bind(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** A message line that takes no room while its text is empty; {@code kind} is {@code error} or {@code hint}. */
    static Label message(ObservableStringValue text, String kind) {
        Label label = new Label();
        label.getStyleClass().addAll("message", kind);
        label.textProperty().bind(text);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.visibleProperty().bind(Bindings.createBooleanBinding(() -> !text.get().isEmpty(), text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /** A table placeholder. */
    static Label placeholder(ObservableStringValue text) {
        Label label = new Label();
        label.getStyleClass().add("table-placeholder");
        label.textProperty().bind(text);
        return label;
    }
}
