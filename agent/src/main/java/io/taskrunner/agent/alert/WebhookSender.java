package io.taskrunner.agent.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs an alert as JSON to a rule's webhook; a reply other than 2xx is a failure worth retrying. */
final class WebhookSender implements AlertChannel {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;
    private final ObjectMapper mapper;

    WebhookSender(HttpClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean wants(AlertMessage message) {
        return message.targets().webhook() != null;
    }

    @Override
    public void send(AlertMessage message) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(message.targets().webhook()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "TaskRunner-Agent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(json(message))))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered HTTP " + response.statusCode());
        }
    }

    private ObjectNode json(AlertMessage message) {
        ObjectNode node = mapper.createObjectNode();
        node.put("agentId", message.agentId());
        node.put("incidentId", message.alert().incidentId().toString());
        node.put("rule", message.alert().rule());
        node.put("severity", message.alert().severity().wire());
        node.put("message", message.alert().message());
        node.put("recovered", message.alert().recovered());
        node.put("raisedAt", message.raisedAt().toString());
        return node;
    }
}
