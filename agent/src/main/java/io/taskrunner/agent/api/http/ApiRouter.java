package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.taskrunner.agent.api.auth.Caller;
import io.taskrunner.agent.api.core.ApiException;
import java.util.List;
import java.util.Map;

/**
 * Sends each request to its endpoint under {@code /api/v1} (versioned: a later {@code /api/v2} can live beside it),
 * to the operator's routes under {@code /api/custom}, or to the status page at {@code /}. Everything under
 * {@code /api/v1} but health needs a token.
 */
public final class ApiRouter {
    static final String WEBSOCKET_PATH = "/api/v1/ws";

    private final ObjectMapper json;
    private final Authenticator authenticator;
    private final TaskEndpoints tasks;
    private final RunEndpoints runs;
    private final ChannelEndpoints channels;
    private final CustomRouteEndpoint routes;
    private final StatusPageEndpoint page;
    private final WebSocketUpgrade webSocket;
    private final Map<String, String> health;

    ApiRouter(ObjectMapper json, Authenticator authenticator, TaskEndpoints tasks, RunEndpoints runs,
            ChannelEndpoints channels, CustomRouteEndpoint routes, StatusPageEndpoint page,
            WebSocketUpgrade webSocket, Map<String, String> health) {
        this.json = json;
        this.authenticator = authenticator;
        this.tasks = tasks;
        this.runs = runs;
        this.channels = channels;
        this.routes = routes;
        this.page = page;
        this.webSocket = webSocket;
        this.health = Map.copyOf(health);
    }

    ObjectMapper json() {
        return json;
    }

    boolean isWebSocketUpgrade(FullHttpRequest request) {
        return HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))
                && request.uri().split("\\?", 2)[0].equals(WEBSOCKET_PATH);
    }

    void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
        webSocket.upgrade(ctx, request);
    }

    void handle(HttpExchange exchange) throws InterruptedException {
        List<String> path = exchange.segments();
        String method = exchange.method();
        String authorization = exchange.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (path.isEmpty() || path.size() == 1 && path.getFirst().equals("favicon.ico")) {
            authenticator.admit(Caller.anonymous(exchange.remoteAddress()));
            only(method, "GET");
            page.serve(exchange);
            return;
        }
        if (path.size() < 2 || !path.get(0).equals("api")) {
            throw unknown(exchange);
        }
        if (path.get(1).equals("custom")) {
            routes.handle(exchange, authorization);
            return;
        }
        if (!path.get(1).equals("v1") || path.size() < 3) {
            throw unknown(exchange);
        }
        List<String> rest = path.subList(2, path.size());
        if (rest.equals(List.of("health"))) {
            authenticator.admit(Caller.anonymous(exchange.remoteAddress()));
            only(method, "GET");
            exchange.json(HttpResponseStatus.OK, health);
            return;
        }
        Caller caller = authenticator.identify(authorization, null, exchange.remoteAddress());
        switch (rest.getFirst()) {
            case "tasks" -> tasks(exchange, caller, rest);
            case "runs" -> runs(exchange, caller, rest);
            case "channels" -> channels(exchange, caller, rest);
            case "commands" -> {
                expectSize(exchange, rest, 1);
                only(method, "POST");
                tasks.command(exchange, caller);
            }
            case "ws" -> throw ApiException.badRequest(WEBSOCKET_PATH + " takes WebSocket upgrades only");
            default -> throw unknown(exchange);
        }
    }

    private void tasks(HttpExchange exchange, Caller caller, List<String> rest) {
        if (rest.size() == 1) {
            only(exchange.method(), "GET");
            tasks.list(exchange, caller);
        } else if (rest.size() == 3 && rest.get(2).equals("runs")) {
            only(exchange.method(), "POST");
            tasks.start(exchange, caller, rest.get(1));
        } else {
            throw unknown(exchange);
        }
    }

    private void runs(HttpExchange exchange, Caller caller, List<String> rest) throws InterruptedException {
        if (rest.size() == 2) {
            switch (only(exchange.method(), "GET", "DELETE")) {
                case "GET" -> runs.get(exchange, caller, RunEndpoints.runId(rest.get(1)));
                default -> runs.cancel(exchange, caller, RunEndpoints.runId(rest.get(1)));
            }
        } else if (rest.size() == 3 && rest.get(2).equals("output")) {
            only(exchange.method(), "GET");
            runs.output(exchange, caller, RunEndpoints.runId(rest.get(1)));
        } else {
            throw unknown(exchange);
        }
    }

    private void channels(HttpExchange exchange, Caller caller, List<String> rest) {
        if (rest.size() == 1) {
            switch (only(exchange.method(), "GET", "POST")) {
                case "GET" -> channels.list(exchange);
                default -> channels.put(exchange, caller);
            }
        } else if (rest.size() == 2) {
            only(exchange.method(), "DELETE");
            channels.delete(exchange, caller, rest.get(1));
        } else {
            throw unknown(exchange);
        }
    }

    private static String only(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return method;
            }
        }
        throw ApiException.methodNotAllowed("this endpoint takes " + String.join(" or ", allowed) + ", not "
                + method, List.of(allowed));
    }

    private static void expectSize(HttpExchange exchange, List<String> rest, int size) {
        if (rest.size() != size) {
            throw unknown(exchange);
        }
    }

    private static ApiException unknown(HttpExchange exchange) {
        return ApiException.notFound("unknown-endpoint", "Unknown endpoint", "there is no endpoint "
                + exchange.method() + " " + exchange.path() + " (the API lives under /api/v1)");
    }
}
