package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.TimeWindow;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One maintenance window of a new job: daily from a time of day to another ({@code 22:00} to {@code 05:00}). */
public final class WindowRow {
    private final StringProperty from = new SimpleStringProperty(this, "from", "22:00");
    private final StringProperty to = new SimpleStringProperty(this, "to", "05:00");

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    Observable[] observables() {
        return new Observable[] {from, to};
    }

    /** The window, checked; an {@link IllegalArgumentException} naming {@code field} (and from or to) otherwise. */
    TimeWindow window(String field) {
        try {
            return new TimeWindow(List.of(), strip(from.get()), strip(to.get()));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(field + "." + e.getMessage(), e);
        }
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }
}
