package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.JavaScriptTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task runs end to end: console core with its embedded broker (mutual TLS), and an enrolled agent process started
 * from the built jar that executes {@code command.run-task} with an inline definition.
 */
class TaskRunIT {
    private static final TaskDefinition GREET = TaskDefinition.of("greet",
            new CommandTask("echo", List.of("hello, ${who}!"))).withParameters(List.of(
                    ParameterSpec.of("who", ParameterType.STRING, true)));
    private static final TaskDefinition SUM = TaskDefinition.of("sum",
            new JavaScriptTask("result = {sum: params.a + params.b};", 0)).withParameters(List.of(
                    ParameterSpec.of("a", ParameterType.INT, true), ParameterSpec.of("b", ParameterType.INT, true)));

    @TempDir
    Path dir;

    private ConsoleAndAgent fixture;
    private ConsoleCore console;

    @BeforeEach
    void startConsoleAndAgent() throws Exception {
        fixture = ConsoleAndAgent.start(dir, null);
        console = fixture.console();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void inlineCommand_getsItsParameterInOneArgument_andItsOutputIsStored() {
        RunSnapshot pending = console.runs().runTask("agent-1", TaskRunRequest.inline(GREET,
                Map.of("who", "big world"))).join();
        assertThat(pending.taskName()).isEqualTo("greet");
        assertThat(pending.parameters()).containsEntry("who", "big world");

        RunSnapshot run = fixture.awaitFinished(pending.runId());

        assertThat(run.state()).as(describe(run)).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.exitCode()).isZero();
        assertThat(run.attempts()).isEqualTo(1);
        assertThat(fixture.outputOf(run.runId())).isEqualTo("hello, big world!\n");
    }

    @Test
    void inlineJavaScript_storesItsResult() throws Exception {
        RunSnapshot pending = console.runs().runTask("agent-1", TaskRunRequest.inline(SUM, Map.of("a", 2, "b", 3)))
                .join();

        RunSnapshot run = fixture.awaitFinished(pending.runId());

        assertThat(run.state()).as(describe(run)).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.result()).isNotNull();
        JsonNode result = new ObjectMapper().readTree(run.result());
        assertThat(result.size()).as("result %s", run.result()).isEqualTo(1);
        // a script's numbers may come back as 5 or 5.0; the value is what counts
        assertThat(result.get("sum").decimalValue()).as("result %s", run.result()).isEqualByComparingTo("5");
    }

    @Test
    void wrongParameterType_isRefusedByTheConsole_beforeAnythingIsSent() {
        Throwable failure = catchThrowable(() -> console.runs().runTask("agent-1", TaskRunRequest.inline(SUM,
                Map.of("a", "two", "b", 3))).join());

        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(ProtocolException.class)
                .hasMessage("parameters.a: must be a whole number, was \"two\"");
        assertThat(console.runs().recentRuns(10)).isEmpty();

        // every run the agent receives ends in run.finished or command.rejected, reported in order: had the
        // refused one been sent, its end would be stored before the end of this valid one
        RunSnapshot valid = console.runs().runTask("agent-1", TaskRunRequest.inline(SUM, Map.of("a", 1, "b", 1)))
                .join();
        assertThat(fixture.awaitFinished(valid.runId()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(console.runs().recentRuns(10)).extracting(RunSnapshot::runId).containsExactly(valid.runId());
        assertThat(console.storedEvents("agent-1", "command.rejected")).isZero();
        assertThat(console.storedEvents("agent-1", "run.finished")).isEqualTo(1);
    }



    private static String describe(RunSnapshot run) {
        return "run " + run.runId() + " ended " + run.state() + " with error " + run.error();
    }
}
