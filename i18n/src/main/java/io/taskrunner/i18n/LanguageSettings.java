package io.taskrunner.i18n;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The language the user interface currently shows, with change notification so views can re-render live.
 *
 * <p>Thread-safe. Listeners run on the thread that calls {@link #setLanguage(Language)}, one change at a time
 * and in subscription order; a listener that updates JavaFX controls must hop to the FX thread itself. Listeners
 * must not block. A listener that throws does not stop the others: the first exception is rethrown afterwards with
 * the later ones suppressed.
 */
public final class LanguageSettings {

    /** Ends a subscription. Closing twice does nothing. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final Object changeLock = new Object();
    private final List<Consumer<Language>> listeners = new CopyOnWriteArrayList<>();
    private volatile Language language;

    public LanguageSettings(Language initial) {
        this.language = Objects.requireNonNull(initial, "initial");
    }

    public Language language() {
        return language;
    }

    /** The texts of the current language. */
    public Messages messages() {
        return Messages.of(language);
    }

    /** Switches the language and notifies the listeners; does nothing if {@code newLanguage} is already current. */
    public void setLanguage(Language newLanguage) {
        Objects.requireNonNull(newLanguage, "newLanguage");
        synchronized (changeLock) {
            if (newLanguage == language) {
                return;
            }
            language = newLanguage;
            notifyListeners(newLanguage);
        }
    }

    /** Calls {@code listener} with the new language after every change, until the subscription is closed. */
    public Subscription subscribe(Consumer<Language> listener) {
        Objects.requireNonNull(listener, "listener");
        // a private wrapper, so subscribing the same listener twice gives two independent subscriptions
        Consumer<Language> entry = listener::accept;
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    /** Calls {@code listener} after every change, until the subscription is closed. */
    public Subscription subscribe(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        return subscribe(changed -> listener.run());
    }

    private void notifyListeners(Language newLanguage) {
        RuntimeException failure = null;
        for (Consumer<Language> listener : listeners) {
            try {
                listener.accept(newLanguage);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
