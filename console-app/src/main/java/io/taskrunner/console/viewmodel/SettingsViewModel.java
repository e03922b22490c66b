package io.taskrunner.console.viewmodel;

import io.taskrunner.console.core.ConsoleInfo;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.i18n.Messages;
import java.util.Objects;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Console settings: the user-interface language (applied at once through {@link LanguageSettings}) and facts about
 * this console.
 */
public final class SettingsViewModel {
    private final ObservableList<Language> languages = FXCollections.unmodifiableObservableList(
            FXCollections.observableArrayList(Language.values()));
    private final ObjectProperty<Language> selectedLanguage = new SimpleObjectProperty<>(this, "selectedLanguage");
    private final StringBinding dataDirText;
    private final StringBinding brokerText;

    public SettingsViewModel(LocalizedTexts texts, ConsoleInfo info) {
        Objects.requireNonNull(info, "info");
        LanguageSettings settings = texts.settings();
        selectedLanguage.set(texts.language());
        selectedLanguage.addListener((property, old, chosen) -> {
            if (chosen != null) {
                settings.setLanguage(chosen);
            }
        });
        // the language can also change elsewhere (command line, another window): show what is in force
        texts.messagesProperty().addListener((property, old, messages) -> selectedLanguage.set(messages.language()));
        dataDirText = texts.compute(messages -> info.dataDir() == null ? messages.get("common.unknown")
                : info.dataDir().toAbsolutePath().toString());
        brokerText = texts.compute(
                messages -> messages.get("settings.broker.value", info.brokerHost(), info.brokerPort()));
    }

    public ObservableList<Language> languages() {
        return languages;
    }

    public ObjectProperty<Language> selectedLanguageProperty() {
        return selectedLanguage;
    }

    /** A language's name in its own script ("简体中文"), the same whatever language is current. */
    public static String nativeName(Language language) {
        return Messages.of(language).get(language.nativeNameKey());
    }

    public StringBinding dataDirText() {
        return dataDirText;
    }

    public StringBinding brokerText() {
        return brokerText;
    }
}
