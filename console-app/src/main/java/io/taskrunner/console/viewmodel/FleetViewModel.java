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
    private final LocalizedTexts texts;
    private final Clock clock;
    private final AutoCloseable subscription;

    public FleetViewModel(FleetService fleet, LocalizedTexts texts, Executor uiExecutor, Clock clock) {
        this.texts = Objects.requireNonNull(texts, "texts");
        Objects.requireNonNull(uiExecutor, "uiExecutor");
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
