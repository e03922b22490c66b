package io.taskrunner.protocol.message;

import io.taskrunner.protocol.Check;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Retained on {@code agents/{id}/state}: online/offline plus host facts. */
public record AgentState(
        @JsonProperty(required = true) AgentStatus status,
        @JsonProperty(required = true) String agentVersion,
        String hostName,
        String os,
        String osVersion,
        String arch,
        List<String> addresses,
        long startedAt) implements MessageBody {

    public AgentState {
        Check.required(status, "status");
        Check.maxLength(Check.notBlank(agentVersion, "agentVersion"), 64, "agentVersion");
        Check.maxLength(hostName, 255, "hostName");
        addresses = addresses == null ? List.of() : List.copyOf(Check.maxSize(addresses, 64, "addresses"));
    }

    public static AgentState offline(String agentVersion) {
        return new AgentState(AgentStatus.OFFLINE, agentVersion, null, null, null, null, List.of(), 0);
    }
}
