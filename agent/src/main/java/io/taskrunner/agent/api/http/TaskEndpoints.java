package io.taskrunner.agent.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiRuns;
import io.taskrunner.agent.api.core.CallbackSender;
import io.taskrunner.agent.api.core.ParameterSources;
import io.taskrunner.agent.api.core.RequestValues;
import io.taskrunner.agent.api.core.RunOptions;
import io.taskrunner.agent.api.core.RunView;
import io.taskrunner.agent.api.core.UploadedFiles;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Definitions;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.device.AdHocRequest;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code /api/v1/tasks}, {@code /api/v1/tasks/{name}/runs} and {@code /api/v1/commands}. */
final class TaskEndpoints {
    private final DefinitionRegistry definitions;
    private final ApiRuns runs;
    private final ParameterSources sources;
    private final RequestBodies bodies;
    private final int maxWaitSeconds;

    /** A task as a caller may see it: what to send, not how it runs. */
    record TaskView(String name, String description, String type, String channel, List<ParameterSpec> parameters) {
    }

    TaskEndpoints(DefinitionRegistry definitions, ApiRuns runs, ParameterSources sources, RequestBodies bodies,
            int maxWaitSeconds) {
        this.definitions = definitions;
        this.runs = runs;
        this.sources = sources;
        this.bodies = bodies;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    void list(HttpExchange exchange, Caller caller) {
        List<TaskView> tasks = definitions.current().tasks().stream()
                .filter(TaskDefinition::isEnabled).filter(task -> caller.mayRun(task.name()))
                .map(task -> new TaskView(task.name(), task.description(), task.type().wire(), task.channel(),
                        task.parameters().stream().map(RunView::shown).toList()))
                .toList();
        exchange.json(HttpResponseStatus.OK, new Listing<>(tasks));
    }

    /** A list wrapped in an object, so it can grow fields without breaking callers. */
    record Listing<T>(List<T> items) {
    }

    void start(HttpExchange exchange, Caller caller, String taskName) {
        int wait = waitSeconds(exchange);
        if (!caller.mayRun(taskName)) {
            throw ApiException.forbidden("token '" + caller.name() + "' may not run task '" + taskName
                    + "'; its scopes are " + caller.sortedScopes());
        }
        TaskDefinition task = definitions.task(taskName).orElseThrow(() -> ApiException.notFound("unknown-task",
                "Unknown task", "this agent has no task '" + taskName + "'"));
        ParameterSources.Extracted extracted;
        RunOptions options;
        try {
            if (RequestBodies.isJson(RequestBodies.mediaType(exchange.request()))) {
                RunTaskBody body = exchange.request().content().readableBytes() == 0 ? RunTaskBody.EMPTY
                        : bodies.json(exchange.request(), RunTaskBody.class);
                extracted = sources.fromJson(task, body.parameters());
                options = new RunOptions(body.priority(), body.delaySeconds(), CallbackSender.check(body.callbackUrl()));
            } else {
                RequestValues values = bodies.values(exchange.request(), exchange.query(), null);
                extracted = sources.fromForm(task, values);
                options = queryOptions(exchange);
            }
        } catch (ProtocolException e) {
            throw ApiException.invalid(e);
        }
        ApiRuns.Started started;
        try {
            started = runs.start(caller, taskName, extracted.parameters(), options, "http " + caller.name());
        } catch (RuntimeException e) {
            UploadedFiles.delete(extracted.files());
            throw e;
        }
        started.end().thenAccept(end -> {
            if (end.state().equals(RunState.REJECTED.wire())) {
                UploadedFiles.delete(extracted.files());
            }
        });
        answer(exchange, started, wait);
    }

    void command(HttpExchange exchange, Caller caller) {
        int wait = waitSeconds(exchange);
        if (!caller.mayRunAdHoc()) {
            throw ApiException.forbidden("token '" + caller.name() + "' lacks the adhoc scope needed to run programs");
        }
        CommandBody body = bodies.json(exchange.request(), CommandBody.class);
        ApiRuns.Started started;
        try {
            AdHocRequest request = new AdHocRequest(body.program(), body.args(), body.channel(), body.timeoutSeconds(),
                    body.workingDir(), body.env(), body.outputLimitBytes());
            RunCommand command = request.toRunCommand(UUID.randomUUID());
            String channel = request.channel();
            started = runs.startAdHoc(caller, command, channel, new RunOptions(body.priority(), body.delaySeconds(),
                    CallbackSender.check(body.callbackUrl())), "http " + caller.name());
        } catch (ProtocolException e) {
            throw ApiException.invalid(e.field() == null || e.field().startsWith("body") ? e : e.within("body"));
        }
        answer(exchange, started, wait);
    }

    /** 200 with the finished run when it ended within the wait, else 202 with where it stands and where to look. */
    private void answer(HttpExchange exchange, ApiRuns.Started started, int wait) {
        RunView view = runs.await(started, Duration.ofSeconds(wait));
        if (wait > 0 && view.finished()) {
            exchange.json(HttpResponseStatus.OK, view);
        } else {
            exchange.json(HttpResponseStatus.ACCEPTED, view, "Location", "/api/v1/runs/" + started.runId());
        }
    }

    private int waitSeconds(HttpExchange exchange) {
        String wait = exchange.queryValue("wait");
        if (wait == null) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(wait);
            if (seconds >= 0 && seconds <= maxWaitSeconds) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid(new ProtocolException("wait", "must be whole seconds from 0 to " + maxWaitSeconds
                + ", was '" + wait + "'"));
    }

    private static RunOptions queryOptions(HttpExchange exchange) {
        return new RunOptions(intQuery(exchange, "priority"), intQuery(exchange, "delaySeconds"),
                CallbackSender.check(exchange.queryValue("callbackUrl")));
    }

    private static int intQuery(HttpExchange exchange, String name) {
        String value = exchange.queryValue(name);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ProtocolException(name, "must be a whole number, was '" + value + "'");
        }
    }
}
