package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Who a new job is for: every agent, or the ticked agents, groups and tags; and how many known agents that means
 * now, counted the way the job service resolves targets (the fleet and every labelled agent, plus agents named by
 * id).
 */
public final class JobTargetsViewModel {
    private final BooleanProperty allAgents = new SimpleBooleanProperty(this, "allAgents");
    private final ObservableList<TargetChoice> agents = FXCollections.observableArrayList(TargetChoice::observables);
    private final ObservableList<TargetChoice> groups = FXCollections.observableArrayList(TargetChoice::observables);
    private final ObservableList<TargetChoice> tags = FXCollections.observableArrayList(TargetChoice::observables);
    private Map<String, AgentLabels> labels = Map.of();
    private Set<String> known = Set.of();
    private final IntegerBinding matchCount;
    private final StringBinding matchText;

    JobTargetsViewModel(LocalizedTexts texts) {
        matchCount = Bindings.createIntegerBinding(this::count, inputs());
        matchText = texts.compute(messages -> messages.get("jobs.new.targets.count", matchCount.get()), matchCount);
    }

    /** Fills the choices from the fleet and the agents' labels. UI thread. */
    void load(List<AgentSnapshot> fleet, Map<String, AgentLabels> agentLabels) {
        labels = Map.copyOf(agentLabels);
        Map<String, String> names = new TreeMap<>();
        agentLabels.keySet().forEach(id -> names.put(id, id));
        for (AgentSnapshot agent : fleet) {
            String host = agent.hostName() == null || agent.hostName().isBlank() ? null : agent.hostName();
            names.put(agent.agentId(), host == null || host.equals(agent.agentId()) ? agent.agentId()
                    : host + " (" + agent.agentId() + ")");
        }
        known = Set.copyOf(names.keySet());
        Set<String> groupNames = new TreeSet<>();
        Set<String> tagNames = new TreeSet<>();
        agentLabels.values().forEach(agent -> {
            groupNames.addAll(agent.groups());
            tagNames.addAll(agent.tags());
        });
        List<TargetChoice> agentChoices = new ArrayList<>();
        names.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(entry -> agentChoices.add(new TargetChoice(Target.agent(entry.getKey()), entry.getValue())));
        agents.setAll(agentChoices);
        groups.setAll(groupNames.stream().map(group -> new TargetChoice(Target.group(group), group)).toList());
        tags.setAll(tagNames.stream().map(tag -> new TargetChoice(Target.tag(tag), tag)).toList());
    }

    /** The targets as ticked: {@link Target#ALL}, or the ticked agents, groups and tags (maybe none). */
    List<Target> targets() {
        if (allAgents.get()) {
            return List.of(Target.ALL);
        }
        List<Target> targets = new ArrayList<>();
        for (List<TargetChoice> choices : List.of(agents, groups, tags)) {
            choices.stream().filter(choice -> choice.selectedProperty().get()).map(TargetChoice::target)
                    .forEach(targets::add);
        }
        return targets;
    }

    Observable[] inputs() {
        return new Observable[] {allAgents, agents, groups, tags};
    }

    private int count() {
        return matching(targets(), known, labels).size();
    }

    /** The agent ids {@code targets} mean now among the {@code known} agents. */
    static Set<String> matching(List<Target> targets, Collection<String> known, Map<String, AgentLabels> labels) {
        Set<String> matching = new TreeSet<>();
        targets.stream().filter(target -> target.type() == Target.Type.AGENT).map(Target::value)
                .forEach(matching::add);
        for (String agent : known) {
            AgentLabels agentLabels = labels.getOrDefault(agent, new AgentLabels(agent, Set.of(), Set.of()));
            if (targets.stream().anyMatch(target -> target.matches(agentLabels))) {
                matching.add(agent);
            }
        }
        return matching;
    }

    public BooleanProperty allAgentsProperty() {
        return allAgents;
    }

    public ObservableList<TargetChoice> agents() {
        return agents;
    }

    public ObservableList<TargetChoice> groups() {
        return groups;
    }

    public ObservableList<TargetChoice> tags() {
        return tags;
    }

    /** How many agents the targets match now. */
    public IntegerBinding matchCount() {
        return matchCount;
    }

    /** "Matches 3 agents now". */
    public StringBinding matchText() {
        return matchText;
    }
}
