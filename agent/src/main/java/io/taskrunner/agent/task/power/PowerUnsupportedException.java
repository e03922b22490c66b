package io.taskrunner.agent.task.power;

import io.taskrunner.agent.task.TaskException;

/** This machine cannot do the requested power action at all; the message says why. */
public class PowerUnsupportedException extends TaskException {
    private static final long serialVersionUID = 1L;

    public PowerUnsupportedException(String message) {
        super(message);
    }
}
