package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The most recent runs, newest first, kept current from {@link RunService} change events, and the structured
 * result of the selected run.
 */
public final class RunsViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunsViewModel.class);
    static final int LIMIT = 200;
    private static final Comparator<RunRowViewModel> NEWEST_FIRST = Comparator.comparing(
            (RunRowViewModel row) -> row.snapshotProperty().get().createdAt(),
            Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private final ObservableList<RunRowViewModel> rows = FXCollections.observableArrayList(RunRowViewModel::observables);
    private final Map<UUID, RunRowViewModel> rowsById = new HashMap<>();
    private final LocalizedTexts texts;
    private final UnaryOperator<String> agentNames;
    private final Clock clock;
    private final AutoCloseable subscription;
    private final ObjectProperty<RunRowViewModel> selectedRun = new SimpleObjectProperty<>(this, "selectedRun");
    private final ReadOnlyStringWrapper selectedResult = new ReadOnlyStringWrapper(this, "selectedResult", "");
    private final BooleanBinding selectedHasResult = selectedResult.isNotEmpty();

    /** @param agentNames the name to show for an agent id (its host name when known) */
    public RunsViewModel(RunService runs, UnaryOperator<String> agentNames, LocalizedTexts texts, Executor uiExecutor,
            Clock clock) {
        this.agentNames = Objects.requireNonNull(agentNames, "agentNames");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.clock = Objects.requireNonNull(clock, "clock");
        selectedRun.addListener((observable, previous, row) -> {
            selectedResult.unbind();
            if (row == null) {
                selectedResult.set("");
            } else {
                selectedResult.bind(row.resultText());
            }
        });
        this.subscription = runs.onRunChanged(run -> uiExecutor.execute(() -> upsert(run)));
        runs.recentRuns(LIMIT).forEach(this::upsert);
    }

    /** The agent's name; for a group run no agent has taken yet, the group as its target is written. */
    private String agentOf(RunSnapshot run) {
        return run.agentId() == null && run.isGroupRun() ? "group:" + run.group() : agentNames.apply(run.agentId());
    }

    void upsert(RunSnapshot run) {
        RunRowViewModel row = rowsById.get(run.runId());
        if (row != null) {
            row.update(run, agentOf(run));
            return;
        }
        row = new RunRowViewModel(run, agentOf(run), texts, clock);
        rowsById.put(run.runId(), row);
        int index = 0;
        while (index < rows.size() && NEWEST_FIRST.compare(rows.get(index), row) <= 0) {
            index++;
        }
        rows.add(index, row);
        if (rows.size() > LIMIT) {
            RunRowViewModel oldest = rows.removeLast();
            rowsById.remove(oldest.runId());
        }
    }

    /** Newest first, at most {@value #LIMIT}. */
    public ObservableList<RunRowViewModel> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The run the operator selected; the view binds it to the table's selection. */
    public ObjectProperty<RunRowViewModel> selectedRunProperty() {
        return selectedRun;
    }

    /** The selected run's structured result, indented; empty when none is selected or it has none (yet). */
    public ReadOnlyStringProperty selectedResultProperty() {
        return selectedResult.getReadOnlyProperty();
    }

    public BooleanBinding selectedHasResult() {
        return selectedHasResult;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe from run changes", e);
        }
    }
}
