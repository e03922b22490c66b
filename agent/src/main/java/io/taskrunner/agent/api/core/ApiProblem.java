package io.taskrunner.agent.api.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * An error as {@code application/problem+json} (RFC 9457): a stable {@code type} URI per kind of problem, its
 * {@code title}, the HTTP {@code status}, and a {@code detail} that says what exactly was wrong; {@code field} names
 * the request value at fault and {@code runId} the run concerned, when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiProblem(String type, String title, int status, String detail, String field, UUID runId) {
    public static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:taskrunner:problem:";
}
