package io.taskrunner.agent.api.core;

import io.taskrunner.protocol.ProtocolException;
import java.util.UUID;

/**
 * A request the API refuses, with the status and a detail that says what was wrong; it becomes an
 * {@link ApiProblem} response (or a WebSocket error message). The agent's one exception type for HTTP input.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String kind;
    private final String title;
    private final String field;
    private final UUID runId;
    private final long retryAfterSeconds;
    private String allow;

    private ApiException(int status, String kind, String title, String detail, String field, UUID runId,
            long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.field = field;
        this.runId = runId;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail, null, null, 0);
    }

    /** A value of the request breaks its rules; the field is named. */
    public static ApiException invalid(ProtocolException e) {
        return new ApiException(422, "invalid-value", "Invalid value", e.getMessage(), e.field(), null, 0);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Missing or unknown token", detail, null, null, 0);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Token lacks scope", detail, null, null, 0);
    }

    public static ApiException notFound(String kind, String title, String detail) {
        return new ApiException(404, kind, title, detail, null, null, 0);
    }

    /** @param allowed the methods the resource takes, for the {@code Allow} header */
    public static ApiException methodNotAllowed(String detail, java.util.Collection<String> allowed) {
        ApiException e = new ApiException(405, "method-not-allowed", "Method not allowed", detail, null, null, 0);
        e.allow = String.join(", ", allowed);
        return e;
    }

    public static ApiException conflict(String kind, String title, String detail, UUID runId) {
        return new ApiException(409, kind, title, detail, null, runId, 0);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "body-too-large", "Request body too large", detail, null, null, 0);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported-media-type", "Unsupported content type", detail, null, null, 0);
    }

    public static ApiException rejected(String detail, UUID runId) {
        return new ApiException(422, "run-rejected", "Run rejected", detail, null, runId, 0);
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "rate-limited", "Too many requests", "this caller is over its rate limit; try"
                + " again in " + retryAfterSeconds + " s", null, null, retryAfterSeconds);
    }

    public static ApiException headersTooLarge(String detail) {
        return new ApiException(431, "headers-too-large", "Request headers too large", detail, null, null, 0);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "unavailable", "Service unavailable", detail, null, null, 0);
    }

    /** A run a custom route started did not succeed; the run's own error is the detail. */
    public static ApiException taskFailed(String detail, UUID runId) {
        return new ApiException(500, "task-failed", "Task did not succeed", detail, null, runId, 0);
    }

    /** A store route's datasource refused the row (or could not be reached). */
    public static ApiException storeFailed(String detail) {
        return new ApiException(502, "store-failed", "Datasource refused the row", detail, null, null, 0);
    }

    public int status() {
        return status;
    }

    /** Seconds for a {@code Retry-After} header; 0 when none applies. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The methods for an {@code Allow} header (405 only), else {@code null}. */
    public String allow() {
        return allow;
    }

    public ApiProblem problem() {
        return new ApiProblem(ApiProblem.TYPE_PREFIX + kind, title, status, getMessage(), field, runId);
    }
}
