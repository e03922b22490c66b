package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.AgentBundleStatus;
import io.taskrunner.console.service.desired.AgentChange;
import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Desired state that records what is stored, assigned and deployed. {@link #deploy()} answers with
 * {@link #deployResult}, or fails with {@link #deployFailure} when set; {@link #bundleFor} offers the stored
 * collectors to every agent; {@link #setLabels} keeps the groups and tags {@link #labels} answers.
 */
public final class InMemoryDesiredStateService implements DesiredStateService {
    public final List<Object> stored = new CopyOnWriteArrayList<>();
    public final List<String> assignments = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile List<AgentChange> deployResult = List.of();
    public volatile RuntimeException deployFailure;
    public volatile RuntimeException putFailure;
    private final Map<String, AgentLabels> labels = new ConcurrentHashMap<>();

    @Override
    public void put(Object definition) {
        calls.add("put");
        if (putFailure != null) {
            throw putFailure;
        }
        stored.add(definition);
    }

    @Override
    public void putJson(DefinitionKind kind, String json) {
        throw new UnsupportedOperationException("not used by the UI");
    }

    @Override
    public boolean remove(DefinitionKind kind, String name) {
        return stored.removeIf(definition -> DefinitionKind.of(definition) == kind
                && kind.nameOf(definition).equals(name));
    }

    @Override
    public List<String> names(DefinitionKind kind) {
        return stored.stream().filter(definition -> DefinitionKind.of(definition) == kind).map(kind::nameOf)
                .sorted().toList();
    }

    @Override
    public Optional<TaskDefinition> task(String name) {
        return stored.stream().filter(TaskDefinition.class::isInstance).map(TaskDefinition.class::cast)
                .filter(task -> task.name().equals(name)).findFirst();
    }

    @Override
    public void assign(DefinitionKind kind, String name, Target target) {
        calls.add("assign");
        assignments.add(kind.wire() + "/" + name + " -> " + target.type().wire() + ":" + target.value());
    }

    @Override
    public void unassign(DefinitionKind kind, String name, Target target) {
        assignments.remove(kind.wire() + "/" + name + " -> " + target.type().wire() + ":" + target.value());
    }

    @Override
    public void setLabels(String agentId, Set<String> groups, Set<String> tags) {
        labels.put(agentId, new AgentLabels(agentId, groups, tags));
    }

    @Override
    public Map<String, AgentLabels> labels() {
        return Map.copyOf(labels);
    }

    @Override
    public DefinitionSet bundleFor(String agentId) {
        List<CollectorDefinition> collectors = stored.stream().filter(CollectorDefinition.class::isInstance)
                .map(CollectorDefinition.class::cast).toList();
        return new DefinitionSet(null, null, null, null, null, null, null, collectors);
    }

    @Override
    public List<AgentChange> dryRun() {
        return deployResult;
    }

    @Override
    public CompletableFuture<List<AgentChange>> deploy() {
        calls.add("deploy");
        if (deployFailure != null) {
            return CompletableFuture.failedFuture(deployFailure);
        }
        return CompletableFuture.completedFuture(deployResult);
    }

    @Override
    public List<ZonedDateTime> nextFireTimes(String name, ZoneId zone, int count) {
        return List.of();
    }

    @Override
    public List<ZonedDateTime> nextFireTimes(ScheduleDefinition schedule, ZoneId zone, int count) {
        return List.of();
    }

    @Override
    public List<AgentBundleStatus> status() {
        return List.of();
    }
}
