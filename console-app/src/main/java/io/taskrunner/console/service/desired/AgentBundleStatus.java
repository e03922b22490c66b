package io.taskrunner.console.service.desired;

/**
 * Where one agent stands: the bundle version the console published, the one the agent runs, and why it refused the
 * newest if it did.
 *
 * @param desiredVersion 0 when nothing was published to it yet
 * @param appliedVersion 0 when it has applied none
 * @param refusedError   the agent's reason for refusing {@code refusedVersion}, or {@code null}
 */
public record AgentBundleStatus(String agentId, boolean online, long desiredVersion, long appliedVersion,
        Long refusedVersion, String refusedField, String refusedError) {

    /** The agent runs what the console wants it to. */
    public boolean inSync() {
        return appliedVersion == desiredVersion;
    }
}
