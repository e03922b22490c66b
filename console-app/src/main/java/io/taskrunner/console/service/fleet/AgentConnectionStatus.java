package io.taskrunner.console.service.fleet;

/** Online/offline as the agent's retained state and will message say; UNKNOWN before it ever reported. */
public enum AgentConnectionStatus {
    ONLINE, OFFLINE, UNKNOWN
}
