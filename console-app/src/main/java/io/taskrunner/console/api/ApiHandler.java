package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.taskrunner.console.service.apitokens.ApiToken;
import io.taskrunner.console.service.apitokens.ApiTokenService;
import io.taskrunner.console.service.apitokens.TokenSecrets;
import io.taskrunner.console.service.audit.Actor;
import io.taskrunner.protocol.security.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the Fleet API on its virtual thread: rate limit and token, body within its limit, the endpoint,
 * and the answer as JSON or {@code application/problem+json}. The rate limit is taken before a bad token is
 * refused, by the caller's address, so guessing tokens is as slow as any other request.
 */
final class ApiHandler implements HttpHandler {
    static final String PREFIX = "/api/v1/";
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String BEARER = "Bearer ";
    /** Past this much of a refused body the connection is dropped rather than read to its end. */
    private static final long MAX_DISCARD = 64L * 1024 * 1024;

    private final ApiTokenService tokens;
    private final RateLimiter limiter;
    private final int maxBodyBytes;
    private final AgentEndpoints agents;
    private final RunEndpoints runs;
    private final JobEndpoints jobs;

    ApiHandler(ApiTokenService tokens, RateLimiter limiter, int maxBodyBytes, AgentEndpoints agents,
            RunEndpoints runs, JobEndpoints jobs) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.maxBodyBytes = maxBodyBytes;
        this.agents = agents;
        this.runs = runs;
        this.jobs = jobs;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResponse response;
            try {
                response = respond(exchange);
            } catch (ApiException e) {
                response = problem(exchange, e);
            } catch (IllegalArgumentException e) {
                response = problem(exchange, ApiException.fromInvalidValue(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                response = problem(exchange, new ApiFailure(503, "Unavailable", "the console is stopping"));
            } catch (RuntimeException e) {
                LOG.error("Fleet API request {} {} failed", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), e);
                response = problem(exchange, new ApiFailure(500, "Internal error", "the console failed to answer: "
                        + e.getMessage()));
            }
            write(exchange, response);
        }
    }

    private ApiResponse respond(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getPath();
        if (path == null || !path.startsWith(PREFIX)) {
            throw ApiException.notFound("the Fleet API is under " + PREFIX);
        }
        ApiCaller caller = identify(exchange);
        byte[] body = readBody(exchange);
        String[] segments = Arrays.stream(path.substring(PREFIX.length()).split("/")).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        ApiRequest request = new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT), segments,
                query(exchange.getRequestURI().getRawQuery()), body, caller);
        // whatever the request does is audited as the token's
        return Actor.callAs(Actor.ofToken(caller.token()), () -> route(request));
    }

    private ApiResponse route(ApiRequest request) throws InterruptedException {
        String[] path = request.path();
        String method = request.method();
        String resource = path.length == 0 ? "" : path[0];
        switch (resource) {
            case "agents" -> {
                if (path.length == 1) {
                    allow(method, "GET");
                    return agents.list(request);
                }
                if (path.length == 2) {
                    allow(method, "GET");
                    return agents.get(request, path[1]);
                }
                if (path.length == 3 && path[2].equals("runs")) {
                    allow(method, "POST");
                    return runs.start(request, path[1]);
                }
            }
            case "runs" -> {
                if (path.length == 2) {
                    allow(method, "GET");
                    return runs.get(request, path[1]);
                }
            }
            case "jobs" -> {
                if (path.length == 1) {
                    allow(method, "POST");
                    return jobs.create(request);
                }
                if (path.length == 2) {
                    allow(method, "GET");
                    return jobs.get(request, path[1]);
                }
                if (path.length == 3 && path[2].equals("executions")) {
                    allow(method, "GET");
                    return jobs.executions(request, path[1]);
                }
                if (path.length == 3 && path[2].equals("cancel")) {
                    allow(method, "POST");
                    return jobs.cancel(request, path[1]);
                }
            }
            default -> {
                // falls through to the 404 below
            }
        }
        throw ApiException.notFound("no endpoint " + PREFIX + String.join("/", path));
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw ApiException.methodNotAllowed("use " + allowed + " here, not " + method);
        }
    }

    private ApiCaller identify(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String presented = null;
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            presented = authorization.substring(BEARER.length()).strip();
        }
        Optional<ApiToken> token = presented == null ? Optional.empty() : tokens.authenticate(presented);
        String rateKey = token.map(found -> "token:" + found.name())
                .orElseGet(() -> "address:" + exchange.getRemoteAddress().getAddress().getHostAddress());
        long wait = limiter.acquire(rateKey);
        if (wait > 0) {
            throw ApiException.tooManyRequests(wait);
        }
        if (authorization == null) {
            throw ApiException.unauthorized("send a token: Authorization: Bearer <token> (see taskrunner-console "
                    + "token create)");
        }
        if (presented == null) {
            throw ApiException.unauthorized("the Authorization header must read 'Bearer <token>'");
        }
        if (token.isEmpty()) {
            throw ApiException.unauthorized("this token is not known to the console (mistyped, or revoked)");
        }
        return new ApiCaller(token.get(), TokenSecrets.sha256(presented));
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = declared == null ? -1 : parseLength(declared);
        if (length > MAX_DISCARD) {
            exchange.getResponseHeaders().set("Connection", "close");
            throw ApiException.tooLarge("the body is " + length + " bytes; at most " + maxBodyBytes + " are allowed");
        }
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            // read the rest so the caller, still sending, gets the answer rather than a reset connection
            long discarded = body.length + discard(in);
            throw ApiException.tooLarge("the body is " + (length >= 0 ? length : "more than " + discarded)
                    + " bytes; at most " + maxBodyBytes + " are allowed");
        }
        return body;
    }

    private static long discard(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long discarded = 0;
        for (int read = in.read(buffer); read >= 0 && discarded < MAX_DISCARD; read = in.read(buffer)) {
            discarded += read;
        }
        return discarded;
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Content-Length", "is not a number: '" + declared + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value,
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name, "is not correctly URL-encoded");
            }
        }
        return query;
    }

    private static ApiResponse problem(HttpExchange exchange, ApiException e) {
        if (e.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"taskrunner-console\"");
        }
        if (e.retryAfterSeconds() > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return problem(exchange, new ApiFailure(e.status(), e.title(), e.getMessage(), e.field()));
    }

    private static ApiResponse problem(HttpExchange exchange, ApiFailure failure) {
        ObjectNode body = ApiJson.MAPPER.createObjectNode();
        body.put("type", "urn:taskrunner:problem:" + failure.title().toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", failure.title());
        body.put("status", failure.status());
        body.put("detail", failure.detail());
        if (failure.field() != null) {
            body.put("field", failure.field());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        return new ApiResponse(failure.status(), body, null);
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] bytes = ApiJson.bytes(response.body());
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (response.location() != null) {
            exchange.getResponseHeaders().set("Location", response.location());
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A problem answer: status, title, detail and the field at fault (null for none). */
    private record ApiFailure(int status, String title, String detail, String field) {
        ApiFailure(int status, String title, String detail) {
            this(status, title, detail, null);
        }
    }
}
