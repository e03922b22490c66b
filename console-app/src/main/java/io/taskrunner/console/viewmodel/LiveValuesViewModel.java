package io.taskrunner.console.viewmodel;

import io.taskrunner.console.service.field.CollectorReading;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.protocol.definition.collector.CollectorDefinition;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live values of the chosen agent's collectors: one row per collector and value name, updated in place, and the
 * recent history of the selected numeric value. Readings arrive on transport threads, possibly many a second; they
 * are only collected there (the newest per collector) and applied when the view calls {@link #flush()}, a few
 * times a second, so a fast collector cannot flood the UI thread.
 */
public final class LiveValuesViewModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveValuesViewModel.class);
    private static final Comparator<LiveValueRow> ORDER = Comparator.comparing(LiveValueRow::collector)
            .thenComparing(LiveValueRow::name);

    private final LiveValues live;
    private final ObservableStringValue agentId;
    private final LocalizedTexts texts;
    private final Clock clock;
    private final AutoCloseable subscription;

    private final Object lock = new Object();
    // guarded by lock: the newest unapplied reading of each collector of the current agent
    private final Map<String, CollectorReading> pending = new LinkedHashMap<>();
    private volatile String currentAgent;

    private final ObservableList<LiveValueRow> rows = FXCollections.observableArrayList(LiveValueRow::observables);
    private final Map<RowKey, LiveValueRow> rowsByKey = new HashMap<>();
    private final Map<String, Map<String, String>> units = new HashMap<>();
    private final ObjectProperty<LiveValueRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<ChartPoint> chart = FXCollections.observableArrayList();
    // made once: an unmodifiable view holds its source's listener weakly, so a fresh one per call can lose changes
    private final ObservableList<LiveValueRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<ChartPoint> chartView = FXCollections.unmodifiableObservableList(chart);
    private final StringBinding chartTitle;

    private record RowKey(String collector, String name) {
    }

    LiveValuesViewModel(LiveValues live, ObservableStringValue agentId, LocalizedTexts texts, Clock clock) {
        this.live = Objects.requireNonNull(live, "live");
        this.agentId = Objects.requireNonNull(agentId, "agentId");
        this.texts = Objects.requireNonNull(texts, "texts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.subscription = live.onReading(this::received);
        agentId.addListener((property, old, agent) -> showAgent(agent));
        selected.addListener((property, old, row) -> loadHistory(row));
        chartTitle = texts.compute(messages -> {
            LiveValueRow row = selected.get();
            return row == null || !row.numeric() ? messages.get("field.live.chart.none")
                    : messages.get("field.live.chart.title", row.collector() + " · " + row.name());
        }, selected, rows);
        showAgent(agentId.get());
    }

    // transport thread: keep the newest reading per collector, nothing more
    private void received(CollectorReading reading) {
        if (!reading.agentId().equals(currentAgent)) {
            return;
        }
        synchronized (lock) {
            pending.put(reading.collector(), reading);
        }
    }

    /** Applies what arrived since the last call. UI thread; returns how many readings it applied. */
    public int flush() {
        List<CollectorReading> readings;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return 0;
            }
            readings = new ArrayList<>(pending.values());
            pending.clear();
        }
        readings.forEach(this::apply);
        return readings.size();
    }

    private void showAgent(String agent) {
        synchronized (lock) {
            currentAgent = agent;
            pending.clear();
        }
        selected.set(null);
        rows.clear();
        rowsByKey.clear();
        chart.clear();
        if (agent != null) {
            live.latest(agent).forEach(this::apply);
        }
    }

    private void apply(CollectorReading reading) {
        if (!reading.agentId().equals(currentAgent)) {
            return;
        }
        boolean added = false;
        if (reading.failed()) {
            List<LiveValueRow> ofCollector = rows.stream()
                    .filter(row -> row.collector().equals(reading.collector())).toList();
            if (ofCollector.isEmpty()) {
                ofCollector = List.of(newRow(reading.collector(), ""));
                added = true;
            }
            ofCollector.forEach(row -> row.failed(reading.error(), reading.at()));
        } else {
            LiveValueRow placeholder = rowsByKey.remove(new RowKey(reading.collector(), ""));
            if (placeholder != null) {
                rows.remove(placeholder);
            }
            for (Map.Entry<String, Object> value : reading.values().entrySet()) {
                LiveValueRow row = rowsByKey.get(new RowKey(reading.collector(), value.getKey()));
                if (row == null) {
                    row = newRow(reading.collector(), value.getKey());
                    added = true;
                }
                row.reading(value.getValue(), reading.at());
                extendChart(row, reading.at());
            }
        }
        if (added) {
            FXCollections.sort(rows, ORDER);
        }
    }

    private LiveValueRow newRow(String collector, String name) {
        LiveValueRow row = new LiveValueRow(collector, name, texts, clock);
        row.unit(units.getOrDefault(collector, Map.of()).get(name));
        rowsByKey.put(new RowKey(collector, name), row);
        rows.add(row);
        return row;
    }

    private void extendChart(LiveValueRow row, Instant at) {
        if (row == selected.get() && row.value() instanceof Number number) {
            chart.add(new ChartPoint(at, number.doubleValue()));
            if (chart.size() > LiveValues.HISTORY) {
                chart.remove(0, chart.size() - LiveValues.HISTORY);
            }
        }
    }

    private void loadHistory(LiveValueRow row) {
        if (row == null || row.name().isEmpty() || currentAgent == null) {
            chart.clear();
            return;
        }
        List<ChartPoint> points = new ArrayList<>();
        for (CollectorReading reading : live.history(currentAgent, row.collector())) {
            if (reading.values().get(row.name()) instanceof Number number) {
                points.add(new ChartPoint(reading.at(), number.doubleValue()));
            }
        }
        chart.setAll(points);
    }

    /** Shows the units of the collector's register map beside its values. UI thread. */
    public void learnUnits(CollectorDefinition collector) {
        if (collector.modbus() == null) {
            return;
        }
        Map<String, String> byName = new HashMap<>();
        for (ModbusPoint point : collector.modbus().points()) {
            if (point.unit() != null) {
                byName.put(point.name(), point.unit());
            }
        }
        units.put(collector.name(), byName);
        rows.stream().filter(row -> row.collector().equals(collector.name()))
                .forEach(row -> row.unit(byName.get(row.name())));
    }

    /** A chart axis label for a time given as epoch seconds: the time of day in the console's zone. */
    public String axisTime(double epochSeconds) {
        return DateTimeFormatter.ofPattern("HH:mm:ss").withZone(clock.getZone())
                .format(Instant.ofEpochMilli(Math.round(epochSeconds * 1000)));
    }

    /** Rows sorted by collector and value name. */
    public ObservableList<LiveValueRow> rows() {
        return rowsView;
    }

    /** The row whose history the chart shows; the view binds it to the table's selection. */
    public ObjectProperty<LiveValueRow> selectedProperty() {
        return selected;
    }

    /** The selected value's recent history, oldest first; empty when it is not a number. */
    public ObservableList<ChartPoint> chart() {
        return chartView;
    }

    public StringBinding chartTitle() {
        return chartTitle;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("could not unsubscribe from live values", e);
        }
    }
}
