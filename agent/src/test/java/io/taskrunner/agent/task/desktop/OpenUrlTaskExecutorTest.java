package io.taskrunner.agent.task.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.OpenUrlTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpenUrlTaskExecutorTest {
    private final List<URI> opened = new CopyOnWriteArrayList<>();
    private final OpenUrlTaskExecutor executor = new OpenUrlTaskExecutor(opened::add);

    @Test
    void execute_opensTheUrlWithParametersPercentEncoded() {
        TestRun run = TestRun.of(task("https://wiki.example/search?q=${term}", "term"))
                .param("term", "a&admin=true#x y");

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(opened).containsExactly(URI.create("https://wiki.example/search?q=a%26admin%3Dtrue%23x%20y"));
        assertThat(opened.getFirst().getQuery()).isEqualTo("q=a&admin=true#x y");
        assertThat(opened.getFirst().getFragment()).isNull();
        assertThat(run.pids()).containsExactly(0L);
        assertThat(run.stdout()).isEqualTo("opened https://wiki.example/search\n");
        assertThat(outcome.result().get("opened").asText()).isEqualTo("https://wiki.example/search");
    }

    @Test
    void execute_whenParameterFillsAPathSegment_keepsItInThatSegment() {
        TestRun run = TestRun.of(task("http://hmi.local:8080/screens/${screen}", "screen"))
                .param("screen", "../admin/x");

        run.runWith(executor);

        assertThat(opened.getFirst().getRawPath()).isEqualTo("/screens/..%2Fadmin%2Fx");
    }

    @Test
    void execute_whenThereIsNoDesktop_rejectsTheRunAsUnsupported() {
        OpenUrlTaskExecutor headless = new OpenUrlTaskExecutor(uri -> {
            throw new NoDesktopException("no desktop session: DISPLAY and WAYLAND_DISPLAY are not set");
        });

        TaskOutcome outcome = TestRun.of(task("https://example.org/")).runWith(headless);

        assertThat(outcome.state()).isEqualTo(RunState.REJECTED);
        assertThat(outcome.error())
                .isEqualTo("unsupported: no desktop session: DISPLAY and WAYLAND_DISPLAY are not set");
    }

    @Test
    void execute_whenTheOpenerFails_propagatesItsTaskException() {
        OpenUrlTaskExecutor failing = new OpenUrlTaskExecutor(uri -> {
            throw new TaskException("xdg-open could not open the URL: exit code 3");
        });

        assertThatThrownBy(() -> TestRun.of(task("https://example.org/")).runWith(failing))
                .isInstanceOf(TaskException.class).hasMessageContaining("exit code 3");
    }

    @Test
    void execute_whenTheFilledUrlHasNoHost_refusesWithoutOpening() {
        TestRun run = TestRun.of(task("http://${host}/status", "host"));

        assertThatThrownBy(() -> run.runWith(executor))
                .isInstanceOf(TaskException.class).hasMessageContaining("no host");
        assertThat(opened).isEmpty();
    }

    @Test
    void execute_whenAlreadyCancelled_opensNothing() {
        TestRun run = TestRun.of(task("https://example.org/"));
        run.cancel().cancel();

        assertThat(run.runWith(executor).state()).isEqualTo(RunState.CANCELLED);
        assertThat(opened).isEmpty();
    }

    @Test
    void execute_masksSecretParametersInTheOutput() {
        TaskDefinition task = TaskDefinition.of("open", new OpenUrlTask("https://example.org/t/${token}/view"))
                .withParameters(List.of(new ParameterSpec("token", ParameterType.STRING, null, true, null, null,
                        null, null, null, true)));
        TestRun run = TestRun.of(task).param("token", "s3cret");

        run.runWith(executor);

        assertThat(run.stdout()).isEqualTo("opened https://example.org/t/***/view\n");
        assertThat(opened.getFirst().getPath()).isEqualTo("/t/s3cret/view");
    }

    private static TaskDefinition task(String url, String... stringParameters) {
        return TaskDefinition.of("open", new OpenUrlTask(url)).withParameters(List.of(stringParameters).stream()
                .map(name -> new ParameterSpec(name, ParameterType.STRING, null, false, null, null, null, null, null,
                        false))
                .toList());
    }
}
