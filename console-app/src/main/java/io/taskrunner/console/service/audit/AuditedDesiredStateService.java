package io.taskrunner.console.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.service.desired.AgentBundleStatus;
import io.taskrunner.console.service.desired.AgentChange;
import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.DefinitionKind;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the operator's desired-state actions (put, remove, assign, unassign, labels, deploy) to the audit log;
 * reads pass through. A definition's content is not logged, only its kind and name: datasources and channels may
 * carry secrets.
 */
public final class AuditedDesiredStateService implements DesiredStateService {
    private final DesiredStateService desired;
    private final AuditLog audit;
    private final ObjectMapper json = new ObjectMapper();

    public AuditedDesiredStateService(DesiredStateService desired, AuditLog audit) {
        this.desired = desired;
        this.audit = audit;
    }

    @Override
    public void put(Object definition) {
        DefinitionKind kind = definition == null ? null : DefinitionKind.of(definition);
        String target = kind == null ? "definition:?" : kind.wire() + ":" + kind.nameOf(definition);
        audit.perform("definition.put", target, Map.of(), () -> {
            desired.put(definition);
            return null;
        });
    }

    @Override
    public void putJson(DefinitionKind kind, String definitionJson) {
        audit.perform("definition.put", kind.wire() + ":" + nameIn(definitionJson), Map.of(), () -> {
            desired.putJson(kind, definitionJson);
            return null;
        });
    }

    @Override
    public boolean remove(DefinitionKind kind, String name) {
        return audit.perform("definition.remove", kind.wire() + ":" + name, Map.of(), () -> desired.remove(kind,
                name));
    }

    @Override
    public List<String> names(DefinitionKind kind) {
        return desired.names(kind);
    }

    @Override
    public Optional<TaskDefinition> task(String name) {
        return desired.task(name);
    }

    @Override
    public void assign(DefinitionKind kind, String name, Target target) {
        audit.perform("definition.assign", kind.wire() + ":" + name, Map.of("to", target.type().wire() + ":"
                + target.value()), () -> {
                    desired.assign(kind, name, target);
                    return null;
                });
    }

    @Override
    public void unassign(DefinitionKind kind, String name, Target target) {
        audit.perform("definition.unassign", kind.wire() + ":" + name, Map.of("from", target.type().wire() + ":"
                + target.value()), () -> {
                    desired.unassign(kind, name, target);
                    return null;
                });
    }

    @Override
    public void setLabels(String agentId, Set<String> groups, Set<String> tags) {
        audit.perform("labels.set", "agent:" + agentId, Map.of("groups", sorted(groups), "tags", sorted(tags)),
                () -> {
                    desired.setLabels(agentId, groups, tags);
                    return null;
                });
    }

    @Override
    public Map<String, AgentLabels> labels() {
        return desired.labels();
    }

    @Override
    public DefinitionSet bundleFor(String agentId) {
        return desired.bundleFor(agentId);
    }

    @Override
    public List<AgentChange> dryRun() {
        return desired.dryRun();
    }

    @Override
    public CompletableFuture<List<AgentChange>> deploy() {
        return audit.trackAsync("desired.deploy", "fleet", Map.of(), desired::deploy);
    }

    @Override
    public List<ZonedDateTime> nextFireTimes(String name, ZoneId zone, int count) {
        return desired.nextFireTimes(name, zone, count);
    }

    @Override
    public List<ZonedDateTime> nextFireTimes(ScheduleDefinition schedule, ZoneId zone, int count) {
        return desired.nextFireTimes(schedule, zone, count);
    }

    @Override
    public List<AgentBundleStatus> status() {
        return desired.status();
    }

    private String nameIn(String definitionJson) {
        try {
            JsonNode name = definitionJson == null ? null : json.readTree(definitionJson).get("name");
            return name == null || !name.isTextual() ? "?" : name.asText();
        } catch (JsonProcessingException e) {
            return "?";
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values == null ? List.of() : List.copyOf(new TreeSet<>(values));
    }
}
