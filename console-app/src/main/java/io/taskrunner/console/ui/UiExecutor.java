package io.taskrunner.console.ui;

import java.util.concurrent.Executor;

/**
 * Where background and transport callbacks hand work to the user interface. In the application it is the JavaFX
 * thread ({@link FxUiExecutor}); in tests it runs the task on the calling thread ({@link #direct()}).
 *
 * <p>View-models take it as a plain {@link Executor}, so the view-model layer does not depend on this package.
 */
public interface UiExecutor extends Executor {

    /** Runs every task at once on the calling thread; for tests. */
    static UiExecutor direct() {
        return Runnable::run;
    }
}
