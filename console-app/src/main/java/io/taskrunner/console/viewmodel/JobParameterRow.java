package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import java.util.List;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One parameter the chosen task declares, with the value the operator types; blank leaves it to its default. */
public final class JobParameterRow {
    private final ParameterSpec spec;
    private final StringProperty value = new SimpleStringProperty(this, "value", "");

    JobParameterRow(ParameterSpec spec) {
        this.spec = spec;
        if (spec.defaultValue() != null) {
            value.set(spec.defaultValue().toString());
        }
    }

    public String name() {
        return spec.name();
    }

    /** {@code int}, {@code string}, ... with a star when required. */
    public String typeText() {
        return spec.type().wire() + (spec.required() ? " *" : "");
    }

    public String description() {
        return Objects.requireNonNullElse(spec.description(), "");
    }

    /** The values to choose from: an enum's, or true/false; empty when the value is typed. */
    public List<String> choices() {
        if (spec.type() == ParameterType.ENUM) {
            return spec.values();
        }
        return spec.type() == ParameterType.BOOL ? List.of("true", "false") : List.of();
    }

    /** Masked while typing. */
    public boolean secret() {
        return spec.secret();
    }

    public StringProperty valueProperty() {
        return value;
    }

    Observable[] observables() {
        return new Observable[] {value};
    }

    /**
     * The value to send: null when blank; a number or true/false when the text is one and the type wants it; else
     * the text, which the task's declarations then refuse with a message naming the parameter.
     */
    Object typedValue() {
        String text = value.get() == null ? "" : value.get().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return switch (spec.type()) {
                case INT -> Long.valueOf(text);
                case NUMBER -> Double.valueOf(text.replace(',', '.'));
                case BOOL -> text.equalsIgnoreCase("true") ? Boolean.TRUE
                        : text.equalsIgnoreCase("false") ? Boolean.FALSE : text;
                default -> spec.type() == ParameterType.STRING || spec.type() == ParameterType.FILE
                        ? value.get() : text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
