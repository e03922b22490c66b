package io.taskrunner.console.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.RunState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunsViewModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
    private static final Instant CREATED = Instant.parse("2025-03-01T08:20:00Z");

    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryRunService runs = new InMemoryRunService();
    private LocalizedTexts texts;
    private RunsViewModel viewModel;

    @BeforeEach
    void setUp() {
        texts = new LocalizedTexts(language, Runnable::run);
        viewModel = new RunsViewModel(runs, agentId -> "host-" + agentId, texts, Runnable::run, CLOCK);
    }

    @AfterEach
    void tearDown() {
        viewModel.close();
        texts.close();
    }

    @Test
    void taskRun_showsItsTaskParametersAndAttempts() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("batch", "B-17");
        parameters.put("password", "***");
        change(taskRun(UUID.randomUUID(), RunState.RUNNING, 1, null, null).withParameters(parameters));

        RunRowViewModel row = viewModel.rows().getFirst();

        assertThat(row.taskText().get()).isEqualTo("weigh-batch");
        assertThat(row.commandText().get()).isEqualTo("batch=B-17  password=***");
        assertThat(row.attemptsText().get()).isEqualTo("1");
        assertThat(row.stateText().get()).isEqualTo("Running");
        assertThat(row.agentText().get()).isEqualTo("host-agent-1");
    }

    @Test
    void programRun_showsItsCommandLine_andDashesForTaskAndAttempts() {
        runs.change(new RunSnapshot(UUID.randomUUID(), "agent-1", List.of("echo", "hello world"),
                RunState.SUCCEEDED, 0, CREATED, CREATED, CREATED, 5L, 12, false, null));

        RunRowViewModel row = viewModel.rows().getFirst();

        assertThat(row.taskText().get()).isEqualTo("—");
        assertThat(row.attemptsText().get()).isEqualTo("—");
        assertThat(row.commandText().get()).isEqualTo("echo \"hello world\"");
        assertThat(row.resultText().get()).isEmpty();
    }

    @Test
    void retryingRun_saysWhichAttemptComesNext_inEveryLanguage_andWarns() {
        UUID id = UUID.randomUUID();
        change(taskRun(id, RunState.QUEUED, 1, null, CREATED.plusSeconds(60)));
        RunRowViewModel row = viewModel.rows().getFirst();

        assertThat(row.stateText().get()).isEqualTo("Retrying (attempt 2)");
        assertThat(row.tone().get()).isEqualTo(Tone.WARNING);
        language.setLanguage(Language.ZH_CN);
        assertThat(row.stateText().get()).isEqualTo(Messages.of(Language.ZH_CN).get("run.state.retrying", 2));
        language.setLanguage(Language.ZH_TW);
        assertThat(row.stateText().get()).isEqualTo("重試中（第 2 次嘗試）");

        change(taskRun(id, RunState.RUNNING, 2, null, null));
        assertThat(row.stateText().get()).isEqualTo(Messages.of(Language.ZH_TW).get("run.state.running"));
        assertThat(row.tone().get()).isEqualTo(Tone.ACCENT);
        assertThat(row.attemptsText().get()).isEqualTo("2");
    }

    @Test
    void selectedFinishedRun_showsItsResultIndented() {
        UUID id = UUID.randomUUID();
        change(taskRun(id, RunState.SUCCEEDED, 1, "{\"rowCount\":2,\"rows\":[{\"id\":1,\"name\":\"秤 A\"},"
                + "{\"id\":2,\"name\":null}],\"empty\":[],\"none\":{}}", null));
        assertThat(viewModel.selectedHasResult().get()).isFalse();

        viewModel.selectedRunProperty().set(viewModel.rows().getFirst());

        assertThat(viewModel.selectedHasResult().get()).isTrue();
        assertThat(viewModel.selectedResultProperty().get()).isEqualTo("""
                {
                  "rowCount": 2,
                  "rows": [
                    {
                      "id": 1,
                      "name": "秤 A"
                    },
                    {
                      "id": 2,
                      "name": null
                    }
                  ],
                  "empty": [],
                  "none": {}
                }""");
    }

    @Test
    void httpAndScriptResults_areShownTheSameWay() {
        UUID http = UUID.randomUUID();
        change(taskRun(http, RunState.SUCCEEDED, 1, "{\"status\":200,\"headers\":{\"content-type\":"
                + "\"text/plain\"},\"body\":\"OK\"}", null));
        viewModel.selectedRunProperty().set(viewModel.rows().getFirst());

        assertThat(viewModel.selectedResultProperty().get()).isEqualTo("""
                {
                  "status": 200,
                  "headers": {
                    "content-type": "text/plain"
                  },
                  "body": "OK"
                }""");

        UUID script = UUID.randomUUID();
        change(taskRun(script, RunState.SUCCEEDED, 1, "5", null));
        viewModel.selectedRunProperty().set(row(script));
        assertThat(viewModel.selectedResultProperty().get()).isEqualTo("5");
    }

    @Test
    void selectedRun_showsItsResultWhenItFinishes_andNothingWhileItRuns() {
        UUID id = UUID.randomUUID();
        change(taskRun(id, RunState.RUNNING, 1, null, null));
        viewModel.selectedRunProperty().set(viewModel.rows().getFirst());
        assertThat(viewModel.selectedHasResult().get()).isFalse();
        assertThat(viewModel.selectedResultProperty().get()).isEmpty();

        change(taskRun(id, RunState.SUCCEEDED, 1, "{\"sum\":5}", null));

        assertThat(viewModel.selectedResultProperty().get()).isEqualTo("{\n  \"sum\": 5\n}");
        assertThat(viewModel.selectedHasResult().get()).isTrue();
    }

    @Test
    void selectingAnotherRunOrNone_replacesOrClearsTheResult() {
        UUID withResult = UUID.randomUUID();
        UUID without = UUID.randomUUID();
        change(taskRun(withResult, RunState.SUCCEEDED, 1, "{\"sum\":5}", null));
        change(taskRun(without, RunState.FAILED, 3, null, null));
        viewModel.selectedRunProperty().set(row(withResult));
        assertThat(viewModel.selectedHasResult().get()).isTrue();

        viewModel.selectedRunProperty().set(row(without));
        assertThat(viewModel.selectedHasResult().get()).isFalse();

        viewModel.selectedRunProperty().set(row(withResult));
        viewModel.selectedRunProperty().set(null);
        assertThat(viewModel.selectedResultProperty().get()).isEmpty();
        assertThat(viewModel.selectedHasResult().get()).isFalse();
    }

    @Test
    void resultThatIsNotJson_isShownAsStored() {
        change(taskRun(UUID.randomUUID(), RunState.SUCCEEDED, 1, "not json {", null));

        assertThat(viewModel.rows().getFirst().resultText().get()).isEqualTo("not json {");
    }

    @Test
    void runStartedThroughTheService_appearsAsAPendingTaskRun() {
        runs.runTask("agent-3", TaskRunRequest.of("backup", Map.of("full", true))).join();

        RunRowViewModel row = viewModel.rows().getFirst();
        assertThat(row.taskText().get()).isEqualTo("backup");
        assertThat(row.commandText().get()).isEqualTo("full=true");
        assertThat(row.stateText().get()).isEqualTo("Queued");
        assertThat(row.attemptsText().get()).isEqualTo("—");
    }

    private void change(TaskRun run) {
        runs.change(run.snapshot());
    }

    private RunRowViewModel row(UUID runId) {
        return viewModel.rows().stream().filter(row -> row.runId().equals(runId)).findFirst().orElseThrow();
    }

    private static TaskRun taskRun(UUID id, RunState state, int attempts, String result, Instant nextAttemptAt) {
        return new TaskRun(id, state, attempts, result, nextAttemptAt, Map.of());
    }

    /** Builds task-run snapshots with the fields these tests vary. */
    private record TaskRun(UUID id, RunState state, int attempts, String result, Instant nextAttemptAt,
            Map<String, Object> parameters) {
        TaskRun withParameters(Map<String, Object> values) {
            return new TaskRun(id, state, attempts, result, nextAttemptAt, values);
        }

        RunSnapshot snapshot() {
            return new RunSnapshot(id, "agent-1", List.of(), state, null, CREATED,
                    state == RunState.PENDING ? null : CREATED.plusSeconds(1),
                    state.isFinal() ? CREATED.plusSeconds(3) : null, state.isFinal() ? 2000L : null, 0, false,
                    null, "weigh-batch", parameters, attempts, result, "default", null, null, nextAttemptAt);
        }
    }
}
