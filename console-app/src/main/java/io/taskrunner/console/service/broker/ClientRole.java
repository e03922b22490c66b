package io.taskrunner.console.service.broker;

/** What kind of client an identity is; carried into the broker as a JAAS role principal. */
public enum ClientRole {
    AGENT("agent"),
    CONSOLE("console");

    private final String principalName;

    ClientRole(String principalName) {
        this.principalName = principalName;
    }

    public String principalName() {
        return principalName;
    }
}
