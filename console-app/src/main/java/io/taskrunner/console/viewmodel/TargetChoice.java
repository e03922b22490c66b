package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.Target;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** An agent, group or tag the operator can tick as a job target. */
public final class TargetChoice {
    private final Target target;
    private final String text;
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected");

    TargetChoice(Target target, String text) {
        this.target = target;
        this.text = text;
    }

    Target target() {
        return target;
    }

    /** The agent's host name and id, or the group or tag. */
    public String text() {
        return text;
    }

    public BooleanProperty selectedProperty() {
        return selected;
    }

    Observable[] observables() {
        return new Observable[] {selected};
    }

    @Override
    public String toString() {
        return text;
    }
}
