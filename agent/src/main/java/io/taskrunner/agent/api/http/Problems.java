package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.api.core.ApiProblem;

/** Problem bodies for the handlers that answer on the event loop, before a request reached a handler thread. */
final class Problems {
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).build();

    private Problems() {
    }

    static byte[] encode(ApiProblem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a problem", e);
        }
    }
}
