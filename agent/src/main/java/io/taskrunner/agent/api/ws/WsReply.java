package io.taskrunner.agent.api.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiProblem;
import io.taskrunner.agent.api.core.RunView;
import java.util.UUID;

/**
 * A message to a WebSocket client: an answer to one of its messages (carrying its {@code id}) or an event of a run
 * it follows ({@code started}, {@code output}, {@code retrying}, {@code finished}). Errors carry the fields of a
 * problem document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WsReply(
        String type,
        String id,
        UUID runId,
        String stream,
        String text,
        Integer attempt,
        String state,
        RunView run,
        String route,
        Integer status,
        String title,
        String detail,
        String field) {

    static WsReply answer(String type, String id, UUID runId, RunView run) {
        return new WsReply(type, id, runId, null, null, null, null, run, null, null, null, null, null);
    }

    static WsReply stored(String id, String route) {
        return new WsReply("stored", id, null, null, null, null, null, null, route, null, null, null, null);
    }

    static WsReply output(UUID runId, String stream, String text) {
        return new WsReply("output", null, runId, stream, text, null, null, null, null, null, null, null, null);
    }

    static WsReply started(UUID runId, int attempt) {
        return new WsReply("started", null, runId, null, null, attempt, null, null, null, null, null, null, null);
    }

    static WsReply retrying(UUID runId, int attempt, String state, String error) {
        return new WsReply("retrying", null, runId, null, null, attempt, state, null, null, null, null, error, null);
    }

    static WsReply finished(RunView run) {
        return new WsReply("finished", null, run.runId(), null, null, null, null, run, null, null, null, null, null);
    }

    static WsReply error(String id, ApiException e) {
        ApiProblem problem = e.problem();
        return new WsReply("error", id, problem.runId(), null, null, null, null, null, null, problem.status(),
                problem.title(), problem.detail(), problem.field());
    }
}
