package io.taskrunner.agent.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;

/**
 * A Modbus TCP server. Every failed request closes the connection: a late answer would be taken for the next
 * request's.
 */
record TcpLink(String host, int port) implements MasterLink {

    @Override
    public AbstractModbusMaster open(ModbusEndpoint endpoint) throws Exception {
        ModbusTCPMaster master = new ModbusTCPMaster(host, port, endpoint.timeoutMillis(), false, false);
        try {
            master.connect();
        } catch (Exception e) {
            master.disconnect();
            throw e;
        }
        // after connect, which makes the transaction: j2mod would try 5 times, each with the full timeout
        master.setRetries(1);
        return master;
    }

    /** On the caller's thread: socket I/O on a virtual thread unmounts it, and an interrupt closes the socket. */
    @Override
    public <T> T run(AbstractModbusMaster master, int unitId, SlaveConnection.Request<T> request)
            throws ModbusException {
        return request.run(master, unitId);
    }

    @Override
    public boolean serves(ModbusEndpoint endpoint) {
        return true;
    }

    @Override
    public boolean alive(AbstractModbusMaster master) {
        return master.isConnected();
    }

    @Override
    public Failure failure(AbstractModbusMaster master, Exception e, ModbusEndpoint endpoint) {
        String reason = SlaveConnection.reason(e, endpoint);
        return new Failure(reason.startsWith("no answer") ? reason : "connection lost (" + reason + ")", true);
    }

    @Override
    public void close(AbstractModbusMaster master) {
        master.disconnect();
    }

    @Override
    public String toString() {
        return "Modbus server " + host + ":" + port;
    }
}
