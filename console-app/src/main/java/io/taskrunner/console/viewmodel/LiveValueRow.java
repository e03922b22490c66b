package io.taskrunner.console.viewmodel;

import java.time.Clock;
import java.time.Instant;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One value of one collector of the chosen agent, updated in place as readings come. A failed poll keeps the last
 * value and shows the error. The row of a collector whose first poll failed has an empty {@link #name()}.
 */
public final class LiveValueRow {
    private final String collector;
    private final String name;
    private final ObjectProperty<Object> value = new SimpleObjectProperty<>(this, "value");
    private final ObjectProperty<Instant> at = new SimpleObjectProperty<>(this, "at");
    private final StringProperty error = new SimpleStringProperty(this, "error");
    private final StringProperty unit = new SimpleStringProperty(this, "unit", "");
    private final StringBinding valueText;
    private final StringBinding timeText;
    private final StringBinding statusText;
    private final ObjectBinding<Tone> tone;

    LiveValueRow(String collector, String name, LocalizedTexts texts, Clock clock) {
        this.collector = collector;
        this.name = name;
        valueText = texts.compute(messages -> name.isEmpty() ? "" : Formats.value(value.get(), messages), value);
        timeText = texts.compute(messages -> Formats.dateTime(at.get(), clock, messages), at);
        statusText = texts.compute(messages -> error.get() == null ? messages.get("field.live.status.ok")
                : error.get(), error);
        tone = Bindings.createObjectBinding(() -> error.get() == null ? Tone.SUCCESS : Tone.DANGER, error);
    }

    void reading(Object newValue, Instant when) {
        value.set(newValue);
        at.set(when);
        error.set(null);
    }

    void failed(String reason, Instant when) {
        at.set(when);
        error.set(reason);
    }

    void unit(String newUnit) {
        unit.set(newUnit == null ? "" : newUnit);
    }

    Object value() {
        return value.get();
    }

    /** Whether the value can be charted. */
    public boolean numeric() {
        return value.get() instanceof Number;
    }

    public String collector() {
        return collector;
    }

    public String name() {
        return name;
    }

    public StringBinding valueText() {
        return valueText;
    }

    /** When the console received the last poll, today to the second. */
    public StringBinding timeText() {
        return timeText;
    }

    /** "OK", or why the last poll failed. */
    public StringBinding statusText() {
        return statusText;
    }

    public ObjectBinding<Tone> tone() {
        return tone;
    }

    public ReadOnlyStringProperty unitProperty() {
        return unit;
    }

    Observable[] observables() {
        return new Observable[] {value, at, error, unit};
    }
}
