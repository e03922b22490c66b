package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The register map being edited: rows the operator adds, duplicates and removes, turned into checked
 * {@link ModbusPoint}s whose errors name the row ({@code points[2].address: ...}). The rows list reports changes
 * inside a row too, so a validation bound to it is recomputed as the operator types.
 */
public final class RegisterMapViewModel {
    private final ObservableList<PointRowViewModel> rows =
            FXCollections.observableArrayList(PointRowViewModel::observables);
    private final ObjectProperty<PointRowViewModel> selected = new SimpleObjectProperty<>(this, "selected");

    /** Adds a new row below the selected one (or at the end) and selects it. */
    public PointRowViewModel add() {
        return insert(new PointRowViewModel(freeName("value")));
    }

    /** Adds a copy of the selected row below it under a free name, and selects it; does nothing without one. */
    public void duplicate() {
        PointRowViewModel row = selected.get();
        if (row != null) {
            insert(row.copyAs(freeName(row.nameProperty().get())));
        }
    }

    /** Removes the selected row and selects its neighbour. */
    public void remove() {
        PointRowViewModel row = selected.get();
        int index = rows.indexOf(row);
        if (index < 0) {
            return;
        }
        rows.remove(index);
        selected.set(rows.isEmpty() ? null : rows.get(Math.min(index, rows.size() - 1)));
    }

    private PointRowViewModel insert(PointRowViewModel row) {
        int index = rows.indexOf(selected.get());
        rows.add(index < 0 ? rows.size() : index + 1, row);
        selected.set(row);
        return row;
    }

    /** {@code base}, or {@code base_2}, {@code base_3}, ... when a row is named so already. */
    private String freeName(String base) {
        String stem = base == null || base.isBlank() ? "value" : base.strip().replaceFirst("_\\d+$", "");
        Set<String> taken = new HashSet<>();
        rows.forEach(row -> taken.add(row.nameProperty().get()));
        if (!taken.contains(stem)) {
            return stem;
        }
        int suffix = 2;
        while (taken.contains(stem + "_" + suffix)) {
            suffix++;
        }
        return stem + "_" + suffix;
    }

    /**
     * The rows as checked points.
     *
     * @throws ProtocolException naming the row and field, e.g. {@code points[1].name: 'temp' is used twice}
     */
    public List<ModbusPoint> points() {
        List<ModbusPoint> points = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                points.add(rows.get(i).toPoint());
            } catch (ProtocolException e) {
                throw e.within("points[" + i + "]");
            }
        }
        return ModbusReadTask.checkPoints(points, "points");
    }

    public ObservableList<PointRowViewModel> rows() {
        return rows;
    }

    /** The row the operator selected; the view binds it both ways to the table's selection. */
    public ObjectProperty<PointRowViewModel> selectedProperty() {
        return selected;
    }
}
