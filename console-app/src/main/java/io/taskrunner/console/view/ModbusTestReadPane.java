package io.taskrunner.console.view;

import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.ModbusTestReadViewModel;
import io.taskrunner.console.viewmodel.ReadValueRow;
import io.taskrunner.console.viewmodel.RegisterMapViewModel;
import io.taskrunner.console.viewmodel.SaveCollectorViewModel;
import io.taskrunner.console.viewmodel.Tone;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Modbus TCP slave, its register map, the test read with its values, and saving the map as a collector. Every
 * control only binds to the view-models; the read runs on the agent, so nothing here waits.
 */
final class ModbusTestReadPane extends VBox {

    ModbusTestReadPane(ModbusTestReadViewModel viewModel, SaveCollectorViewModel save, LocalizedTexts texts) {
        getStyleClass().add("field-pane");
        VBox mapCard = mapCard(viewModel, texts);
        VBox.setVgrow(mapCard, Priority.ALWAYS);
        HBox bottom = new HBox(16, resultsCard(viewModel, texts), new SaveCollectorCard(save, texts));
        HBox.setHgrow(bottom.getChildren().getFirst(), Priority.ALWAYS);
        getChildren().addAll(connectionCard(viewModel, texts), mapCard, bottom);
    }

    private static HBox connectionCard(ModbusTestReadViewModel viewModel, LocalizedTexts texts) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("field-read-progress");
        spinner.getStyleClass().add("small-spinner");
        spinner.visibleProperty().bind(viewModel.runningProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());

        Button cancel = new Button();
        cancel.setId("field-cancel-button");
        cancel.setGraphic(Icons.icon(Icons.STOP));
        cancel.textProperty().bind(texts.text("field.testRead.cancel"));
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.visibleProperty().bind(viewModel.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.disableProperty().bind(viewModel.canCancel().not());
        cancel.setOnAction(event -> viewModel.cancel());

        Button read = new Button();
        read.setId("field-read-button");
        read.getStyleClass().add(Styles.ACCENT);
        read.setGraphic(Icons.icon(Icons.PLAY));
        read.textProperty().bind(texts.text("field.testRead.start"));
        read.setMinWidth(Region.USE_PREF_SIZE);
        read.disableProperty().bind(viewModel.canTestRead().not());
        read.setOnAction(event -> viewModel.testRead());

        HBox card = new HBox();
        card.getChildren().addAll(FieldForms.modbusConnection(viewModel.connection(), "field", texts));
        card.getChildren().addAll(spinner, cancel, read);
        card.getStyleClass().addAll("card", "connection-card");
        card.setAlignment(Pos.CENTER_LEFT);
        return card;
    }

    private static VBox mapCard(ModbusTestReadViewModel viewModel, LocalizedTexts texts) {
        RegisterMapViewModel map = viewModel.map();
        Button add = toolButton("field-map-add", Icons.ADD, texts, "field.map.add");
        add.setOnAction(event -> map.add());
        Button duplicate = toolButton("field-map-duplicate", Icons.COPY, texts, "field.map.duplicate");
        duplicate.disableProperty().bind(map.selectedProperty().isNull());
        duplicate.setOnAction(event -> map.duplicate());
        Button remove = toolButton("field-map-remove", Icons.DELETE, texts, "field.map.remove");
        remove.disableProperty().bind(map.selectedProperty().isNull());
        remove.setOnAction(event -> map.remove());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(FormParts.heading(texts.text("field.map.title")), spacer, add, duplicate, remove);
        toolbar.getStyleClass().add("card-toolbar");

        RegisterMapTable table = new RegisterMapTable(map, texts);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label validation = FormParts.message(viewModel.validationMessage(), "error");
        validation.setId("field-validation");
        validation.setGraphic(Icons.icon(Icons.WARNING));
        VBox card = new VBox(toolbar, table, validation);
        card.getStyleClass().addAll("card", "map-card");
        return card;
    }

    private static Button toolButton(String id, String icon, LocalizedTexts texts, String key) {
        Button button = new Button();
        button.setId(id);
        button.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        button.setGraphic(Icons.icon(icon));
        button.textProperty().bind(texts.text(key));
        button.setMinWidth(Region.USE_PREF_SIZE);
        return button;
    }

    private static VBox resultsCard(ModbusTestReadViewModel viewModel, LocalizedTexts texts) {
        Badge status = new Badge();
        status.setId("field-read-status");
        status.bindText(viewModel.statusText());
        status.visibleProperty().bind(viewModel.statusText().isNotEmpty());
        status.setMaxWidth(420);
        status.tone(viewModel.tone().get());
        viewModel.tone().addListener((property, old, tone) -> status.tone(tone == null ? Tone.NEUTRAL : tone));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(FormParts.heading(texts.text("field.results.title")), spacer, status);
        toolbar.getStyleClass().add("card-toolbar");

        TableView<ReadValueRow> table = new TableView<>(viewModel.results());
        table.setId("field-results-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(FormParts.placeholder(texts.text("field.results.empty")));
        TableColumn<ReadValueRow, String> name = new TableColumn<>();
        name.textProperty().bind(texts.text("field.column.name"));
        name.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().name()));
        name.getStyleClass().add("strong");
        name.setPrefWidth(160);
        TableColumn<ReadValueRow, String> value = new TableColumn<>();
        value.getStyleClass().add("value");
        value.textProperty().bind(texts.text("field.column.value"));
        value.setCellValueFactory(cell -> cell.getValue().valueText());
        value.setCellFactory(BoundTextCell.factory(ReadValueRow::valueText, "value", "strong"));
        value.setPrefWidth(140);
        TableColumn<ReadValueRow, String> unit = new TableColumn<>();
        unit.textProperty().bind(texts.text("field.column.unit"));
        unit.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue().unit()));
        unit.setPrefWidth(70);
        table.getColumns().setAll(List.of(name, value, unit));
        table.getColumns().forEach(column -> column.setSortable(false));
        VBox.setVgrow(table, Priority.ALWAYS);

        VBox card = new VBox(toolbar, table);
        card.getStyleClass().addAll("card", "results-card");
        return card;
    }
}
