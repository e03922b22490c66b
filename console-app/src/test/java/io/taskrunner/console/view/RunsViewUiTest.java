package io.taskrunner.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.viewmodel.InMemoryRunService;
import io.taskrunner.protocol.message.RunState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import org.junit.jupiter.api.Test;

/** The Runs page shows task runs with their attempts, and the result of the run the operator selects. */
class RunsViewUiTest extends ConsoleWindowUiTest {
    private static final Instant CREATED = Instant.parse("2025-03-01T08:20:00Z");

    RunsViewUiTest() {
        super(new InMemoryRunService());
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
}
