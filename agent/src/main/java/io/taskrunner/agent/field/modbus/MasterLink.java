package io.taskrunner.agent.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;

/**
 * How a {@link SlaveConnection} reaches its slaves: a TCP server ({@link TcpLink}) or an RTU line
 * ({@link RtuLink}). Called only by the thread holding the connection's turn.
 */
interface MasterLink {

    /**
     * Opens a connected master with {@code endpoint}'s timeout, leaving nothing open when it fails.
     *
     * @throws Exception what connecting threw; its message goes to the operator
     */
    AbstractModbusMaster open(ModbusEndpoint endpoint) throws Exception;

    /**
     * Runs one request on the open master, on whatever thread suits the link.
     *
     * @throws InterruptedException when the caller was interrupted while waiting for the answer
     */
    <T> T run(AbstractModbusMaster master, int unitId, SlaveConnection.Request<T> request)
            throws ModbusException, InterruptedException;

    /** Whether the open master also serves {@code endpoint} (an RTU endpoint may bring other line settings). */
    boolean serves(ModbusEndpoint endpoint);

    /** Whether the open master can still carry requests (its socket or port has not died meanwhile). */
    boolean alive(AbstractModbusMaster master);

    /** What a failed request means for the operator, and whether the master must be closed. */
    Failure failure(AbstractModbusMaster master, Exception e, ModbusEndpoint endpoint);

    /** Closes {@code master} and lets go of whatever {@link #open} took for it. */
    void close(AbstractModbusMaster master);

    /**
     * @param reason why the request failed, e.g. {@code no answer within 3000 ms}
     * @param lost   the master is unusable (or may hand a late answer to the next request): close it
     */
    record Failure(String reason, boolean lost) {
    }
}
