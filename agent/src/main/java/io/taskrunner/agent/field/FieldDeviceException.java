package io.taskrunner.agent.field;

/**
 * A field device (Modbus slave, serial port) could not be reached, answered wrongly, or was asked for something it
 * cannot do. The message is for the operator: it names the device and what went wrong, e.g.
 * {@code Modbus 10.0.0.5:502 unit 1: no answer within 3000 ms}.
 */
public class FieldDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FieldDeviceException(String message) {
        super(message);
    }

    public FieldDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
