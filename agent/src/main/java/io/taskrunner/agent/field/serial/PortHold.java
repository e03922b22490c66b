package io.taskrunner.agent.field.serial;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serial port handed by {@link SerialPorts#hold} to a user that opens the device itself (the Modbus RTU master).
 * While held, serial tasks on the port fail at once, naming the holder. Thread-safe.
 */
public final class PortHold {
    private final String path;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    PortHold(String path, Runnable release) {
        this.path = path;
        this.release = release;
    }

    /** The device held, as {@link SerialPorts#resolve} gave it. */
    public String path() {
        return path;
    }

    /** Gives the port back to serial tasks; later calls do nothing. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
