package io.taskrunner.console.service.broker.export;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.taskrunner.console.service.broker.TopicFilter;

/** Agents and devices shared by the export tests. */
final class ExportFixtures {
    static final String HASH = "$7$101$AAAAAAAAAAAAAAAA$" + "B".repeat(86) + "==";

    private ExportFixtures() {
    }

    static BrokerRules rules() {
        return new BrokerRules(
                List.of(new AgentAccess("agent-b", Set.of()), new AgentAccess("agent-a", Set.of("line2", "line1"))),
                List.of(device("line1-button", Optional.of(HASH), List.of("factory/line1/+/button",
                                "taskrunner/v1/agents/agent-a/trigger/#"), List.of("agent-b")),
                        device("old-sensor", Optional.empty(), List.of("factory/sensors/old"), List.of())));
    }

    static DeviceAccess device(String name, Optional<String> hash, List<String> filters, List<String> adhoc) {
        return new DeviceAccess(name, filters.stream().map(filter -> TopicFilter.parseMqtt(filter, "filter")).toList(),
                adhoc, hash);
    }
}
