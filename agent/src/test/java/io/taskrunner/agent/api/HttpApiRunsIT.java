package io.taskrunner.agent.api;

import static io.taskrunner.agent.api.ApiHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs over HTTP against a real engine and real processes: JSON, forms, uploads, waiting, output, cancel. */
class HttpApiRunsIT {
    @TempDir
    Path dir;
    private ApiHarness agent;
    private String token;

    static final TaskDefinition ECHO = TaskDefinition.of("echo", new CommandTask("printf",
            List.of("%s|%s", "${text}", "${n}"))).withParameters(List.of(ParameterSpec.of("text", ParameterType.STRING,
            true), ParameterSpec.of("n", ParameterType.INT, true)));
    static final TaskDefinition SLOW = TaskDefinition.of("slow", new ShellTask("echo started; sleep 30", null));
    static final TaskDefinition CHATTY = TaskDefinition.of("chatty", new ShellTask(
            "for i in 1 2 3 4 5 6; do echo line $i; sleep 0.4; done", null));
    static final TaskDefinition MEASURE = TaskDefinition.of("measure", new ShellTask(
            "wc -c < \"$PARAM_photo\"; echo \"$PARAM_photo\"; echo \"$PARAM_label\"", null)).withParameters(List.of(
            ParameterSpec.of("photo", ParameterType.FILE, true), ParameterSpec.of("label", ParameterType.STRING,
                    false)));
    static final TaskDefinition FAILS = TaskDefinition.of("fails", new ShellTask("echo oops >&2; exit 3", null));

