package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an agent is connected; the agent's will message sets {@link #OFFLINE}. */
public enum AgentStatus {
    ONLINE, OFFLINE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
