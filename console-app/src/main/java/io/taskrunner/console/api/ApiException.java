package io.taskrunner.console.api;

/**
 * A request the Fleet API refuses, carrying what the caller gets as {@code application/problem+json}: the HTTP
 * status, a short title, a detail that says what was wrong and, when one value is at fault, its {@code field}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final String field;
    private final long retryAfterSeconds;

    private ApiException(int status, String title, String detail, String field, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "Bad request", detail, field, 0);
    }

    static ApiException unprocessable(String field, String detail) {
        return new ApiException(422, "Invalid value", detail, field, 0);
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, null, 0);
    }

    static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, null, 0);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, null, 0);
    }

    static ApiException methodNotAllowed(String detail) {
        return new ApiException(405, "Method not allowed", detail, null, 0);
    }

    static ApiException tooLarge(String detail) {
        return new ApiException(413, "Body too large", detail, "body", 0);
    }

    static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "Too many requests", "this token sent more requests than it may; try again in "
                + retryAfterSeconds + " s", null, retryAfterSeconds);
    }

    /**
     * A service's {@link IllegalArgumentException}, whose message starts with the field ({@code rollout.maxPerMinute:
     * must be ...}), as a 422 naming that field.
     */
    static ApiException fromInvalidValue(String message) {
        String text = message == null ? "invalid value" : message;
        int colon = text.indexOf(": ");
        String field = colon > 0 && text.substring(0, colon).matches("[A-Za-z0-9_.\\[\\]-]+")
                ? text.substring(0, colon) : null;
        return unprocessable(field, text);
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    /** The value at fault as a JSON path ({@code parameters.who}); null when the request as a whole is. */
    String field() {
        return field;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
