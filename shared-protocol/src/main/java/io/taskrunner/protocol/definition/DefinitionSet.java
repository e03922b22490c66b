package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Tasks, datasources, channels, trigger rules, HTTP routes, watchdog rules, schedules and
 * collectors that belong together: what a desired bundle carries
 * and what an agent's local {@code definitions.json} holds. Names are unique within each list.
 */
public record DefinitionSet(
        List<TaskDefinition> tasks,
        List<DatasourceDefinition> datasources,
        List<ChannelDefinition> channels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TriggerRule> triggers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HttpRoute> routes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<WatchdogRule> watchdog,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ScheduleDefinition> schedules,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CollectorDefinition> collectors) {

    public static final DefinitionSet EMPTY = new DefinitionSet(null, null, null, null, null, null, null, null);

    public DefinitionSet {
        tasks = unique(tasks, "tasks", 10_000, TaskDefinition::name);
        datasources = unique(datasources, "datasources", 1000, DatasourceDefinition::name);
        channels = unique(channels, "channels", 1000, ChannelDefinition::name);
        triggers = unique(triggers, "triggers", 1000, TriggerRule::name);
        routes = unique(routes, "routes", 1000, HttpRoute::name);
        watchdog = unique(watchdog, "watchdog", 1000, WatchdogRule::name);
        schedules = unique(schedules, "schedules", 10_000, ScheduleDefinition::name);
        collectors = unique(collectors, "collectors", 1000, CollectorDefinition::name);
    }

    public DefinitionSet(List<TaskDefinition> tasks, List<DatasourceDefinition> datasources,
            List<ChannelDefinition> channels, List<TriggerRule> triggers, List<HttpRoute> routes,
            List<WatchdogRule> watchdog, List<ScheduleDefinition> schedules) {
        this(tasks, datasources, channels, triggers, routes, watchdog, schedules, null);
    }

    public DefinitionSet(List<TaskDefinition> tasks, List<DatasourceDefinition> datasources,
            List<ChannelDefinition> channels, List<TriggerRule> triggers, List<HttpRoute> routes) {
        this(tasks, datasources, channels, triggers, routes, null, null);
    }

    public DefinitionSet(List<TaskDefinition> tasks, List<DatasourceDefinition> datasources,
            List<ChannelDefinition> channels, List<TriggerRule> triggers) {
        this(tasks, datasources, channels, triggers, null);
    }

    public DefinitionSet(List<TaskDefinition> tasks, List<DatasourceDefinition> datasources,
            List<ChannelDefinition> channels) {
        this(tasks, datasources, channels, null, null);
    }

    public Optional<TaskDefinition> task(String name) {
        return tasks.stream().filter(task -> task.name().equals(name)).findFirst();
    }

    public Optional<DatasourceDefinition> datasource(String name) {
        return datasources.stream().filter(source -> source.name().equals(name)).findFirst();
    }

    public Optional<ChannelDefinition> channel(String name) {
        return channels.stream().filter(channel -> channel.name().equals(name)).findFirst();
    }

    public Optional<HttpRoute> route(String name) {
        return routes.stream().filter(route -> route.name().equals(name)).findFirst();
    }

    /** This set with every definition of {@code other} added, replacing same-named ones of this set. */
    public DefinitionSet overriddenBy(DefinitionSet other) {
        return new DefinitionSet(merge(tasks, other.tasks, TaskDefinition::name),
                merge(datasources, other.datasources, DatasourceDefinition::name),
                merge(channels, other.channels, ChannelDefinition::name),
                merge(triggers, other.triggers, TriggerRule::name),
                merge(routes, other.routes, HttpRoute::name),
                merge(watchdog, other.watchdog, WatchdogRule::name),
                merge(schedules, other.schedules, ScheduleDefinition::name),
                merge(collectors, other.collectors, CollectorDefinition::name));
    }

    private static <T> List<T> merge(List<T> base, List<T> overrides, Function<T, String> name) {
        Set<String> replaced = new HashSet<>();
        overrides.forEach(item -> replaced.add(name.apply(item)));
        return java.util.stream.Stream.concat(base.stream().filter(item -> !replaced.contains(name.apply(item))),
                overrides.stream()).toList();
    }

    private static <T> List<T> unique(List<T> items, String field, int max, Function<T, String> name) {
        if (items == null) {
            return List.of();
        }
        Check.maxSize(items, max, field);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            T item = Check.required(items.get(i), field + "[" + i + "]");
            if (!seen.add(name.apply(item))) {
                throw new ProtocolException(field + "[" + i + "].name", "'" + name.apply(item) + "' is defined twice");
            }
        }
        return List.copyOf(items);
    }
}
