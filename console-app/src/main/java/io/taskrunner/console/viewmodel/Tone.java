package io.taskrunner.console.viewmodel;

/** How a status is coloured; the view maps it to a style class. */
public enum Tone {
    NEUTRAL, ACCENT, SUCCESS, WARNING, DANGER
}
