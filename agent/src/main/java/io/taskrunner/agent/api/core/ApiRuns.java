package io.taskrunner.agent.api.core;

import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ParameterValidator;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunFinished;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs as API callers see them: starting a task (scope, task and parameters checked first, so the answer names what
 * was wrong), an ad-hoc program, waiting for the end, cancelling, and looking runs up. Shared by HTTP, custom routes
 * and the WebSocket. A run a caller may not see is reported as unknown, so its existence says nothing.
 */
public final class ApiRuns {
    private final RunEngine engine;
    private final DefinitionRegistry definitions;
    private final CallbackSender callbacks;

    /** A run that was accepted, and its end to come. */
    public record Started(UUID runId, CompletableFuture<RunView> end) {
    }

    public ApiRuns(RunEngine engine, DefinitionRegistry definitions, CallbackSender callbacks) {
        this.engine = engine;
        this.definitions = definitions;
        this.callbacks = callbacks;
    }

    /**
     * Starts {@code task} with {@code parameters} (JSON values or text; checked against the task's declarations).
     *
     * @throws ApiException 403 without the scope, 404 for an unknown task, 422 for a bad parameter or a refusal
     */
    public Started start(Caller caller, String task, Map<String, ?> parameters, RunOptions options, String source) {
        if (!caller.mayRun(task)) {
            throw ApiException.forbidden("token '" + caller.name() + "' may not run task '" + task + "'; its scopes"
                    + " are " + caller.sortedScopes());
        }
        TaskDefinition definition = definitions.task(task).orElseThrow(() -> ApiException.notFound("unknown-task",
                "Unknown task", "this agent has no task '" + task + "'"));
        try {
            ParameterValidator.validate(definition, parameters);
        } catch (ProtocolException e) {
            throw ApiException.invalid(e);
        }
        return submit(new RunRequest(UUID.randomUUID(), null, task, null, parameters, options.priority(), null,
                options.delaySeconds(), source), options);
    }

    /**
     * Runs a program with its arguments as a run of an inline {@code command} task, in {@code channel}.
     *
     * @throws ApiException 403 without the {@code adhoc} scope
     */
    public Started startAdHoc(Caller caller, RunCommand command, String channel, RunOptions options, String source) {
        if (!caller.mayRunAdHoc()) {
            throw ApiException.forbidden("token '" + caller.name() + "' lacks the adhoc scope needed to run programs");
        }
        return submit(new RunRequest(command.runId(), null, RunEngine.AD_HOC_TASK,
                RunEngine.adHocTask(command, channel), Map.of(), options.priority(), null, options.delaySeconds(),
                source), options);
    }

    private Started submit(RunRequest request, RunOptions options) {
        CompletableFuture<RunView> end = new CompletableFuture<>();
        RunEngine.Submission submission = engine.submit(request, record -> end.complete(view(record)));
        if (!submission.accepted()) {
            throw ApiException.rejected(submission.error(), request.runId());
        }
        if (options.callbackUrl() != null) {
            end.thenAccept(run -> callbacks.send(options.callbackUrl(), run));
        }
        return new Started(request.runId(), end);
    }

    /** The run's end within {@code wait}, else where it stands now. */
    public RunView await(Started started, Duration wait) {
        try {
            return started.end().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return find(started.runId()).orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for run " + started.runId());
        } catch (ExecutionException e) {
            throw new IllegalStateException("run listeners do not fail", e);
        }
    }

    /** The run as it stands, whoever started it. */
    public Optional<RunView> find(UUID runId) {
        Optional<RunView> running = engine.progress(runId).map(run -> RunView.of(run, definitions.task(run.task())));
        if (running.isPresent()) {
            return running;
        }
        return engine.history().get(runId).map(this::view);
    }

    /** @throws ApiException 404 when there is no such run or the caller may not see it */
    public RunView visible(Caller caller, UUID runId) {
        return find(runId).filter(run -> caller.mayRun(run.task())).orElseThrow(() -> ApiException.notFound(
                "unknown-run", "Unknown run", "no run " + runId + " that token '" + caller.name() + "' may see"));
    }

    /** @throws ApiException 404 as {@link #visible}, 409 when it already finished */
    public RunView cancel(Caller caller, UUID runId) {
        RunView run = visible(caller, runId);
        if (run.finished() || !engine.cancel(runId)) {
            RunView now = find(runId).orElse(run);
            throw ApiException.conflict("run-finished", "Run already finished", "run " + runId + " finished as "
                    + now.state() + "; there is nothing to cancel", runId);
        }
        return find(runId).orElse(run);
    }

    /** A finished run from its event, for ends the history does not keep (a merged run cancelled on its own). */
    public RunView finishedView(RunFinished event) {
        return engine.history().get(event.runId()).map(this::view).orElseGet(() -> new RunView(event.runId(),
                event.task(), null, null, event.state().wire(), event.attempts(), event.exitCode(), event.error(),
                null, null, null, event.durationMs(), event.outputBytes(), event.outputTruncated(), event.result(),
                null, null));
    }

    private RunView view(RunRecord record) {
        return RunView.of(record, definitions.task(record.task()));
    }
}
