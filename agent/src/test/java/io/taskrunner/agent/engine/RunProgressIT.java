package io.taskrunner.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.task.process.ShellTaskExecutor;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.MessageBody;
import io.taskrunner.protocol.message.RunFinished;
import io.taskrunner.protocol.message.RunOutput;
import io.taskrunner.protocol.message.RunProgress;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A real shell task printing progress lines, through the engine to the events it records. */
@DisabledOnOs(OS.WINDOWS)
class RunProgressIT {
    private static final String SCRIPT = String.join("\n",
            "echo '##taskrunner[progress=10] starting'",
            "printf '##taskrunner[progre'; sleep 0.3; echo 'ss=55] halfway'",
            "echo '##taskrunner[progress=abc] not a number'",
            "echo 'ordinary output'",
            "printf '##taskrunner[progress=100] done'");

    @TempDir
    Path dir;
    private EngineHarness harness;

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void progressLines_becomeCoalescedProgressEvents_endingWithTheLastValue_beforeTheRunFinishes() {
        TaskDefinition task = TaskDefinition.of("copy", new ShellTask(SCRIPT, null));
        harness = EngineHarness.start(dir, new DefinitionSet(List.of(task), null, List.of()),
                List.of(new ShellTaskExecutor(new ProcessExecutor())));
        RunRequest request = RunRequest.of("copy", Map.of(), "test");
        assertThat(harness.engine.submit(request).accepted()).isTrue();
        UUID runId = request.runId();

        RunFinished finished = harness.awaitFinished(runId);

        assertThat(finished.state()).isEqualTo(RunState.SUCCEEDED);
        List<RunProgress> progress = harness.eventsOf(runId, RunProgress.class);
        assertThat(progress.getFirst()).isEqualTo(new RunProgress(runId, 10, "starting"));
        assertThat(progress.getLast()).isEqualTo(new RunProgress(runId, 100, "done"));
        assertThat(progress).hasSizeLessThanOrEqualTo(3)
                .allSatisfy(event -> assertThat(event.details()).doesNotContain("number"));
        List<MessageBody> events = harness.events();
        assertThat(events.indexOf(progress.getLast())).as("the last progress comes before the end")
                .isLessThan(events.indexOf(finished));
        String output = harness.eventsOf(runId, RunOutput.class).stream().map(RunOutput::text)
                .collect(Collectors.joining());
        assertThat(output).as("progress lines stay in the output").contains("##taskrunner[progress=55] halfway\n")
                .contains("ordinary output\n").endsWith("##taskrunner[progress=100] done");
    }
}
