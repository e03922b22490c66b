package io.taskrunner.console.ui;

import io.taskrunner.console.core.ConsoleServices;
import io.taskrunner.console.view.ConsoleTheme;
import io.taskrunner.console.view.MainView;
import io.taskrunner.console.viewmodel.MainViewModel;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The JavaFX application of the console. JavaFX creates it by reflection, so the services are handed over through
 * {@link #handOff(ConsoleServices)} before {@link Application#launch}; {@link ConsoleUi} does both.
 */
public final class ConsoleApplication extends Application {
    static final double WIDTH = 1200;
    static final double HEIGHT = 760;
    private static final AtomicReference<ConsoleServices> SERVICES = new AtomicReference<>();

    private MainViewModel viewModel;

    static void handOff(ConsoleServices services) {
        SERVICES.set(services);
    }

    @Override
    public void start(Stage stage) {
        ConsoleServices services = SERVICES.get();
        if (services == null) {
            throw new IllegalStateException("ConsoleApplication started without services: use ConsoleUi.launch");
        }
        ConsoleTheme.installTheme();
        viewModel = new MainViewModel(services, new FxUiExecutor(), Clock.systemDefaultZone());
        Scene scene = new Scene(new MainView(viewModel), WIDTH, HEIGHT);
        ConsoleTheme.style(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(viewModel.texts().text("app.title"));
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        // run dialogs are separate windows; closing the console window ends the UI all the same
        stage.setOnHidden(event -> Platform.exit());
        stage.show();
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
    }
}
