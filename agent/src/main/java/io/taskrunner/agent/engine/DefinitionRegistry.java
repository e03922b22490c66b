package io.taskrunner.agent.engine;

import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The definitions in force: the agent's local {@code definitions.json}, overridden by name by what the console
 * sent. Readers see one consistent set; listeners hear of every change.
 */
public final class DefinitionRegistry {
    private final List<Consumer<DefinitionSet>> listeners = new CopyOnWriteArrayList<>();
    private DefinitionSet local = DefinitionSet.EMPTY;
    private DefinitionSet fromConsole = DefinitionSet.EMPTY;
    private volatile DefinitionSet current = DefinitionSet.EMPTY;

    public DefinitionSet current() {
        return current;
    }

    public Optional<TaskDefinition> task(String name) {
        return current.task(name);
    }

    /** What the agent's own {@code definitions.json} holds, before the console's bundle overrides it. */
    public synchronized DefinitionSet local() {
        return local;
    }

    public void setLocal(DefinitionSet definitions) {
        synchronized (this) {
            local = Objects.requireNonNull(definitions, "definitions");
            current = local.overriddenBy(fromConsole);
        }
        notifyListeners();
    }

    public void setFromConsole(DefinitionSet definitions) {
        synchronized (this) {
            fromConsole = Objects.requireNonNull(definitions, "definitions");
            current = local.overriddenBy(fromConsole);
        }
        notifyListeners();
    }

    public void onChange(Consumer<DefinitionSet> listener) {
        listeners.add(listener);
    }

    private void notifyListeners() {
        DefinitionSet now = current;
        listeners.forEach(listener -> listener.accept(now));
    }
}
