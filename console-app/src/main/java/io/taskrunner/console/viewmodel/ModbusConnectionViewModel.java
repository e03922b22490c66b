package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.ProtocolException;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Modbus TCP slave the test read and the test write talk to, as the operator typed it. One instance serves
 * both forms: the slave whose registers were just read is the one the operator then writes to.
 */
public final class ModbusConnectionViewModel {
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "502");
    private final StringProperty unitId = new SimpleStringProperty(this, "unitId", "1");
    private final StringProperty timeoutMillis = new SimpleStringProperty(this, "timeoutMillis", "3000");

    /** The host as typed; the task's own check says when it is missing. */
    String host() {
        return host.get();
    }

    /** @throws ProtocolException when the port is not a whole number; 0 (502) when blank */
    int port() {
        return FormNumbers.whole(port.get(), "port");
    }

    /** @throws ProtocolException when the unit is not a whole number; {@code null} (1) when blank */
    Integer unitId() {
        return FormNumbers.optionalWhole(unitId.get(), "unitId");
    }

    /** @throws ProtocolException when the timeout is not a whole number; 0 (3000) when blank */
    int timeoutMillis() {
        return FormNumbers.whole(timeoutMillis.get(), "timeoutMillis");
    }

    /** Everything a form check depends on. */
    Observable[] observables() {
        return new Observable[] {host, port, unitId, timeoutMillis};
    }

    public StringProperty hostProperty() {
        return host;
    }

    /** Blank for the Modbus default, 502. */
    public StringProperty portProperty() {
        return port;
    }

    /** Blank for unit 1. */
    public StringProperty unitIdProperty() {
        return unitId;
    }

    /** Per request, in milliseconds; blank for 3000. */
    public StringProperty timeoutMillisProperty() {
        return timeoutMillis;
    }
}
