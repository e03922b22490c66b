package io.taskrunner.agent.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.TaskType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's settings, kept as {@code agent.json} in its data folder. Certificates live beside it as PEM files
 * (see {@link AgentPaths}); nothing secret is in this file.
 *
 * @param http the HTTP API's section, or {@code null} when the file has none (the API stays off)
 * @param smtp the mail server for alert email, or {@code null} (rules that name addresses then only log that no
 *             server is set)
 * @param mqttAdhoc devices the console granted ad-hoc rights for this agent may send programs to run on its
 *             {@code adhoc} topic; off by default, and the console's grant is needed as well
 * @param allowedTaskTypes the task types this agent runs (e.g. everything but {@code power}); {@code null}: all.
 *             A run of another type is refused with the reason, whoever asked for it
 */
public record AgentSettings(
        @JsonProperty(required = true) String agentId,
        @JsonProperty(required = true) String brokerHost,
        @JsonProperty(required = true) int brokerPort,
        String topicPrefix,
        @JsonProperty(required = true) String consoleSigningKey,
        int metricsIntervalSeconds,
        int maxMessageBytes,
        int outboxWindow,
        int shutdownGraceSeconds,
        int logRetentionDays,
        int historyLimit,
        @JsonInclude(JsonInclude.Include.NON_NULL) HttpApiSettings http,
        @JsonInclude(JsonInclude.Include.NON_NULL) SmtpSettings smtp,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean mqttAdhoc,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<TaskType> allowedTaskTypes) {

    public static final int DEFAULT_METRICS_INTERVAL_SECONDS = 10;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int DEFAULT_OUTBOX_WINDOW = 256;
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 30;
    public static final int DEFAULT_LOG_RETENTION_DAYS = 14;
    public static final int DEFAULT_HISTORY_LIMIT = 10_000;

    public AgentSettings {
        Topics.checkLevel(agentId, "agentId");
        if (brokerHost == null || brokerHost.isBlank()) {
            throw new IllegalArgumentException("brokerHost must not be empty");
        }
        if (brokerPort < 1 || brokerPort > 65535) {
            throw new IllegalArgumentException("brokerPort must be between 1 and 65535, was " + brokerPort);
        }
        if (consoleSigningKey == null || consoleSigningKey.isBlank()) {
            throw new IllegalArgumentException("consoleSigningKey must not be empty");
        }
        topicPrefix = topicPrefix == null ? Topics.DEFAULT_PREFIX : topicPrefix;
        metricsIntervalSeconds = positiveOr(metricsIntervalSeconds, DEFAULT_METRICS_INTERVAL_SECONDS,
                "metricsIntervalSeconds", 1, 3600);
        maxMessageBytes = positiveOr(maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES, "maxMessageBytes", 4096,
                64 * 1024 * 1024);
        outboxWindow = positiveOr(outboxWindow, DEFAULT_OUTBOX_WINDOW, "outboxWindow", 1, 900);
        shutdownGraceSeconds = positiveOr(shutdownGraceSeconds, DEFAULT_SHUTDOWN_GRACE_SECONDS, "shutdownGraceSeconds",
                1, 3600);
        logRetentionDays = positiveOr(logRetentionDays, DEFAULT_LOG_RETENTION_DAYS, "logRetentionDays", 1, 3650);
        historyLimit = positiveOr(historyLimit, DEFAULT_HISTORY_LIMIT, "historyLimit", 100, 10_000_000);
    }

    /** The task types this agent runs. */
    public Set<TaskType> acceptedTaskTypes() {
        return allowedTaskTypes == null ? EnumSet.allOf(TaskType.class)
                : allowedTaskTypes.isEmpty() ? EnumSet.noneOf(TaskType.class) : EnumSet.copyOf(allowedTaskTypes);
    }

    /** The HTTP API settings; {@link HttpApiSettings#DISABLED} when {@code agent.json} has no {@code http} section. */
    public HttpApiSettings httpApi() {
        return http == null ? HttpApiSettings.DISABLED : http;
    }

    public static AgentSettings of(String agentId, String brokerHost, int brokerPort, String topicPrefix,
            String consoleSigningKey) {
        return new AgentSettings(agentId, brokerHost, brokerPort, topicPrefix, consoleSigningKey, 0, 0, 0, 0, 0, 0,
                null, null, false, null);
    }

    /** These settings with the console's new command-signing key (after a key rotation). */
    public AgentSettings withConsoleSigningKey(String publicKeyBase64) {
        return new AgentSettings(agentId, brokerHost, brokerPort, topicPrefix, publicKeyBase64, metricsIntervalSeconds,
                maxMessageBytes, outboxWindow, shutdownGraceSeconds, logRetentionDays, historyLimit, http, smtp,
                mqttAdhoc, allowedTaskTypes);
    }

    private static int positiveOr(int value, int fallback, String field, int min, int max) {
        if (value == 0) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }
}
