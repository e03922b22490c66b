package io.taskrunner.agent.field.serial;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.SerialWriteTask;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's serial ports, shared by tasks and collectors. One user at a time per port: others queue in arrival
 * order and give up at their own timeout. A port stays open between uses (reconfigured when a user's line settings
 * differ), so a streaming device is not reset by every read; after an I/O error, or when the device turns out to be
 * gone, it is closed and opened afresh on the next use, so re-plugging an adapter heals without an agent restart.
 *
 * <p>A user that opens the device itself, the Modbus RTU master, takes the port with {@link #hold}: it waits for the
 * task using the port, closes the line kept open here, and until released makes serial tasks on the port fail at
 * once with {@code serial port X is in use by Modbus RTU}. Failing beats queueing: the master keeps the port open
 * between its requests, so a queued task would only wait out its timeout; and a port is wired either to a Modbus
 * line or to a serial device, so mixing both on one port is a configuration mistake worth saying so.
 *
 * <p>Thread-safe. Every method blocks the calling thread (use a virtual thread); cancellation is noticed within
 * about 100 ms.
 */
public final class SerialPorts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialPorts.class);

    private final PortResolver resolver;
    private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SerialPorts() {
        this(PortResolver.system());
    }

    SerialPorts(PortResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * Reads one frame as the spec says (matching its pattern, if any), holding the port exclusively meanwhile.
     * Input that arrived before the call is discarded. Waits at most {@code spec.timeoutMillis()} for the port's
     * turn, then as long again for the frame.
     *
     * @throws FieldDeviceException naming the port: missing, busy, no (matching) frame in time, cancelled, I/O failure
     */
    public SerialFrame read(SerialReadTask spec, CancellationToken cancel) throws FieldDeviceException {
        String device = device(spec.serial());
        return withLine(spec.serial(), device, spec.timeoutMillis(), cancel,
                line -> new FrameReader(Framing.of(spec), device).read(line.input(), cancel));
    }

    /**
     * Sends data; with {@code spec.expect()} waits for and returns the matching answer frame, else returns null.
     * The answer is the first frame after the data was sent (input waiting before is discarded). Waits at most
     * {@code spec.timeoutMillis()} for the port's turn, then as long again for the answer.
     *
     * @throws UnexpectedAnswerException when the answer does not match {@code expect}
     * @throws FieldDeviceException      naming the port: missing, busy, no answer in time, cancelled, I/O failure
     */
    public SerialFrame write(SerialWriteTask spec, byte[] data, CancellationToken cancel)
            throws FieldDeviceException {
        String device = device(spec.serial());
        return withLine(spec.serial(), device, spec.timeoutMillis(), cancel, line -> {
            if (spec.expect() == null) {
                line.write(data);
                return null;
            }
            FrameReader reader = new FrameReader(Framing.answerOf(spec), device);
            reader.discardStale(line.input());
            line.write(data);
            SerialFrame answer = reader.readFrame(line.input(), cancel, false);
            Map<String, Object> values = FrameValues.match(Pattern.compile(spec.expect()), answer.text());
            if (values == null) {
                throw new UnexpectedAnswerException(device + " answered '" + answer.printable()
                        + "', which does not match " + spec.expect(), answer);
            }
            return new SerialFrame(answer.bytes(), answer.text(), values);
        });
    }

    /**
     * The device {@code settings} name, as every user of the port must key it: the real path on POSIX (symlinks
     * resolved), the port name on Windows.
     *
     * @throws FieldDeviceException naming the port when it does not exist or not exactly one USB adapter matches
     */
    public String resolve(SerialPortSettings settings) throws FieldDeviceException {
        try {
            return resolver.resolve(settings);
        } catch (FieldDeviceException e) {
            closeVanished();
            throw e;
        }
    }

    /**
     * Takes the port at {@code path} for {@code holder}, which opens the device itself, until the hold is released.
     * Waits at most {@code waitMillis} for a serial task using the port to finish, then closes the line kept open
     * for serial tasks.
     *
     * @param path   from {@link #resolve}
     * @param holder names the holder in the messages of refused serial tasks, e.g. {@code Modbus RTU}
     * @throws FieldDeviceException naming the port when it stayed busy, is already held, or the registry is closed
     */
    public PortHold hold(String path, String holder, int waitMillis) throws FieldDeviceException {
        String device = "serial port " + path;
        if (closed) {
            throw new FieldDeviceException(device + ": the agent's serial ports are closed (shutting down)");
        }
        Slot slot = slots.get(path);
        if (slot == null) {
            closeVanished();
            slot = slots.computeIfAbsent(path, Slot::new);
        }
        if (!slot.turns.await(waitMillis, () -> false)) {
            throw new FieldDeviceException(device + " busy with a serial task for " + waitMillis + " ms");
        }
        try {
            if (slot.heldBy != null) {
                throw new FieldDeviceException(device + " is in use by " + slot.heldBy);
            }
            slot.discard();
            slot.heldBy = holder;
        } finally {
            slot.turns.release();
        }
        LOG.debug("{} held by {}", device, holder);
        Slot held = slot;
        return new PortHold(path, () -> {
            held.heldBy = null;
            LOG.debug("{} released by {}", device, holder);
        });
    }

    /** Closes every open port; a read in progress ends with an error. Later calls fail. */
    @Override
    public void close() {
        closed = true;
        slots.values().forEach(Slot::discard);
    }

    private <T> T withLine(SerialPortSettings settings, String device, int waitMillis, CancellationToken cancel,
            LineWork<T> work) {
        if (closed) {
            throw new FieldDeviceException(device + ": the agent's serial ports are closed (shutting down)");
        }
        String path = resolve(settings);
        Slot slot = slots.get(path);
        if (slot == null) {
            // a device appeared under a new name, perhaps one that went away under its old name
            closeVanished();
            slot = slots.computeIfAbsent(path, Slot::new);
        }
        slot.refuseIfHeld(device);
        if (!slot.turns.await(waitMillis, cancel::isCancelled)) {
            if (cancel.isCancelled()) {
                throw new FieldDeviceException(device + ": cancelled while waiting for the port");
            }
            throw new FieldDeviceException(device + " busy with another task for " + waitMillis + " ms");
        }
        try {
            if (closed) {
                throw new FieldDeviceException(device + ": the agent's serial ports are closed (shutting down)");
            }
            // taken while this task waited for its turn
            slot.refuseIfHeld(device);
            SerialLine line = slot.ready(device, settings);
            try {
                return work.apply(line);
            } catch (IOException e) {
                slot.discard();
                throw new FieldDeviceException(device + ": the line failed (" + e.getMessage()
                        + "); was the device unplugged? The port is opened afresh on the next use", e);
            }
        } finally {
            slot.turns.release();
        }
    }

    /**
     * Closes the open lines of devices that went away and whose slots are free, so a dead handle does not hold the
     * device's old name (Linux gives a re-plugged adapter a new name while the old one is still open).
     */
    private void closeVanished() {
        slots.values().forEach(Slot::closeIfVanished);
    }

    private static String device(SerialPortSettings settings) {
        return "serial port " + settings.label();
    }

    @FunctionalInterface
    private interface LineWork<T> {
        T apply(SerialLine line) throws IOException;
    }

    /** One device: its queue and, between uses, its open line. */
    private static final class Slot {
        private final String path;
        private final PortTurns turns = new PortTurns();
        // written by the turn holder; read by close() from any thread
        private volatile SerialLine line;
        // set by hold() in a turn, cleared by PortHold.release() from any thread
        private volatile String heldBy;

        Slot(String path) {
            this.path = path;
        }

        /** The open line, configured for {@code settings}; reopened when the device went away. */
        SerialLine ready(String device, SerialPortSettings settings) {
            SerialLine current = line;
            if (current != null && !current.isHealthy()) {
                LOG.info("{} ({}) went away since its last use; reopening", device, path);
                discard();
                current = null;
            }
            if (current == null) {
                current = SerialLine.open(path, device, settings);
                line = current;
            } else {
                current.configure(settings);
            }
            return current;
        }

        void refuseIfHeld(String device) {
            String holder = heldBy;
            if (holder != null) {
                throw new FieldDeviceException(device + " is in use by " + holder);
            }
        }

        void closeIfVanished() {
            if (line == null || !turns.await(0, () -> false)) {
                return;
            }
            try {
                SerialLine current = line;
                if (current != null && !current.isHealthy()) {
                    LOG.info("Closing {}: the device went away", path);
                    discard();
                }
            } finally {
                turns.release();
            }
        }

        void discard() {
            SerialLine current = line;
            line = null;
            if (current != null) {
                current.close();
            }
        }
    }
}
