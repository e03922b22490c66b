package io.taskrunner.console.service.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.HttpRoute;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.TriggerRule;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts together the definitions one agent gets, in a stable order (kind, then name) so that the same definitions
 * always give the same JSON and the same content hash.
 */
final class BundleComposer {
    private final MessageCodec codec;

    BundleComposer(MessageCodec codec) {
        this.codec = codec;
    }

    DefinitionSet compose(List<DefinitionRepository.Stored> definitions, AgentLabels agent) {
        List<TaskDefinition> tasks = new ArrayList<>();
        List<DatasourceDefinition> datasources = new ArrayList<>();
        List<ChannelDefinition> channels = new ArrayList<>();
        List<TriggerRule> triggers = new ArrayList<>();
        List<HttpRoute> routes = new ArrayList<>();
        List<WatchdogRule> watchdog = new ArrayList<>();
        List<ScheduleDefinition> schedules = new ArrayList<>();
        List<CollectorDefinition> collectors = new ArrayList<>();
        for (DefinitionRepository.Stored stored : definitions) {
            if (stored.targets().stream().noneMatch(target -> target.matches(agent))) {
                continue;
            }
            Object definition = read(stored);
            switch (stored.kind()) {
                case TASK -> tasks.add((TaskDefinition) definition);
                case DATASOURCE -> datasources.add((DatasourceDefinition) definition);
                case CHANNEL -> channels.add((ChannelDefinition) definition);
                case TRIGGER -> triggers.add((TriggerRule) definition);
                case ROUTE -> routes.add((HttpRoute) definition);
                case WATCHDOG -> watchdog.add((WatchdogRule) definition);
                case SCHEDULE -> schedules.add((ScheduleDefinition) definition);
                case COLLECTOR -> collectors.add((CollectorDefinition) definition);
            }
        }
        return new DefinitionSet(tasks, datasources, channels, triggers, routes, watchdog, schedules,
                collectors);
    }

    Object read(DefinitionRepository.Stored stored) {
        return read(stored.kind(), stored.json());
    }

    /** A definition of {@code kind} from its JSON, checked strictly; errors name the field under the kind. */
    Object read(DefinitionKind kind, String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), kind.type(), kind.wire());
    }

    String json(DefinitionSet set) {
        return write(set);
    }

    String json(Object definition) {
        return write(definition);
    }

    /**
     * The content hash of a bundle: of its definitions' JSON, and of its groups when it names any (so a bundle of an
     * agent in no group hashes as before groups existed, and is not published again for nothing).
     */
    static String hash(String json, List<String> groups) {
        return groups.isEmpty() ? hash(json) : hash(json + "\ngroups:" + String.join(",", groups));
    }

    static String hash(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code kind/name} of every definition of the set, with its JSON, and {@code group/name} of every group. */
    Map<String, String> byName(DefinitionSet set, List<String> groups) {
        Map<String, String> named = byName(set);
        groups.forEach(group -> named.put("group/" + group, group));
        return named;
    }

    /** {@code kind/name} of every definition of the set, with its JSON. */
    Map<String, String> byName(DefinitionSet set) {
        Map<String, String> named = new TreeMap<>();
        set.tasks().forEach(item -> named.put("task/" + item.name(), write(item)));
        set.datasources().forEach(item -> named.put("datasource/" + item.name(), write(item)));
        set.channels().forEach(item -> named.put("channel/" + item.name(), write(item)));
        set.triggers().forEach(item -> named.put("trigger/" + item.name(), write(item)));
        set.routes().forEach(item -> named.put("route/" + item.name(), write(item)));
        set.watchdog().forEach(item -> named.put("watchdog/" + item.name(), write(item)));
        set.schedules().forEach(item -> named.put("schedule/" + item.name(), write(item)));
        set.collectors().forEach(item -> named.put("collector/" + item.name(), write(item)));
        return named;
    }

    DefinitionSet parse(String json) {
        return codec.readValue(json.getBytes(StandardCharsets.UTF_8), DefinitionSet.class, "definitions");
    }

    private String write(Object definition) {
        try {
            return codec.mapper().writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + definition.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
