package io.taskrunner.console.ui;

import java.util.Objects;
import javafx.application.Platform;

/** Runs tasks on the JavaFX application thread: at once when already on it, otherwise with Platform.runLater. */
public final class FxUiExecutor implements UiExecutor {

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (Platform.isFxApplicationThread()) {
            task.run();
        } else {
            Platform.runLater(task);
        }
    }
}
