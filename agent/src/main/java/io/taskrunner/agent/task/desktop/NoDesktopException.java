package io.taskrunner.agent.task.desktop;

import io.taskrunner.agent.task.TaskException;

/** This machine cannot open a URL at all (no desktop session, no opener); the message says what is missing. */
public class NoDesktopException extends TaskException {
    private static final long serialVersionUID = 1L;

    public NoDesktopException(String message) {
        super(message);
    }
}
