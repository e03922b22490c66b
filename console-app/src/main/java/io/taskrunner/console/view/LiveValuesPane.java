package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.ChartPoint;
import io.taskrunner.console.viewmodel.LiveValueRow;
import io.taskrunner.console.viewmodel.LiveValuesViewModel;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * The chosen agent's live values and the history of the selected one. Readings are applied four times a second
 * while the pane is shown, however often they arrive.
 */
final class LiveValuesPane extends VBox {
    /** How often collected readings are applied to the table. */
    static final Duration REFRESH = Duration.millis(250);

    private final Timeline refresh;

    LiveValuesPane(LiveValuesViewModel viewModel, LocalizedTexts texts) {
        getStyleClass().add("field-pane");
        refresh = new Timeline(new KeyFrame(REFRESH, event -> viewModel.flush()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        // tick only while shown: readings of a hidden pane wait, the newest per collector
        sceneProperty().addListener((property, old, scene) -> {
            if (scene == null) {
                refresh.stop();
            } else {
                viewModel.flush();
                refresh.play();
            }
        });

        TableView<LiveValueRow> table = table(viewModel, texts);
        VBox tableCard = new VBox(table);
        tableCard.getStyleClass().add("card");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox.setVgrow(tableCard, Priority.ALWAYS);
        getChildren().addAll(tableCard, chartCard(viewModel, texts));
    }

    private static TableView<LiveValueRow> table(LiveValuesViewModel viewModel, LocalizedTexts texts) {
        TableView<LiveValueRow> table = new TableView<>(viewModel.rows());
        table.setId("field-live-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(FormParts.placeholder(texts.text("field.live.empty")));

        TableColumn<LiveValueRow, String> collector = new TableColumn<>();
        collector.textProperty().bind(texts.text("field.live.column.collector"));
        collector.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().collector()));
        collector.getStyleClass().add("muted");
        collector.setPrefWidth(150);
        TableColumn<LiveValueRow, String> name = new TableColumn<>();
        name.textProperty().bind(texts.text("field.column.name"));
        name.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        name.getStyleClass().add("strong");
        name.setPrefWidth(150);
        TableColumn<LiveValueRow, String> value = new TableColumn<>();
        value.getStyleClass().add("value");
        value.textProperty().bind(texts.text("field.column.value"));
        value.setCellValueFactory(cell -> cell.getValue().valueText());
        value.setCellFactory(BoundTextCell.factory(LiveValueRow::valueText, "value", "strong"));
        value.setPrefWidth(130);
        TableColumn<LiveValueRow, String> unit = new TableColumn<>();
        unit.textProperty().bind(texts.text("field.column.unit"));
        unit.setCellValueFactory(cell -> cell.getValue().unitProperty());
        unit.setPrefWidth(70);
        TableColumn<LiveValueRow, String> time = new TableColumn<>();
        time.textProperty().bind(texts.text("field.live.column.time"));
        time.setCellValueFactory(cell -> cell.getValue().timeText());
        time.setCellFactory(BoundTextCell.factory(LiveValueRow::timeText, "muted"));
        time.setPrefWidth(120);
        TableColumn<LiveValueRow, String> status = new TableColumn<>();
        status.textProperty().bind(texts.text("field.live.column.status"));
        status.setCellValueFactory(cell -> cell.getValue().statusText());
        status.setCellFactory(column -> new StatusCell());
        status.setPrefWidth(240);

        table.getColumns().setAll(List.of(collector, name, value, unit, time, status));
        table.getColumns().forEach(column -> column.setSortable(false));
        table.getSelectionModel().selectedItemProperty().addListener(
                (property, old, row) -> viewModel.selectedProperty().set(row));
        return table;
    }

    private static VBox chartCard(LiveValuesViewModel viewModel, LocalizedTexts texts) {
        NumberAxis time = new NumberAxis();
        time.setForceZeroInRange(false);
        time.setAutoRanging(true);
        time.setMinorTickVisible(false);
        time.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return viewModel.axisTime(seconds.doubleValue());
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        NumberAxis values = new NumberAxis();
        values.setForceZeroInRange(false);
        values.setMinorTickVisible(false);
        LineChart<Number, Number> chart = new LineChart<>(time, values);
        chart.setId("field-live-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        chart.getData().add(series);
        series.getData().setAll(viewModel.chart().stream().map(LiveValuesPane::data).toList());
        viewModel.chart().addListener((ListChangeListener<ChartPoint>) change -> {
            while (change.next()) {
                if (change.wasRemoved()) {
                    series.getData().remove(change.getFrom(), change.getFrom() + change.getRemovedSize());
                }
                if (change.wasAdded()) {
                    series.getData().addAll(change.getFrom(),
                            change.getAddedSubList().stream().map(LiveValuesPane::data).toList());
                }
            }
        });
        VBox.setVgrow(chart, Priority.ALWAYS);

        VBox card = new VBox(FormParts.heading(viewModel.chartTitle()), chart);
        card.setId("field-chart-card");
        card.getStyleClass().addAll("card", "chart-card");
        return card;
    }

    private static XYChart.Data<Number, Number> data(ChartPoint point) {
        return new XYChart.Data<>(point.at().toEpochMilli() / 1000.0, point.value());
    }

    /** "OK" in green, or the error of the last poll in red. */
    private static final class StatusCell extends TableCell<LiveValueRow, String> {
        private final Badge badge = new Badge();
        private final Tooltip tooltip = new Tooltip();

        StatusCell() {
            setAlignment(Pos.CENTER_LEFT);
            badge.setMinWidth(0);
            // a long error is cut in the cell; the tooltip shows all of it
            tooltip.textProperty().bind(badge.textProperty());
            badge.setTooltip(tooltip);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            badge.textProperty().unbind();
            LiveValueRow row = empty ? null : BoundTextCell.rowItem(this);
            setText(null);
            if (row == null) {
                setGraphic(null);
                return;
            }
            badge.bindText(row.statusText());
            badge.tone(row.tone().get());
            setGraphic(badge);
        }
    }
}
