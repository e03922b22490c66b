package io.taskrunner.agent.watchdog;

/** Where a watchdog rule stands. */
public enum RuleHealth {
    /** The last check passed, or the supervised program runs. */
    HEALTHY,
    /** The last check failed (the ladder may be climbing). */
    FAILING,
    /** The supervised program ended and waits for its restart (backoff). */
    RESTARTING,
    /** The restart budget is spent: the program stays down until the rule changes or the agent restarts. */
    GIVEN_UP,
    /** Not checked yet. */
    UNKNOWN
}
