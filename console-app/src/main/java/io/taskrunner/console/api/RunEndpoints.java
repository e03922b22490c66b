package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.console.service.apitokens.ApiScope;
import io.taskrunner.console.service.desired.DesiredStateService;
import io.taskrunner.console.service.runs.RunService;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.console.service.runs.TaskRunRequest;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /agents/{id}/runs} and {@code GET /runs/{id}}. A run is of a task stored in the console's desired
 * state, sent with its definition inline so the console checks the parameters before anything is stored or sent.
 */
final class RunEndpoints {
    private static final Set<String> START_FIELDS = Set.of("task", "parameters", "wait", "callback");

    private final RunService runs;
    private final DesiredStateService desired;
    private final AgentEndpoints agents;
    private final RunWaiter waiter;
    private final Callbacks callbacks;
    private final int maxWaitSeconds;

    RunEndpoints(RunService runs, DesiredStateService desired, AgentEndpoints agents, RunWaiter waiter,
            Callbacks callbacks, int maxWaitSeconds) {
        this.runs = runs;
        this.desired = desired;
        this.agents = agents;
        this.waiter = waiter;
        this.callbacks = callbacks;
        this.maxWaitSeconds = maxWaitSeconds;
    }

    ApiResponse start(ApiRequest request, String agentId) throws InterruptedException {
        request.caller().require(ApiScope.RUNS_WRITE);
        request.allowQuery(Set.of());
        agents.known(agentId);
        request.caller().requireReach(agentId, AgentEndpoints.labelsOf(desired.labels(), agentId).groups());
        JsonBody body = JsonBody.parse(request.body()).allowOnly(START_FIELDS);
        String task = body.requiredText("task");
        Map<String, Object> parameters = body.parameters("parameters");
        int wait = waitSeconds(body.integer("wait"));
        URI callback = CallbackSender.check(body.text("callback"), "callback");
        TaskRunRequest runRequest = runRequest(task, parameters);

        UUID runId = UUID.randomUUID();
        CompletableFuture<RunSnapshot> finished = wait > 0 ? waiter.whenFinished(runId) : null;
        if (callback != null) {
            callbacks.afterRun(runId, callback, request.caller().signingKey());
        }
        RunSnapshot pending;
        try {
            pending = runs.runTask(agentId, runId, runRequest).join();
        } catch (CompletionException e) {
            if (finished != null) {
                waiter.forget(runId, finished);
            }
            callbacks.dropRun(runId);
            throw e.getCause() instanceof ProtocolException invalid
                    ? ApiException.unprocessable(invalid.field(), invalid.getMessage()) : e;
        }
        String location = "/api/v1/runs/" + runId;
        if (finished != null) {
            RunSnapshot done = await(runId, finished, wait);
            if (done != null) {
                return new ApiResponse(200, withOutput(done), location);
            }
        }
        ObjectNode accepted = ApiJson.run(runs.run(runId).orElse(pending), null);
        return new ApiResponse(202, accepted, location);
    }

    /** The run now, or with {@code ?wait=N} once it ended within N seconds. */
    ApiResponse get(ApiRequest request, String id) throws InterruptedException {
        request.caller().require(ApiScope.RUNS_READ);
        request.allowQuery(Set.of("wait"));
        UUID runId = uuid(id, "run");
        RunSnapshot run = runs.run(runId).orElseThrow(() -> ApiException.notFound("no run " + runId));
        request.caller().requireReach(run.agentId(), AgentEndpoints.labelsOf(desired.labels(), run.agentId())
                .groups());
        Integer wait = request.number("wait", 0, maxWaitSeconds);
        if (wait != null && wait > 0 && !run.state().isFinal()) {
            RunSnapshot done = await(runId, waiter.whenFinished(runId), wait);
            run = done == null ? runs.run(runId).orElse(run) : done;
        }
        return ApiResponse.ok(withOutput(run));
    }

    private ObjectNode withOutput(RunSnapshot run) {
        RunSnapshot stored = runs.run(run.runId()).orElse(run);
        return ApiJson.run(stored, RunOutputExcerpt.of(runs.output(run.runId())));
    }

    private RunSnapshot await(UUID runId, CompletableFuture<RunSnapshot> finished, int seconds)
            throws InterruptedException {
        try {
            return finished.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return null;
        } finally {
            waiter.forget(runId, finished);
        }
    }

    private TaskRunRequest runRequest(String task, Map<String, Object> parameters) {
        TaskDefinition definition;
        try {
            definition = desired.task(task).orElseThrow(() -> ApiException.unprocessable("task", "unknown task '"
                    + task + "': the console's desired state has no task of that name"));
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("task", e.getMessage());
        }
        try {
            return TaskRunRequest.inline(definition, parameters);
        } catch (IllegalArgumentException e) {
            throw ApiException.fromInvalidValue(e.getMessage());
        }
    }

    private int waitSeconds(Integer wait) {
        if (wait == null) {
            return 0;
        }
        if (wait < 0 || wait > maxWaitSeconds) {
            throw ApiException.unprocessable("wait", "must be between 0 and " + maxWaitSeconds + " seconds, was "
                    + wait);
        }
        return wait;
    }

    static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no " + what + " " + text + " (not a UUID)");
        }
    }
}
