package io.taskrunner.console.service.desired;

import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.DatasourceDefinition;
import io.taskrunner.protocol.definition.HttpRoute;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.TriggerRule;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The kinds of definition a desired bundle carries, with their record type and how each is named. */
public enum DefinitionKind {
    TASK(TaskDefinition.class, definition -> ((TaskDefinition) definition).name()),
    DATASOURCE(DatasourceDefinition.class, definition -> ((DatasourceDefinition) definition).name()),
    CHANNEL(ChannelDefinition.class, definition -> ((ChannelDefinition) definition).name()),
    TRIGGER(TriggerRule.class, definition -> ((TriggerRule) definition).name()),
    ROUTE(HttpRoute.class, definition -> ((HttpRoute) definition).name()),
    WATCHDOG(WatchdogRule.class, definition -> ((WatchdogRule) definition).name()),
    SCHEDULE(ScheduleDefinition.class, definition -> ((ScheduleDefinition) definition).name()),
    COLLECTOR(CollectorDefinition.class, definition -> ((CollectorDefinition) definition).name());

    private final Class<?> type;
    private final Function<Object, String> name;

    DefinitionKind(Class<?> type, Function<Object, String> name) {
        this.type = type;
        this.name = name;
    }

    public Class<?> type() {
        return type;
    }

    /** How the kind is stored: {@code task}, {@code trigger}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String nameOf(Object definition) {
        return name.apply(definition);
    }

    public static DefinitionKind of(Object definition) {
        return Arrays.stream(values()).filter(kind -> kind.type.isInstance(definition)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a definition: " + definition.getClass()));
    }

    public static Optional<DefinitionKind> fromWire(String wire) {
        return Arrays.stream(values()).filter(kind -> kind.wire().equals(wire)).findFirst();
    }
}
