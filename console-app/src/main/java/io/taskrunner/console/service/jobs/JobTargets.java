package io.taskrunner.console.service.jobs;

import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Which agents a job's targets mean now: the known agents (the fleet and every agent with labels) whose id, groups
 * or tags match, and every agent named by id even when the console has not seen it yet.
 */
final class JobTargets {
    private final FleetService fleet;
    private final Supplier<Map<String, AgentLabels>> labels;

    JobTargets(FleetService fleet, Supplier<Map<String, AgentLabels>> labels) {
        this.fleet = fleet;
        this.labels = labels;
    }

    /** The matching agent ids, sorted. */
    Set<String> resolve(List<Target> targets) {
        Map<String, AgentLabels> labelled = labels.get();
        Set<String> known = new TreeSet<>(labelled.keySet());
        fleet.agents().stream().map(AgentSnapshot::agentId).forEach(known::add);
        Set<String> matching = new TreeSet<>();
        for (Target target : targets) {
            if (target.type() == Target.Type.AGENT) {
                matching.add(target.value());
            }
        }
        for (String agent : known) {
            AgentLabels agentLabels = labelled.getOrDefault(agent, new AgentLabels(agent, Set.of(), Set.of()));
            if (targets.stream().anyMatch(target -> target.matches(agentLabels))) {
                matching.add(agent);
            }
        }
        return matching;
    }
}
