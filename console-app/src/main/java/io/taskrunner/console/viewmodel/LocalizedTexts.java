package io.taskrunner.console.viewmodel;

import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.i18n.Messages;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The current {@link Messages} as an observable value, so every text the UI shows can be a binding that is
 * recomputed when the operator switches the language. One instance serves the whole console; it follows
 * {@link LanguageSettings} through the UI executor, so its property only ever changes on the UI thread.
 */
public final class LocalizedTexts implements AutoCloseable {
    private final ReadOnlyObjectWrapper<Messages> messages;
    private final LanguageSettings settings;
    private final LanguageSettings.Subscription subscription;

    public LocalizedTexts(LanguageSettings settings, Executor uiExecutor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.messages = new ReadOnlyObjectWrapper<>(this, "messages", settings.messages());
        // read the language again when the task runs: a later change may already have overtaken this one
        this.subscription = settings.subscribe(
                changed -> uiExecutor.execute(() -> messages.set(Messages.of(settings.language()))));
    }

    public ReadOnlyObjectProperty<Messages> messagesProperty() {
        return messages.getReadOnlyProperty();
    }

    public Messages messages() {
        return messages.get();
    }

    public Language language() {
        return messages.get().language();
    }

    /** The settings this follows; for the Settings view-model, which changes the language. */
    LanguageSettings settings() {
        return settings;
    }

    /** The text of {@code key} with fixed arguments, in whatever language is current. */
    public StringBinding text(String key, Object... args) {
        Objects.requireNonNull(key, "key");
        Object[] copy = args.clone();
        return Bindings.createStringBinding(() -> messages.get().get(key, copy), messages);
    }

    /** A text computed from the current messages and other values; recomputed when either changes. */
    public StringBinding compute(TextFunction function, Observable... dependencies) {
        Observable[] all = new Observable[dependencies.length + 1];
        all[0] = messages;
        System.arraycopy(dependencies, 0, all, 1, dependencies.length);
        Callable<String> callable = () -> function.apply(messages.get());
        return Bindings.createStringBinding(callable, all);
    }

    @Override
    public void close() {
        subscription.close();
    }

    /** Computes a text from the messages of the current language. */
    @FunctionalInterface
    public interface TextFunction {
        String apply(Messages messages);
    }
}
