package io.taskrunner.agent.task.desktop;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.executor.OutputStreamKind;
import io.taskrunner.agent.task.Placeholders;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.protocol.definition.OpenUrlTask;
import io.taskrunner.protocol.definition.TaskType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Runs {@code open-url} tasks: fills parameters into the URL percent-encoded, accepts only http and https, and
 * hands the URL to the desktop's browser. A machine without a desktop rejects the run as unsupported.
 */
public final class OpenUrlTaskExecutor implements TaskExecutor {
    private final DesktopBrowser browser;

    public OpenUrlTaskExecutor(DesktopBrowser browser) {
        this.browser = Objects.requireNonNull(browser, "browser");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.OPEN_URL);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        OpenUrlTask spec = context.spec(OpenUrlTask.class);
        URI uri = parse(Placeholders.expand(spec.url(), context.task(), context.parameters(),
                Placeholders::percentEncoded));
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        context.started(0);
        try {
            browser.open(uri);
        } catch (NoDesktopException e) {
            return TaskOutcome.unsupported(e.getMessage());
        }
        String shown = Placeholders.displayUrl(uri, context.task(), context.parameters());
        context.output().onOutput(OutputStreamKind.STDOUT, "opened " + shown + "\n");
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("opened", shown);
        return TaskOutcome.succeeded(result);
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new TaskException("url is not a valid URL once its parameters are filled in: " + e.getReason()
                    + " at index " + e.getIndex(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new TaskException("url must be an http or https URL, was scheme '" + scheme + "'");
        }
        if (uri.getHost() == null) {
            throw new TaskException("url names no host once its parameters are filled in");
        }
        return uri;
    }
}
