package io.taskrunner.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.core.ConsoleInfo;
import io.taskrunner.console.core.ConsoleServices;
import io.taskrunner.console.service.field.LiveValues;
import io.taskrunner.console.ui.FxUiExecutor;
import io.taskrunner.console.viewmodel.InMemoryDesiredStateService;
import io.taskrunner.console.viewmodel.InMemoryDeviceCredentialService;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import io.taskrunner.console.viewmodel.InMemoryJobService;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.console.viewmodel.MainViewModel;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The whole console window, headless, over in-memory services the test feeds as the transport would. */
abstract class ConsoleWindowUiTest extends FxRobot {
    static {
        HeadlessFx.configure();
    }

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);

    final InMemoryFleetService fleet = new InMemoryFleetService();
    final InMemoryRunService runs;
    final LanguageSettings language = new LanguageSettings(Language.EN);
    final InMemoryDesiredStateService desired = new InMemoryDesiredStateService();
    final LiveValues liveValues = new LiveValues();
    final InMemoryJobService jobs = new InMemoryJobService();
    MainViewModel viewModel;
    Stage stage;

    ConsoleWindowUiTest(InMemoryRunService runs) {
        this.runs = runs;
    }

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(ConsoleTheme::installTheme));
    }

    @BeforeEach
    void showConsole() throws Exception {
        ConsoleServices services = new ConsoleServices(fleet, runs, new InMemoryDeviceCredentialService(), desired,
                liveValues, jobs, language, new ConsoleInfo(Path.of("/var/lib/taskrunner-console"), "console.example.lan",
                8883, "0.1.0"));
        stage = FxToolkit.setupStage(primary -> {
            viewModel = new MainViewModel(services, new FxUiExecutor(), CLOCK);
            Scene scene = new Scene(new MainView(viewModel), 1200, 760);
            ConsoleTheme.style(scene);
            primary.setScene(scene);
            primary.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeConsole() throws Exception {
        FxToolkit.cleanupStages();
        onFx(() -> {
            viewModel.close();
            return null;
        });
    }

    /** Saves the window as {@code target/screenshots/<name>.png}, to look at. */
    void screenshot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = onFx(() -> Screenshots.save(stage.getScene(), name));
        assertThat(file).exists();
    }

    static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(condition));
    }

    static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
