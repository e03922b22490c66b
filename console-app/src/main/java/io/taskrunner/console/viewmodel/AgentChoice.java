package io.taskrunner.console.viewmodel;

/** An agent the operator can pick: its id and the name the console shows for it (its host name when known). */
public record AgentChoice(String agentId, String name) {
}
