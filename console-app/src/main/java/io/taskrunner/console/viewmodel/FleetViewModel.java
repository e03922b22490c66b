package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet table: one row per agent, updated in place from {@link FleetService} change events (which arrive on a
 * transport thread and are handed to the UI executor), a search filter, and a summary line.
 */
public final class FleetViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetViewModel.class);

    private final ObservableList<AgentRowViewModel> rows =
            FXCollections.observableArrayList(AgentRowViewModel::observables);
    private final Map<String, AgentRowViewModel> rowsById = new HashMap<>();
    private final FilteredList<AgentRowViewModel> visibleRows = new FilteredList<>(rows);
    private final StringProperty searchText = new SimpleStringProperty(this, "searchText", "");
    private final ObjectProperty<AgentRowViewModel> selectedAgent = new SimpleObjectProperty<>(this, "selectedAgent");
    private final IntegerBinding onlineCount;
    private final StringBinding summary;
    private final BooleanBinding canRunCommand;
    private final BooleanBinding canRemove;
    private final StringProperty actionError = new SimpleStringProperty(this, "actionError", "");
    private final FleetService fleet;
    private final Executor uiExecutor;
    private final Executor background;
    private final LocalizedTexts texts;
    private final Clock clock;
    private final AutoCloseable subscription;

    public FleetViewModel(FleetService fleet, LocalizedTexts texts, Executor uiExecutor, Clock clock) {
        this(fleet, texts, uiExecutor, command -> Thread.ofVirtual().name("fleet-action").start(command), clock);
    }

    /** @param background runs the service calls that block (removing an agent), never the UI thread */
    public FleetViewModel(FleetService fleet, LocalizedTexts texts, Executor uiExecutor, Executor background,
            Clock clock) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.background = Objects.requireNonNull(background, "background");
        this.clock = Objects.requireNonNull(clock, "clock");
        // subscribe before the first read, so no change between the two is missed
        this.subscription = fleet.onAgentChanged(snapshot -> uiExecutor.execute(() -> upsert(snapshot)));
        fleet.agents().forEach(this::upsert);

        visibleRows.predicateProperty().bind(Bindings.createObjectBinding(
                () -> row -> row.matches(searchText.get()), searchText, texts.messagesProperty()));
        onlineCount = Bindings.createIntegerBinding(
                () -> (int) rows.stream().filter(row -> row.status() == AgentConnectionStatus.ONLINE).count(), rows);
        summary = texts.compute(messages -> messages.get("fleet.summary", rows.size(), onlineCount.get()),
                rows, onlineCount);
        canRunCommand = Bindings.createBooleanBinding(
                () -> selectedAgent.get() != null && selectedAgent.get().canRunCommand(), selectedAgent, rows);
        canRemove = selectedAgent.isNotNull();
    }

    /** Adds the agent's row, or updates the existing row in place. Call on the UI thread. */
    void upsert(AgentSnapshot snapshot) {
        AgentRowViewModel row = rowsById.get(snapshot.agentId());
        if (row == null) {
            row = new AgentRowViewModel(snapshot, texts, clock);
            rowsById.put(snapshot.agentId(), row);
            rows.add(row);
        } else {
            row.update(snapshot);
        }
    }

    /** The name the fleet shows for {@code agentId}: its host name once known, else the id. UI thread. */
    public String agentName(String agentId) {
        AgentRowViewModel row = rowsById.get(agentId);
        return row == null ? agentId : row.name();
    }

    /** Every agent, in the order they became known. */
    public ObservableList<AgentRowViewModel> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The agents that match the search text. */
    public ObservableList<AgentRowViewModel> visibleRows() {
        return visibleRows;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ObjectProperty<AgentRowViewModel> selectedAgentProperty() {
        return selectedAgent;
    }

    public BooleanBinding canRemove() {
        return canRemove;
    }

    /** What the last fleet action could not do; empty when it worked. */
    public StringProperty actionErrorProperty() {
        return actionError;
    }

    /** The question to ask before removing the selected agent. UI thread. */
    public String removeQuestion() {
        AgentRowViewModel agent = selectedAgent.get();
        return agent == null ? "" : texts.messages().get("fleet.remove.question", agent.name());
    }

    /**
     * Removes the selected agent: the console revokes its certificate, the broker closes its session and refuses
     * it from now on, and its row goes. Runs the service call off the UI thread. UI thread.
     */
    public void removeSelected() {
        AgentRowViewModel agent = selectedAgent.get();
        if (agent == null) {
            return;
        }
        String agentId = agent.agentId();
        actionError.set("");
        background.execute(() -> {
            try {
                boolean removed = fleet.removeAgent(agentId);
                uiExecutor.execute(() -> {
                    if (removed) {
                        forget(agentId);
                    } else {
                        actionError.set(texts.messages().get("fleet.remove.unknown", agentId));
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("removing agent {} failed", agentId, e);
                uiExecutor.execute(() -> actionError.set(texts.messages().get("fleet.remove.failed", agentId,
                        e.getMessage())));
            }
        });
    }

    private void forget(String agentId) {
        AgentRowViewModel row = rowsById.remove(agentId);
        if (row != null) {
            rows.remove(row);
        }
    }

    /** True while the selected agent is online or offline (a command for an offline agent waits for it). */
    public BooleanBinding canRunCommand() {
        return canRunCommand;
    }

    /** "3 agents, 2 online". */
    public StringBinding summary() {
        return summary;
    }

    public IntegerBinding onlineCount() {
        return onlineCount;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe from fleet changes", e);
        }
    }
}
