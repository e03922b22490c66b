package io.taskrunner.agent.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiRuns;
import io.taskrunner.agent.api.core.ParameterSources;
import io.taskrunner.agent.api.core.RequestValues;
import io.taskrunner.agent.api.core.RouteStore;
import io.taskrunner.agent.api.core.RunOptions;
import io.taskrunner.agent.api.core.RunView;
import io.taskrunner.agent.api.core.UploadedFiles;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.HttpRoute;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.device.TriggerReply;
import io.taskrunner.protocol.message.RunState;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's own endpoints under {@code /api/custom/}: the enabled route whose method and path match (the one
 * with most literal segments when several do) runs its task with the mapped values and answers with the task's
 * result, or stores a row. A route is public only when its definition says so.
 */
final class CustomRouteEndpoint {
    private final DefinitionRegistry definitions;
    private final ApiRuns runs;
    private final RouteStore store;
    private final ParameterSources sources;
    private final RequestBodies bodies;
    private final Authenticator authenticator;
    private final int maxWaitSeconds;

    private record Match(HttpRoute route, Map<String, String> variables) {
    }

    CustomRouteEndpoint(DefinitionRegistry definitions, ApiRuns runs, RouteStore store, ParameterSources sources,
            RequestBodies bodies, Authenticator authenticator, int maxWaitSeconds) {
        this.definitions = definitions;
        this.runs = runs;
        this.store = store;
        this.sources = sources;
        this.bodies = bodies;
        this.authenticator = authenticator;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    void handle(HttpExchange exchange, String authorization) {
        List<Match> matches = definitions.current().routes().stream().filter(HttpRoute::isEnabled)
                .map(route -> new Match(route, route.match(exchange.segments())))
                .filter(match -> match.variables() != null)
                .sorted(Comparator.comparingInt((Match match) -> -match.route().literalSegments())
                        .thenComparing(match -> match.route().name()))
                .toList();
        if (matches.isEmpty()) {
            throw ApiException.notFound("unknown-endpoint", "Unknown endpoint", "no route of this agent matches "
                    + exchange.path());
        }
        Optional<Match> match = matches.stream().filter(m -> m.route().method().equals(exchange.method()))
                .findFirst();
        if (match.isEmpty()) {
            List<String> allowed = matches.stream().map(m -> m.route().method()).distinct().sorted().toList();
            throw ApiException.methodNotAllowed(exchange.path() + " takes " + String.join(" or ", allowed) + ", not "
                    + exchange.method(), allowed);
        }
        HttpRoute route = match.get().route();
        Caller caller = caller(exchange, authorization, route);
        RequestValues values = bodies.values(exchange.request(), exchange.query(), match.get().variables());
        if (route.store() != null) {
            store.store(store.route(caller, route.name()), values);
            exchange.json(HttpResponseStatus.OK, new TriggerReply(TriggerReply.STORED, null, null, route.name(), null,
                    null, null, null));
            return;
        }
        run(exchange, caller, route, values);
    }

    private Caller caller(HttpExchange exchange, String authorization, HttpRoute route) {
        String scope = route.task() != null ? route.task() : "store:" + route.name();
        if (route.isPublic()) {
            Caller anonymous = Caller.ofPublicRoute(scope, exchange.remoteAddress());
            authenticator.admit(anonymous);
            return anonymous;
        }
        Caller caller = authenticator.identify(authorization, null, exchange.remoteAddress());
        boolean allowed = route.task() != null ? caller.mayRun(route.task()) : caller.mayStore(route.name());
        if (!allowed) {
            throw ApiException.forbidden("token '" + caller.name() + "' may not use route '" + route.name()
                    + "'; it needs scope " + scope);
        }
        return caller;
    }

    private void run(HttpExchange exchange, Caller caller, HttpRoute route, RequestValues values) {
        TaskDefinition task = definitions.task(route.task()).orElseThrow(() -> ApiException.notFound("unknown-task",
                "Unknown task", "route '" + route.name() + "' runs task '" + route.task() + "', which this agent"
                        + " does not have"));
        ParameterSources.Extracted extracted;
        try {
            extracted = sources.fromRoute(route, task, values);
        } catch (ProtocolException e) {
            throw ApiException.invalid(e);
        }
        ApiRuns.Started started;
        try {
            started = runs.start(caller, task.name(), extracted.parameters(), RunOptions.NONE,
                    "http route " + route.name());
        } catch (RuntimeException e) {
            UploadedFiles.delete(extracted.files());
            throw e;
        }
        RunView view = runs.await(started, Duration.ofSeconds(Math.min(route.waitSeconds(), maxWaitSeconds)));
        if (!view.finished()) {
            exchange.json(HttpResponseStatus.ACCEPTED, view, "Location", "/api/v1/runs/" + view.runId());
            return;
        }
        if (view.state().equals(RunState.REJECTED.wire())) {
            UploadedFiles.delete(extracted.files());
            throw ApiException.rejected(view.error(), view.runId());
        }
        if (!view.state().equals(RunState.SUCCEEDED.wire())) {
            throw ApiException.taskFailed("the run ended " + view.state() + (view.exitCode() == null ? ""
                    : " with exit code " + view.exitCode()) + (view.error() == null ? "" : ": " + view.error()),
                    view.runId());
        }
        exchange.json(HttpResponseStatus.OK, view.result() != null ? view.result() : new TriggerReply(view.state(),
                view.runId(), view.task(), route.name(), view.exitCode(), view.durationMs(), null, null));
    }
}
