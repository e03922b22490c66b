package io.taskrunner.console.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.console.service.desired.AgentLabels;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.jobs.ExecutionState;
import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.jobs.JobStatistics;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** The JSON the Fleet API answers with: agents, runs, jobs and executions; times as ISO-8601 UTC text. */
final class ApiJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final String MASK = "***";

    private ApiJson() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static ObjectNode agent(AgentSnapshot agent, AgentLabels labels) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", agent.agentId());
        node.put("name", agent.hostName());
        node.put("online", agent.online());
        node.put("status", agent.status().name().toLowerCase(Locale.ROOT));
        strings(node.putArray("groups"), labels == null ? Set.of() : labels.groups());
        strings(node.putArray("tags"), labels == null ? Set.of() : labels.tags());
        node.put("os", agent.os());
        node.put("version", agent.agentVersion());
        strings(node.putArray("addresses"), agent.addresses());
        node.put("cpuPercent", agent.cpuPercent());
        node.put("memoryPercent", agent.memoryPercent());
        node.put("diskFreeBytes", agent.diskFreeBytes());
        time(node, "lastSeen", agent.lastSeen());
        return node;
    }

    /** A run; {@code output} is the tail of its output when given (null leaves it out). */
    static ObjectNode run(RunSnapshot run, RunOutputExcerpt output) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("runId", run.runId().toString());
        node.put("agentId", run.agentId());
        node.put("task", run.taskName());
        ObjectNode parameters = node.putObject("parameters");
        run.parameters().forEach((name, value) -> parameters.set(name, MAPPER.valueToTree(value)));
        node.put("state", run.state().wire());
        node.put("final", run.state().isFinal());
        node.put("exitCode", run.exitCode());
        node.put("error", run.error());
        node.set("result", result(run.result()));
        node.put("attempts", run.attempts());
        time(node, "createdAt", run.createdAt());
        time(node, "startedAt", run.startedAt());
        time(node, "finishedAt", run.finishedAt());
        node.put("durationMs", run.durationMs());
        if (output != null) {
            node.put("output", output.text());
            node.put("outputTruncated", output.truncated() || run.outputTruncated());
        }
        return node;
    }

    static ObjectNode job(JobSnapshot job, JobStatistics statistics) {
        JobSpec spec = job.spec();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("jobId", job.jobId().toString());
        node.put("state", job.state().wire());
        node.put("final", job.state().wire().equals("completed") || job.state().wire().equals("cancelled"));
        node.put("task", spec.task());
        ObjectNode parameters = node.putObject("parameters");
        spec.parameters().forEach((name, value) -> parameters.set(name, isSecret(spec, name)
                ? MAPPER.getNodeFactory().textNode(MASK) : MAPPER.valueToTree(value)));
        ArrayNode targets = node.putArray("targets");
        spec.targets().forEach(target -> targets.addObject().put("type", target.type().wire())
                .put("value", target.value()));
        node.put("targetMode", spec.targetMode().name().toLowerCase(Locale.ROOT));
        time(node, "createdAt", job.createdAt());
        time(node, "startedAt", job.startedAt());
        time(node, "finishedAt", job.finishedAt());
        node.put("rolloutStopped", job.rolloutStopped());
        node.put("reason", job.reason());
        node.put("rerunOf", job.rerunOf() == null ? null : job.rerunOf().toString());
        ObjectNode figures = node.putObject("statistics");
        ObjectNode counts = figures.putObject("counts");
        for (ExecutionState state : ExecutionState.values()) {
            counts.put(state.wire(), statistics.count(state));
        }
        figures.put("total", statistics.total());
        figures.put("successRate", statistics.successRate());
        figures.put("p50Ms", statistics.p50Ms());
        figures.put("p90Ms", statistics.p90Ms());
        figures.put("p99Ms", statistics.p99Ms());
        return node;
    }

    static ObjectNode execution(JobExecution execution) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("agentId", execution.agentId());
        node.put("state", execution.state().wire());
        node.put("runId", execution.runId() == null ? null : execution.runId().toString());
        node.put("attempts", execution.attempts());
        time(node, "queuedAt", execution.queuedAt());
        time(node, "notifiedAt", execution.notifiedAt());
        time(node, "startedAt", execution.startedAt());
        time(node, "finishedAt", execution.finishedAt());
        node.put("durationMs", execution.durationMs());
        node.put("statusDetails", execution.statusDetails());
        return node;
    }

    private static boolean isSecret(JobSpec spec, String parameter) {
        return spec.definition() != null && spec.definition().parameters().stream()
                .anyMatch(declared -> declared.name().equals(parameter) && declared.secret());
    }

    /** The run's stored result JSON as JSON; text that does not parse is kept as a string. */
    private static JsonNode result(String json) {
        if (json == null) {
            return MAPPER.getNodeFactory().nullNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    private static void strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
    }

    private static void time(ObjectNode node, String name, Instant at) {
        node.put(name, at == null ? null : at.toString());
    }
}