    @BeforeEach
    void start() {
        agent = ApiHarness.start(dir, new DefinitionSet(List.of(ECHO, SLOW, CHATTY, MEASURE, FAILS), null, null));
        token = agent.token("ops", "*");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void postJson_withWait_answers200WithTheFinishedRun() {
        HttpResponse<String> response = agent.postJson("/api/v1/tasks/echo/runs?wait=30", token,
                "{\"parameters\": {\"text\": \"hello\", \"n\": \"7\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode run = json(response);
        assertThat(run.path("state").asText()).isEqualTo("succeeded");
        assertThat(run.path("exitCode").asInt()).isZero();
        assertThat(run.path("task").asText()).isEqualTo("echo");
        assertThat(run.path("source").asText()).isEqualTo("http ops");
        assertThat(run.path("parameters").path("n").asLong()).isEqualTo(7);
        HttpResponse<String> output = agent.get("/api/v1/runs/" + run.path("runId").asText() + "/output", token);
        assertThat(output.statusCode()).isEqualTo(200);
        assertThat(output.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        assertThat(output.body()).isEqualTo("hello|7\n");
    }

    @Test
    void postJson_withoutWait_answers202WithLocation_whereTheRunCanBeFollowed() {
        HttpResponse<String> response = agent.postJson("/api/v1/tasks/echo/runs", token,
                "{\"parameters\": {\"text\": \"later\", \"n\": 1}}");

        assertThat(response.statusCode()).isEqualTo(202);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/runs/" + json(response).path("runId").asText());
        JsonNode finished = await().atMost(Duration.ofSeconds(30))
                .until(() -> json(agent.get(location, token)), run -> run.path("state").asText().equals("succeeded"));
        assertThat(finished.path("finishedAt").asLong()).isPositive();
        assertThat(finished.path("durationMs").isNumber()).isTrue();
    }

    @Test
    void postForm_passesItsFieldsAsParameters() {
        HttpResponse<String> response = agent.send(agent.request("/api/v1/tasks/echo/runs?wait=30", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("text=caf%C3%A9+ok&n=3")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        String runId = json(response).path("runId").asText();
        assertThat(agent.get("/api/v1/runs/" + runId + "/output", token).body()).isEqualTo("café ok|3\n");
    }

    @Test
    void postMultipart_savesTheUploadUnderAFileNameTheAgentChose() throws Exception {
        byte[] photo = new byte[70_000];
        new java.util.Random(7).nextBytes(photo);
        Multipart form = new Multipart().file("photo", "../../../etc/passwd", "image/jpeg", photo)
                .field("label", "front door");

        HttpResponse<String> response = agent.send(agent.request("/api/v1/tasks/measure/runs?wait=30", token)
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("state").asText()).isEqualTo("succeeded");
        List<String> lines = agent.get("/api/v1/runs/" + json(response).path("runId").asText() + "/output", token)
                .body().lines().toList();
        assertThat(lines.get(0).strip()).isEqualTo("70000");
        Path saved = Path.of(lines.get(1));
        assertThat(saved).startsWith(dir.resolve("http-uploads").resolve("measure"));
        assertThat(saved.getFileName().toString()).matches("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{8}\\.jpg");
        assertThat(Files.readAllBytes(saved)).isEqualTo(photo);
        assertThat(lines.get(2)).isEqualTo("front door");
    }

    @Test
    void fileParameter_givenAsText_isRefusedSoACallerCannotNameAPathOnThisPc() {
        HttpResponse<String> response = agent.postJson("/api/v1/tasks/measure/runs", token,
                "{\"parameters\": {\"photo\": \"/etc/shadow\"}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("field").asText()).isEqualTo("parameters.photo");
        assertThat(json(response).path("detail").asText()).contains("multipart/form-data");
    }

    @Test
    void parametersWithShellAndSqlMetacharacters_reachTheProgramAsOneLiteralArgument() {
        String hostile = "x'; DROP TABLE runs; -- $(touch " + dir.resolve("pwned") + ") `id` && rm -rf / | cat";

        HttpResponse<String> response = agent.postJson("/api/v1/tasks/echo/runs?wait=30", token,
                "{\"parameters\": {\"text\": " + ApiHarness.JSON.valueToTree(hostile) + ", \"n\": 1}}");

        assertThat(json(response).path("state").asText()).isEqualTo("succeeded");
        assertThat(agent.get("/api/v1/runs/" + json(response).path("runId").asText() + "/output", token).body())
                .isEqualTo(hostile + "|1\n");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void badParameter_is422NamingIt_andUnknownTaskIs404() {
        HttpResponse<String> bad = agent.postJson("/api/v1/tasks/echo/runs", token,
                "{\"parameters\": {\"text\": \"a\", \"n\": \"seven\"}}");
        HttpResponse<String> unknown = agent.postJson("/api/v1/tasks/nope/runs", token, "{}");
        HttpResponse<String> extra = agent.postJson("/api/v1/tasks/echo/runs", token,
                "{\"parameters\": {\"text\": \"a\", \"n\": 1, \"rm\": \"-rf\"}}");

        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json(bad);
        assertThat(problem.path("type").asText()).isEqualTo("urn:taskrunner:problem:invalid-value");
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("field").asText()).isEqualTo("parameters.n");
        assertThat(problem.path("detail").asText()).contains("whole number").contains("seven");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("detail").asText()).contains("no task 'nope'");
        assertThat(extra.statusCode()).isEqualTo(422);
        assertThat(json(extra).path("detail").asText()).contains("rm").contains("is not a parameter");
    }

    @Test
    void output_withFollow_streamsLinesAsTheyComeAndEndsWithTheRun() throws Exception {
        String runId = json(agent.postJson("/api/v1/tasks/chatty/runs", token, "{}")).path("runId").asText();

        HttpResponse<InputStream> response = agent.client.send(agent.request("/api/v1/runs/" + runId
                + "/output?follow=true", token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("line 1");
            assertThat(agent.engine.progress(UUID.fromString(runId))).as("still running when line 1 arrived")
                    .hasValueSatisfying(run -> assertThat(run.state()).isEqualTo(RunState.RUNNING));
            assertThat(lines.lines().toList()).containsExactly("line 2", "line 3", "line 4", "line 5", "line 6");
        }
        assertThat(json(agent.get("/api/v1/runs/" + runId, token)).path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void delete_cancelsARunningRun_andAFinishedOneIs409() {
        String runId = json(agent.postJson("/api/v1/tasks/slow/runs", token, "{}")).path("runId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/api/v1/runs/" + runId + "/output", token)
                .body().contains("started"));

        HttpResponse<String> cancel = agent.delete("/api/v1/runs/" + runId, token);

        assertThat(cancel.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> json(agent.get("/api/v1/runs/" + runId, token))
                .path("state").asText().equals("cancelled"));
        HttpResponse<String> again = agent.delete("/api/v1/runs/" + runId, token);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).path("detail").asText()).contains("finished as cancelled");
    }

    @Test
    void failedRun_isReportedWithItsExitCodeAndStderr() {
        HttpResponse<String> response = agent.postJson("/api/v1/tasks/fails/runs?wait=30", token, "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("state").asText()).isEqualTo("failed");
        assertThat(json(response).path("exitCode").asInt()).isEqualTo(3);
        assertThat(agent.get("/api/v1/runs/" + json(response).path("runId").asText() + "/output", token).body())
                .isEqualTo("oops\n");
    }

    @Test
    void unknownRuns_are404_whetherMissingOrNotAnId() {
        assertThat(agent.get("/api/v1/runs/" + UUID.randomUUID(), token).statusCode()).isEqualTo(404);
        assertThat(agent.get("/api/v1/runs/not-a-uuid", token).statusCode()).isEqualTo(404);
        assertThat(agent.get("/api/v1/nothing", token).statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = agent.send(agent.request("/api/v1/tasks", token)
                .PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    @Test
    void health_answersWithoutAToken() {
        HttpResponse<String> health = agent.get("/api/v1/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("status").asText()).isEqualTo("ok");
        assertThat(json(health).path("version").asText()).isEqualTo("9.9.9");
    }
}
