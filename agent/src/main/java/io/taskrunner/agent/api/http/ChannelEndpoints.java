package io.taskrunner.agent.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.taskrunner.agent.api.auth.ApiToken;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiChannels;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.protocol.definition.ChannelDefinition;

/**
 * {@code /api/v1/channels}: any token may list them; creating, changing and deleting takes a token with scope
 * {@code *}, since a channel's workers limit every task that runs in it.
 */
final class ChannelEndpoints {
    private final ApiChannels channels;
    private final RequestBodies bodies;

    ChannelEndpoints(ApiChannels channels, RequestBodies bodies) {
        this.channels = channels;
        this.bodies = bodies;
    }

    void list(HttpExchange exchange) {
        exchange.json(HttpResponseStatus.OK, new TaskEndpoints.Listing<>(channels.list()));
    }

    void put(HttpExchange exchange, Caller caller) {
        requireAll(caller);
        ChannelDefinition channel = bodies.json(exchange.request(), ChannelDefinition.class);
        boolean created = channels.put(channel);
        ApiChannels.ChannelView view = channels.list().stream().filter(c -> c.name().equals(channel.name()))
                .findFirst().orElseThrow();
        exchange.json(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, view, "Location",
                "/api/v1/channels/" + RequestPath.encodeSegment(channel.name()));
    }

    void delete(HttpExchange exchange, Caller caller, String name) {
        requireAll(caller);
        channels.delete(name);
        exchange.respond(HttpResponseStatus.NO_CONTENT, "application/json", new byte[0]);
    }

    private static void requireAll(Caller caller) {
        if (!caller.scopes().contains(ApiToken.ALL_TASKS)) {
            throw ApiException.forbidden("changing channels takes a token with scope *; token '" + caller.name()
                    + "' has " + caller.sortedScopes());
        }
    }
}
