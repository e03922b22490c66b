package io.taskrunner.agent.api.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON body of {@code POST /api/v1/tasks/{name}/runs}: the parameters and how to run.
 *
 * @param callbackUrl where the agent POSTs the run's end (http or https)
 */
record RunTaskBody(JsonNode parameters, int priority, int delaySeconds, String callbackUrl) {
    static final RunTaskBody EMPTY = new RunTaskBody(null, 0, 0, null);
}
