package io.taskrunner.agent.api.ws;

import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.core.ApiRuns;
import io.taskrunner.agent.api.core.ParameterSources;
import io.taskrunner.agent.api.core.RequestValues;
import io.taskrunner.agent.api.core.RouteStore;
import io.taskrunner.agent.api.core.RunFeed;
import io.taskrunner.agent.api.core.RunFeeds;
import io.taskrunner.agent.api.core.RunOptions;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a WebSocket client's messages do: run a task (and follow it), follow or stop following a run, cancel one,
 * store a row through a store route, ping. Every refusal is an {@code error} message with the problem's fields;
 * the connection stays open.
 */
public final class WsCommands implements AutoCloseable {
    /** Runs one connection may follow at once. */
    static final int MAX_FOLLOWED = 32;

    private final Caller caller;
    private final Consumer<WsReply> out;
    private final MessageCodec codec;
    private final DefinitionRegistry definitions;
    private final ApiRuns runs;
    private final RunFeeds feeds;
    private final RouteStore store;
    private final ParameterSources sources;
    private final Map<UUID, WsFollower> followed = new ConcurrentHashMap<>();

    /** Makes the commands of one session. */
    public record Factory(MessageCodec codec, DefinitionRegistry definitions, ApiRuns runs, RunFeeds feeds,
            RouteStore store, ParameterSources sources) {
        WsCommands create(Caller caller, Consumer<WsReply> out) {
            return new WsCommands(caller, out, this);
        }
    }

    private WsCommands(Caller caller, Consumer<WsReply> out, Factory parts) {
        this.caller = caller;
        this.out = out;
        this.codec = parts.codec();
        this.definitions = parts.definitions();
        this.runs = parts.runs();
        this.feeds = parts.feeds();
        this.store = parts.store();
        this.sources = parts.sources();
    }

    void handle(String text) {
        WsRequest request;
        try {
            request = codec.readValue(text.getBytes(StandardCharsets.UTF_8), WsRequest.class, "message");
        } catch (ProtocolException e) {
            out.accept(WsReply.error(null, e.field() == null ? ApiException.badRequest(e.getMessage())
                    : ApiException.invalid(e)));
            return;
        }
        try {
            switch (request.type()) {
                case "run" -> run(request);
                case "subscribe" -> subscribe(request);
                case "unsubscribe" -> unsubscribe(request);
                case "cancel" -> out.accept(WsReply.answer("cancelling", request.id(), required(request.runId(),
                        "runId"), runs.cancel(caller, request.runId())));
                case "store" -> store(request);
                case "ping" -> out.accept(WsReply.answer("pong", request.id(), null, null));
                default -> throw ApiException.badRequest("unknown message type '" + request.type() + "'; use run,"
                        + " subscribe, unsubscribe, cancel, store or ping");
            }
        } catch (ProtocolException e) {
            out.accept(WsReply.error(request.id(), ApiException.invalid(e)));
        } catch (ApiException e) {
            out.accept(WsReply.error(request.id(), e));
        }
    }

    private void run(WsRequest request) {
        String taskName = required(request.task(), "task");
        if (!caller.mayRun(taskName)) {
            throw ApiException.forbidden("token '" + caller.name() + "' may not run task '" + taskName + "'");
        }
        TaskDefinition task = definitions.task(taskName).orElseThrow(() -> ApiException.notFound("unknown-task",
                "Unknown task", "this agent has no task '" + taskName + "'"));
        Map<String, Object> parameters = sources.fromJson(task, request.parameters()).parameters();
        ApiRuns.Started started = runs.start(caller, taskName, parameters, RunOptions.NONE, "ws " + caller.name());
        out.accept(WsReply.answer("accepted", request.id(), started.runId(), null));
        follow(started.runId());
    }

    private void subscribe(WsRequest request) {
        UUID runId = required(request.runId(), "runId");
        out.accept(WsReply.answer("subscribed", request.id(), runId, runs.visible(caller, runId)));
        follow(runId);
    }

    private void unsubscribe(WsRequest request) {
        UUID runId = required(request.runId(), "runId");
        WsFollower follower = followed.remove(runId);
        if (follower != null) {
            follower.close();
        }
        out.accept(WsReply.answer("unsubscribed", request.id(), runId, null));
    }

    private void store(WsRequest request) {
        String route = required(request.route(), "route");
        if (request.data() == null || !request.data().isObject()) {
            throw new ProtocolException("data", "must be a JSON object of the values the route maps");
        }
        store.store(store.route(caller, route), new RequestValues(null, null, request.data(), null, null));
        out.accept(WsReply.stored(request.id(), route));
    }

    private void follow(UUID runId) {
        if (followed.containsKey(runId)) {
            return;
        }
        followed.values().removeIf(WsFollower::done);
        if (followed.size() >= MAX_FOLLOWED) {
            throw ApiException.conflict("too-many-subscriptions", "Too many subscriptions", "this connection follows "
                    + MAX_FOLLOWED + " runs already; unsubscribe from one first", runId);
        }
        RunFeed feed = feeds.open(caller, runId);
        followed.put(runId, WsFollower.start(feed, out));
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new ProtocolException(field, "is required for this message type");
        }
        return value;
    }

    @Override
    public void close() {
        followed.values().forEach(WsFollower::close);
        followed.clear();
    }
}
