package io.taskrunner.console.ui;

import io.taskrunner.console.core.ConsoleServices;
import java.util.Objects;
import javafx.application.Application;

/** Entry point of the console's user interface. */
public final class ConsoleUi {
    private ConsoleUi() {
    }

    /**
     * Shows the console window and blocks until it is closed. Call once per JVM, from any thread but the JavaFX
     * thread (JavaFX allows one launch per process).
     *
     * @throws IllegalStateException if JavaFX was already launched in this JVM
     */
    public static void launch(ConsoleServices services) {
        ConsoleApplication.handOff(Objects.requireNonNull(services, "services"));
        Application.launch(ConsoleApplication.class);
    }
}
