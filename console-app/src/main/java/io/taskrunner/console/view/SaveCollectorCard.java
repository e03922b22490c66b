package io.taskrunner.console.view;

import atlantafx.base.theme.Styles;
import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.SaveCollectorViewModel;
import io.taskrunner.console.viewmodel.Tone;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Name, interval and target of a collector made from a test form (the register map or the serial read), and the
 * button that stores and deploys it.
 */
final class SaveCollectorCard extends VBox {

    /** The card of the register map, its controls named {@code field-...}. */
    SaveCollectorCard(SaveCollectorViewModel viewModel, LocalizedTexts texts) {
        this(viewModel, "field", texts);
    }

    /** @param idPrefix keeps the controls of several such cards apart, e.g. {@code field-serial} */
    SaveCollectorCard(SaveCollectorViewModel viewModel, String idPrefix, LocalizedTexts texts) {
        getStyleClass().addAll("card", "save-card");
        setId(idPrefix + "-save-card");

        TextField name = new TextField();
        name.setId(idPrefix + "-collector-name");
        name.promptTextProperty().bind(texts.text("field.save.name.prompt"));
        name.textProperty().bindBidirectional(viewModel.nameProperty());
        TextField every = new TextField();
        every.setId(idPrefix + "-collector-every");
        every.getStyleClass().add("every-field");
        every.promptTextProperty().bind(texts.text("field.save.every.prompt"));
        every.textProperty().bindBidirectional(viewModel.everyProperty());
        Label everyHint = new Label();
        everyHint.getStyleClass().add("field-hint");
        everyHint.textProperty().bind(texts.text("field.save.every.hint"));
        everyHint.setMinWidth(0);
        HBox everyRow = new HBox(8, every, everyHint);
        everyRow.setAlignment(Pos.CENTER_LEFT);

        ToggleGroup target = new ToggleGroup();
        RadioButton thisAgent = new RadioButton();
        thisAgent.setId(idPrefix + "-target-agent");
        thisAgent.textProperty().bind(texts.text("field.save.target.agent"));
        thisAgent.setToggleGroup(target);
        thisAgent.setMinWidth(Region.USE_PREF_SIZE);
        RadioButton allAgents = new RadioButton();
        allAgents.setId(idPrefix + "-target-all");
        allAgents.textProperty().bind(texts.text("field.save.target.all"));
        allAgents.setToggleGroup(target);
        allAgents.setMinWidth(Region.USE_PREF_SIZE);
        allAgents.selectedProperty().bindBidirectional(viewModel.allAgentsProperty());
        thisAgent.setSelected(!viewModel.allAgentsProperty().get());
        HBox targets = new HBox(16, thisAgent, allAgents);
        targets.setAlignment(Pos.CENTER_LEFT);

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        ColumnConstraints growing = new ColumnConstraints();
        growing.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(new ColumnConstraints(), growing);
        form.addRow(0, FormParts.label(texts.text("field.save.name.label")), name);
        form.addRow(1, FormParts.label(texts.text("field.save.every.label")), everyRow);
        form.addRow(2, FormParts.label(texts.text("field.save.target.label")), targets);

        Label validation = FormParts.message(viewModel.validationMessage(), "error");
        validation.setId(idPrefix + "-save-validation");

        Label result = FormParts.message(viewModel.resultProperty(), "result");
        result.setId(idPrefix + "-save-result");
        viewModel.resultToneProperty().addListener((property, old, tone) -> toneClass(result, tone));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-spinner");
        spinner.visibleProperty().bind(viewModel.savingProperty());
        spinner.managedProperty().bind(spinner.visibleProperty());
        Button save = new Button();
        save.setId(idPrefix + "-save-button");
        save.getStyleClass().add(Styles.ACCENT);
        save.setGraphic(Icons.icon(Icons.SAVE));
        save.textProperty().bind(Bindings.when(viewModel.savingProperty())
                .then(texts.text("field.save.saving")).otherwise(texts.text("field.save.button")));
        save.setMinWidth(Region.USE_PREF_SIZE);
        save.disableProperty().bind(viewModel.canSave().not());
        save.setOnAction(event -> viewModel.save());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(8, spacer, spinner, save);
        footer.setAlignment(Pos.CENTER_RIGHT);

        getChildren().addAll(FormParts.heading(texts.text("field.save.title")), form, validation, result, footer);
    }

    private static void toneClass(Label label, Tone tone) {
        label.getStyleClass().removeAll("success", "warning", "danger");
        switch (tone) {
            case SUCCESS -> label.getStyleClass().add("success");
            case WARNING -> label.getStyleClass().add("warning");
            case DANGER -> label.getStyleClass().add("danger");
            default -> { }
        }
    }
}
