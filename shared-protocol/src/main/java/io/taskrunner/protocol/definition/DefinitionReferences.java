package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.watchdog.RunTaskAction;
import io.taskrunner.protocol.definition.watchdog.TaskCheck;
import io.taskrunner.protocol.definition.watchdog.WatchdogRule;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether the definitions of a set that name others name ones the set has: a trigger, route, schedule, watchdog
 * rule or collector threshold its task, an SQL or backup task, a store action or a collector its datasource. Run on what an agent would run (its local definitions overridden by
 * a bundle), so a bundle that would leave a dangling name is refused whole rather than failing at the first
 * button press.
 */
public final class DefinitionReferences {
    private DefinitionReferences() {
    }

    /** @throws ProtocolException naming the first field that names a missing definition */
    public static void check(DefinitionSet set) {
        Set<String> tasks = names(set.tasks(), TaskDefinition::name);
        Set<String> datasources = names(set.datasources(), DatasourceDefinition::name);
        for (int i = 0; i < set.tasks().size(); i++) {
            TaskDefinition task = set.tasks().get(i);
            String datasource = switch (task.spec()) {
                case SqlTask sql -> sql.datasource();
                case DbBackupTask backup -> backup.datasource();
                default -> null;
            };
            require(datasources, datasource, "tasks[" + i + "].spec.datasource", "datasource");
        }
        for (int i = 0; i < set.triggers().size(); i++) {
            TriggerRule rule = set.triggers().get(i);
            require(tasks, rule.task(), "triggers[" + i + "].task", "task");
            if (rule.store() != null) {
                require(datasources, rule.store().datasource(), "triggers[" + i + "].store.datasource", "datasource");
            }
        }
        for (int i = 0; i < set.schedules().size(); i++) {
            require(tasks, set.schedules().get(i).task(), "schedules[" + i + "].task", "task");
        }
        for (int i = 0; i < set.watchdog().size(); i++) {
            WatchdogRule rule = set.watchdog().get(i);
            if (rule.check() instanceof TaskCheck check) {
                require(tasks, check.task(), "watchdog[" + i + "].check.task", "task");
            }
            for (int a = 0; a < rule.actions().size(); a++) {
                if (rule.actions().get(a) instanceof RunTaskAction run) {
                    require(tasks, run.task(), "watchdog[" + i + "].actions[" + a + "].task", "task");
                }
            }
        }
        for (int i = 0; i < set.collectors().size(); i++) {
            CollectorDefinition collector = set.collectors().get(i);
            if (collector.store() != null) {
                require(datasources, collector.store().datasource(), "collectors[" + i + "].store.datasource",
                        "datasource");
            }
            for (int t = 0; t < collector.thresholds().size(); t++) {
                require(tasks, collector.thresholds().get(t).task(), "collectors[" + i + "].thresholds[" + t
                        + "].task", "task");
            }
        }
        for (int i = 0; i < set.routes().size(); i++) {
            HttpRoute route = set.routes().get(i);
            require(tasks, route.task(), "routes[" + i + "].task", "task");
            if (route.store() != null) {
                require(datasources, route.store().datasource(), "routes[" + i + "].store.datasource", "datasource");
            }
        }
    }

    private static void require(Set<String> defined, String name, String field, String kind) {
        if (name != null && !defined.contains(name)) {
            throw new ProtocolException(field, "names " + kind + " '" + name + "', which is not defined");
        }
    }

    private static <T> Set<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).collect(Collectors.toSet());
    }
}
