package io.taskrunner.agent.field.serial;

import io.taskrunner.agent.field.FieldDeviceException;

/** A serial device answered, but not as {@code expect} says; the answer is kept for the run's result. */
public final class UnexpectedAnswerException extends FieldDeviceException {
    private static final long serialVersionUID = 1L;

    private final transient SerialFrame answer;

    public UnexpectedAnswerException(String message, SerialFrame answer) {
        super(message);
        this.answer = answer;
    }

    public SerialFrame answer() {
        return answer;
    }
}
