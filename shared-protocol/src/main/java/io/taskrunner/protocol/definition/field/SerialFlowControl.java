package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a serial line paces the sender: not at all, with the RTS/CTS wires, or with XON/XOFF characters. */
public enum SerialFlowControl {
    NONE, RTS_CTS, XON_XOFF;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
