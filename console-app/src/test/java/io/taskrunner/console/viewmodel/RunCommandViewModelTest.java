package io.taskrunner.console.viewmodel;

import static io.taskrunner.console.viewmodel.InMemoryFleetService.agent;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.LanguageSettings;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.message.OutputStreamName;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunCommandViewModelTest {
    private final Messages en = Messages.of(Language.EN);
    private final LanguageSettings language = new LanguageSettings(Language.EN);
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final InMemoryRunService runs = new InMemoryRunService();
    private LocalizedTexts texts;
    private RunCommandViewModel viewModel;

    @BeforeEach
    void setUp() {
        fleet.put(agent("agent-1", AgentConnectionStatus.ONLINE, "build-01", "Linux", 5.0, 40.0));
        texts = new LocalizedTexts(language, Runnable::run);
        viewModel = new RunCommandViewModel("agent-1", runs, fleet, texts, Runnable::run);
    }

    @AfterEach
    void tearDown() {
        viewModel.close();
        texts.close();
    }

    @Test
    void split_keepsQuotedTextTogether() {
        assertThat(CommandLine.split("echo \"hello world\"")).containsExactly("echo", "hello world");
        assertThat(CommandLine.split("  ls   -la  /tmp ")).containsExactly("ls", "-la", "/tmp");
        assertThat(CommandLine.split("sh -c 'echo $HOME; exit 3'")).containsExactly("sh", "-c", "echo $HOME; exit 3");
        assertThat(CommandLine.split("echo \"say \\\"hi\\\"\"")).containsExactly("echo", "say \"hi\"");
        assertThat(CommandLine.split("echo pre\"fix suf\"fix")).containsExactly("echo", "prefix suffix");
        assertThat(CommandLine.split("printf \"\" x")).containsExactly("printf", "", "x");
        assertThat(CommandLine.split("dir C:\\Windows\\Temp")).containsExactly("dir", "C:\\Windows\\Temp");
        assertThat(CommandLine.split("echo \"open quote")).containsExactly("echo", "open quote");
        assertThat(CommandLine.split("   ")).isEmpty();
    }

    @Test
    void join_givesALineThatSplitsBackToTheSameArguments() {
        List<String> argv = List.of("sh", "-c", "echo \"a b\" \\", "C:\\Program Files\\x", "", "it's");
        assertThat(CommandLine.split(CommandLine.join(argv))).isEqualTo(argv);
    }

    @Test
    void start_withEmptyCommand_showsEmptyCommandErrorAndSendsNothing() {
        assertThat(viewModel.validationMessage().get()).as("no error before the first try").isEmpty();

        viewModel.commandProperty().set("   ");
        assertThat(viewModel.start()).isFalse();

        assertThat(viewModel.validationMessage().get()).isEqualTo(en.get("run.error.emptyCommand"));
        assertThat(runs.requests).isEmpty();
        viewModel.commandProperty().set("\"\" --version");
        assertThat(viewModel.start()).as("an empty program name").isFalse();
        assertThat(viewModel.validationMessage().get()).isEqualTo(en.get("run.error.emptyCommand"));
        viewModel.commandProperty().set("hostname");
        assertThat(viewModel.validationMessage().get()).isEmpty();
    }

    @Test
    void timeout_outsideOneSecondToSevenDays_isInvalid() {
        String expected = en.get("run.error.invalidTimeout", RunCommandViewModel.MAX_TIMEOUT_SECONDS);
        viewModel.commandProperty().set("hostname");
        for (String bad : List.of("0", "-5", "abc", "1.5", "", "604801")) {
            viewModel.timeoutSecondsProperty().set(bad);
            assertThat(viewModel.validationMessage().get()).as("timeout '%s'", bad).isEqualTo(expected);
            assertThat(viewModel.canStart().get()).isFalse();
            assertThat(viewModel.start()).isFalse();
        }
        assertThat(expected).contains("604,800");
        viewModel.timeoutSecondsProperty().set(" 604800 ");
        assertThat(viewModel.validationMessage().get()).isEmpty();
        assertThat(viewModel.canStart().get()).isTrue();
    }

    @Test
    void validationMessage_followsTheLanguage() {
        viewModel.start();
        language.setLanguage(Language.ZH_TW);
        assertThat(viewModel.validationMessage().get())
                .isEqualTo(Messages.of(Language.ZH_TW).get("run.error.emptyCommand"));
    }

    @Test
    void start_sendsTheSplitCommandWithWorkingDirAndTimeout() {
        viewModel.commandProperty().set("echo \"hello world\"");
        viewModel.workingDirProperty().set("/srv/app");
        viewModel.timeoutSecondsProperty().set("45");

        assertThat(viewModel.start()).isTrue();

        assertThat(runs.requests).singleElement().satisfies(request -> {
            assertThat(request.agentId()).isEqualTo("agent-1");
            assertThat(request.argv()).containsExactly("echo", "hello world");
            assertThat(request.workingDir()).isEqualTo("/srv/app");
            assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(45));
        });
        assertThat(viewModel.runningProperty().get()).isTrue();
        assertThat(viewModel.canStart().get()).as("one run at a time").isFalse();
    }

    @Test
    void output_followsOnlyItsOwnRun_evenWhenEventsComeBeforeTheRunIdIsKnown() {
        viewModel.commandProperty().set("echo hi");
        viewModel.start();
        UUID own = runs.lastRunId();
        UUID other = UUID.randomUUID();
        runs.output(own, "early ");
        runs.output(other, "NOT MINE ");
        assertThat(viewModel.outputProperty().get()).as("nothing shown before the id is known").isEmpty();

        runs.completeStart();
        runs.state(own, RunState.RUNNING, null, null);
        runs.output(own, "hello\n");
        runs.output(other, "also not mine\n");
        runs.output(new RunOutputChunk(own, 1, OutputStreamName.STDOUT, "early ")); // re-sent after reconnect
        runs.state(other, RunState.SUCCEEDED, 0, 10L);

        assertThat(viewModel.outputProperty().get()).isEqualTo("early hello\n");
        assertThat(viewModel.stateProperty().get()).isEqualTo(RunState.RUNNING);
        assertThat(viewModel.stateText().get()).isEqualTo(en.get("run.state.running"));
        assertThat(viewModel.runningProperty().get()).isTrue();
    }

    @Test
    void finishedRun_showsStateExitCodeAndDuration() {
        viewModel.commandProperty().set("false");
        viewModel.start();
        UUID id = runs.completeStart();

        runs.state(id, RunState.FAILED, 3, 1_500L);

        assertThat(viewModel.finishedProperty().get()).isTrue();
        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.stateText().get()).isEqualTo(en.get("run.state.failed"));
        assertThat(viewModel.exitCodeText().get()).isEqualTo("Exit code 3");
        assertThat(viewModel.durationText().get()).isEqualTo("Duration 1.5 s");
        assertThat(viewModel.resultText().get()).contains("Failed", "Exit code 3", "Duration 1.5 s");
        assertThat(viewModel.tone().get()).isEqualTo(Tone.DANGER);
        assertThat(viewModel.canStart().get()).as("can run again").isTrue();

        language.setLanguage(Language.ZH_CN);
        assertThat(viewModel.exitCodeText().get()).isEqualTo("退出码 3");
        assertThat(viewModel.stateText().get()).isEqualTo(Messages.of(Language.ZH_CN).get("run.state.failed"));
    }

    @Test
    void lateEvent_doesNotTakeAFinishedRunBack() {
        viewModel.commandProperty().set("true");
        viewModel.start();
        UUID id = runs.completeStart();
        runs.state(id, RunState.SUCCEEDED, 0, 20L);
        runs.state(id, RunState.RUNNING, null, null);
        assertThat(viewModel.stateProperty().get()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void output_isCappedAndSaysSo() {
        viewModel.commandProperty().set("yes");
        viewModel.start();
        UUID id = runs.completeStart();
        runs.output(id, "x".repeat(RunCommandViewModel.OUTPUT_LIMIT - 10));
        assertThat(viewModel.truncationText().get()).isEmpty();

        runs.output(id, "y".repeat(100));

        assertThat(viewModel.outputProperty().get()).hasSize(RunCommandViewModel.OUTPUT_LIMIT);
        assertThat(viewModel.truncationText().get())
                .isEqualTo(en.get("run.outputTruncated", RunCommandViewModel.OUTPUT_LIMIT));
    }

    @Test
    void cancel_asksTheServiceToCancelThisRunOnce() {
        viewModel.commandProperty().set("sleep 100");
        viewModel.start();
        assertThat(viewModel.canCancel().get()).as("no id yet").isFalse();
        UUID id = runs.completeStart();
        assertThat(viewModel.canCancel().get()).isTrue();

        viewModel.cancel();
        viewModel.cancel();

        assertThat(runs.cancelled).containsExactly(id);
        assertThat(viewModel.canCancel().get()).isFalse();
    }

    @Test
    void failedStart_showsFailedWithTheReason() {
        viewModel.commandProperty().set("hostname");
        viewModel.start();
        runs.failStart(new IllegalStateException("broker unreachable"));

        assertThat(viewModel.runningProperty().get()).isFalse();
        assertThat(viewModel.stateText().get()).isEqualTo(en.get("run.state.failed"));
        assertThat(viewModel.resultText().get()).contains("broker unreachable");
    }

    @Test
    void offlineAgent_showsThatTheCommandWillWait() {
        assertThat(viewModel.offlineWarning().get()).isEmpty();
        fleet.put(agent("agent-1", AgentConnectionStatus.OFFLINE, "build-01", "Linux", null, null));
        assertThat(viewModel.offlineWarning().get()).isEqualTo(en.get("run.error.agentOffline", "build-01"));
        assertThat(viewModel.title().get()).isEqualTo(en.get("run.dialog.title", "build-01"));
    }

    @Test
    void close_unsubscribesFromTheServices() {
        viewModel.close();
        assertThat(runs.listenerCount()).isZero();
        assertThat(fleet.listenerCount()).isZero();
    }
}
