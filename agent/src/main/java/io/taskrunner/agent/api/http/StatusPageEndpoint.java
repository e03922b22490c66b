package io.taskrunner.agent.api.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.taskrunner.agent.api.core.ApiException;
import io.taskrunner.agent.api.page.PageLanguage;
import io.taskrunner.agent.api.page.StatusPage;
import java.nio.charset.StandardCharsets;

/**
 * Serves the status page at {@code /}: by default to callers on this PC only ({@code statusPage: local}), with a
 * policy that allows no script, no frame and no outside resource.
 */
final class StatusPageEndpoint {
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private final StatusPage page;
    private final String mode;

    StatusPageEndpoint(StatusPage page, String mode) {
        this.page = page;
        this.mode = mode;
    }

    void serve(HttpExchange exchange) {
        if (mode.equals("off") || !exchange.segments().isEmpty()) {
            throw ApiException.notFound("unknown-endpoint", "Unknown endpoint", "this agent serves no page at "
                    + exchange.path());
        }
        if (mode.equals("local") && !exchange.isLoopbackCaller()) {
            throw ApiException.forbidden("the status page is shown to callers on this PC only (http.statusPage is"
                    + " local)");
        }
        String html = page.render(PageLanguage.choose(exchange.queryValue("lang"),
                exchange.headers().get(HttpHeaderNames.ACCEPT_LANGUAGE)));
        exchange.respond(HttpResponseStatus.OK, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
                "Content-Security-Policy", POLICY, "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer");
    }
}
