package io.taskrunner.agent.api.ws;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * A message from a WebSocket client.
 *
 * @param type       {@code run}, {@code subscribe}, {@code unsubscribe}, {@code cancel}, {@code store} or
 *                   {@code ping}
 * @param id         the client's own reference, repeated in the answer
 * @param task       for {@code run}
 * @param parameters for {@code run}: a JSON object of parameter values
 * @param runId      for {@code subscribe}, {@code unsubscribe} and {@code cancel}
 * @param route      for {@code store}: a store route of the definitions (it names the table, never the message)
 * @param data       for {@code store}: the JSON object the route's mappings read
 */
record WsRequest(
        @JsonProperty(required = true) String type,
        String id,
        String task,
        JsonNode parameters,
        UUID runId,
        String route,
        JsonNode data) {
}
