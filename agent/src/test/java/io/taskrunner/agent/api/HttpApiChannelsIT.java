package io.taskrunner.agent.api;

import static io.taskrunner.agent.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channels over HTTP: listed with their figures; created, changed and deleted only when they are the API's own. */
class HttpApiChannelsIT {
    private static final TaskDefinition SLOW = TaskDefinition.of("slow", new ShellTask("sleep 30", null))
            .withChannel("scales");
    private static final DefinitionSet TASKS = new DefinitionSet(List.of(SLOW), null,
            List.of(new ChannelDefinition("plant-db", 2, false)));

    @TempDir
    Path dir;
    private ApiHarness agent;

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void channels_areCreatedChangedListedAndDeleted_andSurviveARestart() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("admin", "*");

        HttpResponse<String> created = agent.postJson("/api/v1/channels", token,
                "{\"name\": \"scales\", \"workers\": 3, \"distinct\": true}");
        HttpResponse<String> changed = agent.postJson("/api/v1/channels", token,
                "{\"name\": \"scales\", \"workers\": 1}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/api/v1/channels/scales");
        assertThat(json(created).path("workers").asInt()).isEqualTo(3);
        assertThat(json(created).path("distinct").asBoolean()).isTrue();
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(channel(token, "scales").path("workers").asInt()).isEqualTo(1);
        assertThat(channel(token, "scales").path("origin").asText()).isEqualTo("api");
        assertThat(channel(token, "plant-db").path("origin").asText()).isEqualTo("definitions");
        assertThat(channel(token, "default").path("workers").asInt()).isEqualTo(5);

        agent.close();
        agent = ApiHarness.start(dir, TASKS);
        assertThat(channel(token, "scales").path("workers").asInt()).as("restored after a restart").isEqualTo(1);

        assertThat(agent.delete("/api/v1/channels/scales", token).statusCode()).isEqualTo(204);
        assertThat(channel(token, "scales").isMissingNode()).isTrue();
        assertThat(agent.delete("/api/v1/channels/scales", token).statusCode()).isEqualTo(404);
    }

    @Test
    void delete_refusesTheDefaultChannel_aDefinedOne_andOneWithRuns() {
        agent = ApiHarness.start(dir, TASKS);
        String token = agent.token("admin", "*");
        agent.postJson("/api/v1/channels", token, "{\"name\": \"scales\", \"workers\": 1}");
        String runId = json(agent.postJson("/api/v1/tasks/slow/runs", token, "{}")).path("runId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> channel(token, "scales").path("running").asInt() == 1);

        HttpResponse<String> busy = agent.delete("/api/v1/channels/scales", token);
        HttpResponse<String> defaultChannel = agent.delete("/api/v1/channels/default", token);
        HttpResponse<String> defined = agent.delete("/api/v1/channels/plant-db", token);
        HttpResponse<String> redefine = agent.postJson("/api/v1/channels", token, "{\"name\": \"plant-db\"}");
        HttpResponse<String> invalid = agent.postJson("/api/v1/channels", token, "{\"name\": \"a/b\", \"workers\": 0}");
        HttpResponse<String> tooMany = agent.postJson("/api/v1/channels", token, "{\"name\": \"x\", \"workers\": 9999}");

        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(json(busy).path("detail").asText()).contains("waiting or running");
        assertThat(defaultChannel.statusCode()).isEqualTo(409);
        assertThat(defined.statusCode()).isEqualTo(404);
        assertThat(redefine.statusCode()).isEqualTo(409);
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(json(invalid).path("field").asText()).isEqualTo("body.name");
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(json(tooMany).path("field").asText()).isEqualTo("body.workers");

        agent.delete("/api/v1/runs/" + runId, token);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.delete("/api/v1/channels/scales", token)
                .statusCode() == 204);
    }

    private JsonNode channel(String token, String name) {
        for (JsonNode channel : json(agent.get("/api/v1/channels", token)).path("items")) {
            if (channel.path("name").asText().equals(name)) {
                return channel;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
