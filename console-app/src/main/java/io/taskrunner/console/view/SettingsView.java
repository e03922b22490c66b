package io.taskrunner.console.view;

import io.taskrunner.console.viewmodel.LocalizedTexts;
import io.taskrunner.console.viewmodel.SettingsViewModel;
import io.taskrunner.i18n.Language;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The interface language, applied at once, and facts about this console. */
public final class SettingsView extends VBox {

    public SettingsView(SettingsViewModel viewModel, LocalizedTexts texts) {
        getStyleClass().add("page");

        Label title = new Label();
        title.getStyleClass().add("page-title");
        title.textProperty().bind(texts.text("settings.title"));
        HBox header = new HBox(title);
        header.getStyleClass().add("page-header");

        ComboBox<Language> language = new ComboBox<>(viewModel.languages());
        language.setId("settings-language");
        language.getStyleClass().add("settings-language");
        language.setCellFactory(list -> new LanguageCell());
        language.setButtonCell(new LanguageCell());
        language.valueProperty().bindBidirectional(viewModel.selectedLanguageProperty());
        Label hint = new Label();
        hint.getStyleClass().add("settings-hint");
        hint.textProperty().bind(texts.text("settings.language.hint"));
        VBox languageValue = new VBox(6, language, hint);

        Label dataDir = value(viewModel.dataDirText());
        dataDir.setId("settings-data-dir");
        Label broker = value(viewModel.brokerText());
        broker.setId("settings-broker");

        VBox card = new VBox(
                row(texts.text("settings.language.label"), languageValue, false),
                row(texts.text("settings.dataDir.label"), dataDir, false),
                row(texts.text("settings.broker.label"), broker, true));
        card.getStyleClass().addAll("card", "settings-card");
        getChildren().addAll(header, card);
    }

    private static Label value(ObservableStringValue text) {
        Label label = new Label();
        label.getStyleClass().add("settings-value");
        label.textProperty().bind(text);
        label.setWrapText(true);
        return label;
    }

    private static HBox row(ObservableStringValue labelText, Node value, boolean last) {
        Label label = new Label();
        label.getStyleClass().add("settings-label");
        label.textProperty().bind(labelText);
        HBox row = new HBox(label, value);
        row.getStyleClass().add("settings-row");
        if (last) {
            row.getStyleClass().add("last");
        }
        HBox.setHgrow(value, Priority.ALWAYS);
        return row;
    }

    /** Each language in its own script, whatever language is current. */
    private static final class LanguageCell extends ListCell<Language> {
        @Override
        protected void updateItem(Language item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : SettingsViewModel.nativeName(item));
        }
    }
}
