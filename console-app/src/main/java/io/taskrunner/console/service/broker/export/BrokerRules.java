package io.taskrunner.console.service.broker.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.taskrunner.console.service.broker.AgentGroupDirectory;
import io.taskrunner.console.service.broker.TopicFilter;
import io.taskrunner.console.service.devices.DeviceCredential;
import io.taskrunner.console.service.devices.DeviceCredentialService;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.protocol.Topics;

/**
 * What the embedded broker enforces at one moment, as data for the exported files: the known agents with their
 * groups and the enabled device credentials. Agents and devices are sorted by name.
 *
 * @param prefix the topic prefix, e.g. {@code taskrunner}; the rules protect {@code {prefix}/v1/}
 */
public record BrokerRules(String prefix, List<AgentAccess> agents, List<DeviceAccess> devices) {
    public BrokerRules {
        prefix = new Topics(prefix).prefix();
        agents = agents.stream().sorted(Comparator.comparing(AgentAccess::agentId)).toList();
        devices = devices.stream().sorted(Comparator.comparing(DeviceAccess::name)).toList();
    }

    public BrokerRules(List<AgentAccess> agents, List<DeviceAccess> devices) {
        this(Topics.DEFAULT_PREFIX, agents, devices);
    }

    /** The tree the rules protect, e.g. {@code taskrunner/v1}. */
    public String base() {
        return base(prefix);
    }

    static String base(String prefix) {
        return prefix + "/" + Topics.VERSION;
    }

    /** The current agents, their groups and the enabled devices; disabled devices get no rules at all. */
    public static BrokerRules collect(FleetService fleet, DeviceCredentialService devices,
            AgentGroupDirectory groups) {
        List<AgentAccess> agents = new ArrayList<>();
        for (AgentSnapshot agent : fleet.agents()) {
            agents.add(new AgentAccess(agent.agentId(), groups.groupsOf(agent.agentId())));
        }
        List<DeviceAccess> enabled = new ArrayList<>();
        for (DeviceCredential device : devices.list()) {
            if (device.enabled()) {
                List<TopicFilter> filters = device.publishFilters().stream()
                        .map(filter -> TopicFilter.parseMqtt(filter, "publishFilters")).toList();
                enabled.add(new DeviceAccess(device.name(), filters, device.adhocAgents(),
                        devices.mosquittoPasswordHash(device.name())));
            }
        }
        return new BrokerRules(agents, enabled);
    }
}
