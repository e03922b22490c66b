package io.taskrunner.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.core.ConsoleInfo;
import io.taskrunner.console.core.ConsoleServices;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.ui.FxUiExecutor;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.console.viewmodel.MainViewModel;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Runs page shows task runs with their attempts, and the result of the run the operator selects. */
class RunsViewUiTest extends FxRobot {
    static {
        HeadlessFx.configure();
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
    private static final Instant CREATED = Instant.parse("2025-03-01T08:20:00Z");

    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService();
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private MainViewModel viewModel;
    private Stage stage;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(ConsoleTheme::installTheme));
    }

    @BeforeEach
    void showConsole() throws Exception {
        ConsoleServices services = new ConsoleServices(fleet, runs, language,
                new ConsoleInfo(Path.of("/var/lib/taskrunner-console"), "console.example.lan", 8883, "0.1.0"));
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

    @Test
    void selectingAFinishedTaskRun_showsItsResult_andARetryingRunSaysSo() throws Exception {
        clickOn("#nav-runs");
        assertThat(onFx(() -> lookup("#runs-result-card").query().isVisible())).isFalse();
        UUID finished = UUID.randomUUID();
        fromTransportThread(taskRun(finished, "query-batches", RunState.SUCCEEDED, 2,
                "{\"rowCount\":1,\"rows\":[{\"id\":17,\"weight\":12.5}]}", null, CREATED));
        fromTransportThread(taskRun(UUID.randomUUID(), "weigh-batch", RunState.QUEUED, 1, null,
                CREATED.plusSeconds(60), CREATED.plusSeconds(10)));

        waitUntil(() -> badgeTexts().contains("Retrying (attempt 2)"));
        assertThat(onFx(this::headerTexts)).contains("Task", "Attempts", "Command / parameters");
        clickOn("query-batches");

        waitUntil(() -> lookup("#runs-result-card").query().isVisible());
        assertThat(onFx(() -> lookup("#runs-result").queryTextInputControl().getText())).isEqualTo("""
                {
                  "rowCount": 1,
                  "rows": [
                    {
                      "id": 17,
                      "weight": 12.5
                    }
                  ]
                }""");
        assertThat(onFx(() -> lookup("#runs-result").queryTextInputControl().isEditable())).isFalse();
        assertThat(onFx(() -> lookup("#runs-result-card .section-label").queryLabeled().getText()))
                .isEqualTo("Result");
        screenshot("runs-result-en");

        clickOn("weigh-batch");
        waitUntil(() -> !lookup("#runs-result-card").query().isVisible());
    }

    private RunSnapshot taskRun(UUID id, String task, RunState state, int attempts, String result,
            Instant nextAttemptAt, Instant created) {
        return new RunSnapshot(id, "agent-1", List.of(), state, state.isFinal() ? 0 : null, created,
                created.plusSeconds(1), state.isFinal() ? created.plusSeconds(3) : null,
                state.isFinal() ? 1800L : null, 0, false, null, task, Map.of("batch", "B-17"), attempts, result,
                "default", null, null, nextAttemptAt);
    }

    private void fromTransportThread(RunSnapshot run) {
        CompletableFuture.runAsync(() -> runs.change(run)).join();
    }

    private List<String> badgeTexts() {
        return lookup("#runs-table .badge").queryAll().stream().filter(Node::isVisible)
                .map(node -> ((Labeled) node).getText()).filter(Objects::nonNull).toList();
    }

    private List<String> headerTexts() {
        return lookup("#runs-table .column-header .label").queryAll().stream()
                .map(node -> ((Labeled) node).getText()).toList();
    }

    private void screenshot(String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = onFx(() -> Screenshots.save(stage.getScene(), name));
        assertThat(file).exists();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(condition));
    }

    private static <T> T onFx(Callable<T> callable) throws Exception {
        return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
    }
}
