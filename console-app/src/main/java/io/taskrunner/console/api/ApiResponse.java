package io.taskrunner.console.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an endpoint answers.
 *
 * @param location the {@code Location} header (a created job, a started run); null for none
 */
record ApiResponse(int status, JsonNode body, String location) {
    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body, null);
    }
}
