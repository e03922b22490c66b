package io.taskrunner.console.service.desired;

import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Desired state: the definitions operators edit, who gets which (all agents, an agent, a group, a tag), and the
 * signed, versioned bundle each agent is sent. Definitions are checked with the wire contract's rules on the way in;
 * errors are {@link IllegalArgumentException}s whose message starts with the field. Thread-safe.
 */
public interface DesiredStateService {

    /** Stores a definition (a {@code TaskDefinition}, {@code TriggerRule}, ...), replacing one of that kind and name. */
    void put(Object definition);

    /** Stores a definition given as the wire contract's JSON, checked strictly. */
    void putJson(DefinitionKind kind, String json);

    boolean remove(DefinitionKind kind, String name);

    /** The names of the stored definitions of {@code kind}, sorted; for choosing one (the Jobs wizard's tasks). */
    List<String> names(DefinitionKind kind);

    /** The stored task definition of that name, whoever it is assigned to; empty when there is none. */
    Optional<TaskDefinition> task(String name);

    void assign(DefinitionKind kind, String name, Target target);

    void unassign(DefinitionKind kind, String name, Target target);

    /** Replaces the groups and tags of an agent. */
    void setLabels(String agentId, Set<String> groups, Set<String> tags);

    /** The groups and tags of every agent that has any, by agent id. */
    Map<String, AgentLabels> labels();

    /** The definitions the agent would get now. */
    DefinitionSet bundleFor(String agentId);

    /** What a deployment would change on each known agent, without changing anything. */
    List<AgentChange> dryRun();

    /**
     * Publishes a new bundle version to every agent whose bundle changed (not to agents with a {@code problem});
     * completes with what changed once the broker has every bundle.
     */
    CompletableFuture<List<AgentChange>> deploy();

    /**
     * The next {@code count} fire times of the stored schedule {@code name} after now, in its own zone or, when it
     * names none, in {@code zone} (the agent's, whose clock it follows); without any agent's splay.
     *
     * @throws IllegalArgumentException when there is no such schedule or {@code count} is not 0 to 1000
     */
    List<ZonedDateTime> nextFireTimes(String name, ZoneId zone, int count);

    /** The same for a schedule being edited and not stored yet. */
    List<ZonedDateTime> nextFireTimes(ScheduleDefinition schedule, ZoneId zone, int count);

    /** Every known agent's desired and applied version. */
    List<AgentBundleStatus> status();
}
