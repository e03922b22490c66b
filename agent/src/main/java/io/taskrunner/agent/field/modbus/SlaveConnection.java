package io.taskrunner.agent.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection to a Modbus server ({@code host:port}) or RTU line (a serial port), shared by every unit id
 * and caller; its {@link MasterLink} knows which. Requests take turns (a fair lock), each with its endpoint's
 * timeout; a request whose failure leaves the master unusable (for TCP: any failure but a Modbus exception) closes
 * it, and the next request connects again. Connect failures back off from 250 ms doubling to 10 s (reset by a
 * success); while backing off a request fails at once, saying when the next attempt is.
 */
final class SlaveConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveConnection.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** One Modbus request on a connected master. */
    @FunctionalInterface
    interface Request<T> {
        T run(AbstractModbusMaster master, int unitId) throws ModbusException;
    }

    private final MasterLink link;
    private final Clock clock;
    private final ReentrantLock turn = new ReentrantLock(true);
    // guarded by turn
    private AbstractModbusMaster master;
    private int connectFailures;
    private Instant nextAttempt = Instant.MIN;
    private String lastConnectError = "";
    private volatile boolean closed;

    SlaveConnection(MasterLink link, Clock clock) {
        this.link = link;
        this.clock = clock;
    }

    /**
     * Runs {@code request} when it is this caller's turn.
     *
     * @param what names what is asked for in errors, e.g. {@code holding-registers 0-3 (temperature, pressure)}
     * @throws FieldDeviceException naming the endpoint and {@code what}: no turn within the timeout, cannot
     *                              connect (or backing off), no answer, connection lost, or a Modbus exception
     */
    <T> T call(ModbusEndpoint endpoint, String what, Request<T> request) {
        String device = "Modbus " + endpoint.label() + ": ";
        try {
            if (!turn.tryLock(endpoint.timeoutMillis(), TimeUnit.MILLISECONDS)) {
                throw new FieldDeviceException(device + what + ": the slave is still busy with earlier requests after "
                        + endpoint.timeoutMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FieldDeviceException(device + what + ": interrupted while waiting for the slave", e);
        }
        try {
            AbstractModbusMaster connected = connected(endpoint, device);
            connected.setTimeout(endpoint.timeoutMillis());
            try {
                return link.run(connected, endpoint.unitId(), request);
            } catch (ModbusSlaveException e) {
                throw new FieldDeviceException(device + what + ": the slave answered with exception " + e.getType()
                        + " (" + exceptionMeaning(e.getType()) + ")", e);
            } catch (ModbusException | RuntimeException e) {
                MasterLink.Failure failure = link.failure(connected, e, endpoint);
                if (failure.lost()) {
                    disconnect();
                }
                throw new FieldDeviceException(device + what + ": " + failure.reason(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FieldDeviceException(device + what + ": interrupted while waiting for the answer", e);
            }
        } finally {
            turn.unlock();
        }
    }

    private AbstractModbusMaster connected(ModbusEndpoint endpoint, String device) {
        if (closed) {
            throw new FieldDeviceException(device + "the agent is shutting down its Modbus connections");
        }
        if (master != null && master.isConnected() && link.serves(endpoint)) {
            return master;
        }
        disconnect();
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw new FieldDeviceException(device + "not connected (" + lastConnectError + "); next attempt in "
                    + Duration.between(now, nextAttempt).toMillis() + " ms");
        }
        try {
            master = link.open(endpoint);
            connectFailures = 0;
            nextAttempt = Instant.MIN;
            LOG.debug("Connected to {}", link);
            return master;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                // the caller gave up (cancelled, timed out): no reason to hold back the next one
                throw new FieldDeviceException(device + "interrupted while connecting", e);
            }
            connectFailures++;
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(connectFailures - 1, 10));
            backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
            nextAttempt = clock.instant().plus(backoff);
            lastConnectError = reason(e, endpoint);
            LOG.debug("Cannot connect to {} ({} failures): {}", link, connectFailures, lastConnectError);
            throw new FieldDeviceException(device + "cannot connect (" + lastConnectError + "); next attempt in "
                    + backoff.toMillis() + " ms", e);
        }
    }

    /**
     * Closes the master when its socket or port died and nobody is using the connection, so an RTU line whose
     * device went away lets go of the port's name (another device may get it) without waiting for a request.
     */
    void closeIfDead() {
        if (!turn.tryLock()) {
            return;
        }
        try {
            if (master != null && !link.alive(master)) {
                LOG.info("Closing {}: it went away", link);
                disconnect();
            }
        } finally {
            turn.unlock();
        }
    }

    /** Closes the connection; the next request opens a new one. */
    void close() {
        closed = true;
        turn.lock();
        try {
            disconnect();
        } finally {
            turn.unlock();
        }
    }

    private void disconnect() {
        if (master != null) {
            AbstractModbusMaster open = master;
            master = null;
            link.close(open);
        }
    }

    /** The root cause in words; {@code no answer within N ms} for any timeout. */
    static String reason(Throwable e, ModbusEndpoint endpoint) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (cause instanceof SocketTimeoutException || message.contains("timed out")
                    || message.contains("timeout")) {
                return "no answer within " + endpoint.timeoutMillis() + " ms";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** The standard meaning of a Modbus exception code. */
    static String exceptionMeaning(int code) {
        return switch (code) {
            case 1 -> "illegal function: the slave does not support this request";
            case 2 -> "illegal data address: the slave has no such address";
            case 3 -> "illegal data value";
            case 4 -> "slave device failure";
            case 5 -> "acknowledge: the slave is still working on it";
            case 6 -> "slave device busy";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target device failed to respond";
            default -> "unknown exception code";
        };
    }
}
