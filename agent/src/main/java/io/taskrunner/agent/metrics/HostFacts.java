package io.taskrunner.agent.metrics;

import io.taskrunner.protocol.message.AgentState;
import io.taskrunner.protocol.message.AgentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.NetworkIF;
import oshi.software.os.OperatingSystem;

/** The host facts an agent announces in its retained online state. */
public final class HostFacts {
    private final SystemInfo system;

    public HostFacts(SystemInfo system) {
        this.system = system;
    }

    public AgentState onlineState(String agentVersion, Instant startedAt) {
        OperatingSystem os = system.getOperatingSystem();
        return new AgentState(AgentStatus.ONLINE, agentVersion, os.getNetworkParams().getHostName(),
                os.getFamily(), os.getVersionInfo().toString(), System.getProperty("os.arch"), addresses(),
                startedAt.toEpochMilli());
    }

    private List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        for (NetworkIF network : system.getHardware().getNetworkIFs(false)) {
            for (String address : network.getIPv4addr()) {
                if (!address.startsWith("127.") && addresses.size() < 16) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }
}
