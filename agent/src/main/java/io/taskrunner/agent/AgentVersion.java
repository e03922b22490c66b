package io.taskrunner.agent;

/** The agent's version from its jar manifest; {@code dev} when run from classes. */
public final class AgentVersion {
    private AgentVersion() {
    }

    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
