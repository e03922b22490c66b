package io.taskrunner.agent.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.agent.engine.RunRecord;
import io.taskrunner.agent.engine.RunRequest;
import io.taskrunner.agent.engine.RunEngine.EarlySubmission;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.transport.DeviceMessage;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.TopicFilter;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.definition.Condition;
import io.taskrunner.protocol.definition.TriggerRule;
import io.taskrunner.protocol.device.AdHocRequest;
import io.taskrunner.protocol.device.TriggerReply;
import io.taskrunner.protocol.message.RunCommand;
import io.taskrunner.protocol.message.RunState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a device's message does: a task on the agent's built-in trigger topic, and every enabled rule whose
 * topic filter matches. Each message that asked for a reply gets exactly one per rule: the run's end, or why
 * nothing ran.
 */
public final class TriggerDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerDispatcher.class);
    private static final int MAX_SOURCE_CHARS = 200;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final RunEngine engine;
    private final DefinitionRegistry definitions;
    private final Topics topics;
    private final String agentId;
    private final PayloadMapper mapper;
    private final Debouncer debouncer;
    private final DeviceDataStore store;
    private final ReplyPublisher replies;
    private final ObjectMapper json;
    private final boolean adhocAllowed;

    /** Sends a reply; must not block for long (the MQTT client queues it). */
    @FunctionalInterface
    public interface ReplyPublisher {
        void publish(String topic, byte[] payload, byte[] correlationData);
    }

    private record ReplyTo(String topic, byte[] correlationData) {
    }

    TriggerDispatcher(RunEngine engine, DefinitionRegistry definitions, Topics topics, String agentId,
            PayloadMapper mapper, Debouncer debouncer, DeviceDataStore store, ReplyPublisher replies, ObjectMapper json,
            boolean adhocAllowed) {
        this.engine = engine;
        this.definitions = definitions;
        this.topics = topics;
        this.agentId = agentId;
        this.mapper = mapper;
        this.debouncer = debouncer;
        this.store = store;
        this.replies = replies;
        this.json = json;
        this.adhocAllowed = adhocAllowed;
    }

    /**
     * Handles one message; never throws. The returned future completes once what the message started is on disk:
     * then the broker may forget it.
     */
    public CompletableFuture<Void> dispatch(DeviceMessage message) {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try {
            Optional<Topics.AgentTopic> addressed = topics.parse(message.topic())
                    .filter(topic -> topic.agentId().equals(agentId));
            if (addressed.filter(topic -> topic.channel() == Topics.AgentChannel.ADHOC).isPresent()) {
                return runAdHoc(message);
            }
            Optional<Topics.AgentTopic> own = addressed.filter(topic -> topic.channel() == Topics.AgentChannel.TRIGGER);
            own.ifPresent(topic -> durable.add(runBuiltIn(topic.taskName(), message)));
            List<TriggerRule> rules = definitions.current().triggers().stream().filter(TriggerRule::isEnabled)
                    .filter(rule -> TopicFilter.matches(rule.topic(), message.topic())).toList();
            rules.forEach(rule -> durable.add(runRule(rule, message)));
            if (own.isEmpty() && rules.isEmpty()) {
                LOG.debug("no trigger rule for a message on {}", message.topic());
            }
        } catch (RuntimeException e) {
            LOG.error("handling a device message on {} failed", message.topic(), e);
        }
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> runBuiltIn(String task, DeviceMessage message) {
        ReplyTo replyTo = replyTo(message, null);
        Map<String, Object> parameters;
        try {
            parameters = mapper.builtIn(message);
        } catch (ProtocolException e) {
            reject(message, null, task, e.getMessage(), replyTo);
            return DONE;
        }
        return submit(task, null, parameters, List.of(), message, replyTo, null).durable();
    }

    /**
     * A program and its arguments from a device the console granted ad-hoc rights for this agent; only when this
     * agent allows it as well. Logged and recorded like every run.
     */
    private CompletableFuture<Void> runAdHoc(DeviceMessage message) {
        ReplyTo replyTo = replyTo(message, null);
        if (!adhocAllowed) {
            LOG.warn("refusing an ad-hoc program on {}: this agent does not allow them over MQTT (mqttAdhoc)",
                    message.topic());
            reply(replyTo, new TriggerReply(RunState.REJECTED.wire(), null, RunEngine.AD_HOC_TASK, null, null, null,
                    null, "this agent does not run ad-hoc programs from devices"));
            return DONE;
        }
        RunCommand command;
        String channel;
        try {
            AdHocRequest request = mapper.adHoc(message);
            command = request.toRunCommand(UUID.randomUUID());
            channel = request.channel();
        } catch (ProtocolException e) {
            reject(message, null, RunEngine.AD_HOC_TASK, e.getMessage(), replyTo);
            return DONE;
        }
        RunRequest request = new RunRequest(command.runId(), null, RunEngine.AD_HOC_TASK,
                RunEngine.adHocTask(command, channel), Map.of(), 0, null, 0, "mqtt adhoc " + message.topic());
        EarlySubmission submitted = engine.submitEarly(request, record -> reply(replyTo, replyOf(record, null)));
        LOG.info("ad-hoc program {} from a device on {}: {}", command.argv().getFirst(), message.topic(),
                submitted.submission().accepted() ? "run " + command.runId() : submitted.submission().error());
        return submitted.durable();
    }

    private CompletableFuture<Void> runRule(TriggerRule rule, DeviceMessage message) {
        ReplyTo replyTo = replyTo(message, rule);
        PayloadMapper.Mapped mapped;
        try {
            mapped = mapper.map(rule, message);
        } catch (ProtocolException e) {
            reject(message, rule, rule.task(), e.getMessage(), replyTo);
            return DONE;
        }
        Condition condition = rule.condition();
        if (condition != null && !condition.test(mapped.parameters())) {
            LOG.debug("rule {}: condition '{}' is false for the message on {}", rule.name(), condition,
                    message.topic());
            mapped.files().forEach(DeviceFiles::deleteQuietly);
            reply(replyTo, new TriggerReply(TriggerReply.SKIPPED, null, rule.task(), rule.name(), null, null, null,
                    "condition '" + condition.text() + "' is false"));
            return DONE;
        }
        UUID runId = UUID.randomUUID();
        String debounceKey = rule.name() + "|" + message.topic();
        if (rule.debounceMillis() > 0) {
            Optional<UUID> holder = debouncer.claim(debounceKey, rule.debounceMillis(), runId);
            if (holder.isPresent()) {
                LOG.debug("rule {}: a repeat on {} within {} ms; run {} stands for it", rule.name(), message.topic(),
                        rule.debounceMillis(), holder.get());
                mapped.files().forEach(DeviceFiles::deleteQuietly);
                reply(replyTo, new TriggerReply(TriggerReply.SKIPPED, holder.get(), rule.task(), rule.name(), null,
                        null, null, "a repeat within " + rule.debounceMillis() + " ms of run " + holder.get()));
                return DONE;
            }
        }
        if (rule.store() != null) {
            try {
                store.insert(rule.store(), mapped.parameters());
                reply(replyTo, new TriggerReply(TriggerReply.STORED, null, null, rule.name(), null, null, null, null));
            } catch (TaskException e) {
                LOG.warn("rule {}: {}", rule.name(), e.getMessage());
                reply(replyTo, new TriggerReply(RunState.FAILED.wire(), null, null, rule.name(), null, null, null,
                        e.getMessage()));
            }
            return DONE;
        }
        EarlySubmission submitted = submit(rule.task(), rule, mapped.parameters(), mapped.files(), message, replyTo,
                runId);
        if (!submitted.submission().accepted() && rule.debounceMillis() > 0) {
            debouncer.release(debounceKey, runId);
        }
        return submitted.durable();
    }

    private EarlySubmission submit(String task, TriggerRule rule, Map<String, Object> parameters, List<Path> files,
            DeviceMessage message, ReplyTo replyTo, UUID runId) {
        String source = "mqtt " + (rule == null ? "" : "rule " + rule.name() + " ") + message.topic();
        RunRequest request = new RunRequest(runId == null ? UUID.randomUUID() : runId, null, task, null, parameters,
                0, null, 0, source.length() > MAX_SOURCE_CHARS ? source.substring(0, MAX_SOURCE_CHARS) : source);
        String ruleName = rule == null ? null : rule.name();
        EarlySubmission submitted = engine.submitEarly(request, record -> {
            if (record.state() == RunState.REJECTED) {
                files.forEach(DeviceFiles::deleteQuietly);
            }
            reply(replyTo, replyOf(record, ruleName));
        });
        if (!submitted.submission().accepted()) {
            LOG.info("trigger on {} refused: {}", message.topic(), submitted.submission().error());
        }
        return submitted;
    }

    private void reject(DeviceMessage message, TriggerRule rule, String task, String error, ReplyTo replyTo) {
        LOG.info("trigger on {}{} refused: {}", message.topic(), rule == null ? "" : " (rule " + rule.name() + ")",
                error);
        reply(replyTo, new TriggerReply(RunState.REJECTED.wire(), null, task, rule == null ? null : rule.name(), null,
                null, null, error));
    }

    private static TriggerReply replyOf(RunRecord record, String rule) {
        Long duration = record.startedAt() == null ? null : record.finishedAt() - record.startedAt();
        return new TriggerReply(record.state().wire(), record.runId(), record.task(), rule, record.exitCode(),
                duration, record.result(), record.error());
    }

    /**
     * Where the reply goes: the MQTT 5 response topic when the device named one, else {@code <topic>/reply} for the
     * built-in trigger topic and for rules that ask for replies (MQTT 3.1.1 devices), else nowhere. A response topic inside the agents' own tree is
     * refused: a device must not make an agent publish onto another agent's control topics.
     */
    private ReplyTo replyTo(DeviceMessage message, TriggerRule rule) {
        String response = message.responseTopic();
        if (response != null) {
            if (response.startsWith("$") || response.startsWith(topics.prefix() + "/" + Topics.VERSION + "/agents/")
                    || response.contains("+") || response.contains("#") || response.isEmpty()) {
                LOG.warn("not replying to response topic '{}' of a message on {}: not a device's topic", response,
                        message.topic());
                return null;
            }
            return new ReplyTo(response, message.correlationData());
        }
        return rule == null || rule.reply() ? new ReplyTo(message.topic() + "/reply", null) : null;
    }

    private void reply(ReplyTo replyTo, TriggerReply reply) {
        if (replyTo == null) {
            return;
        }
        try {
            replies.publish(replyTo.topic(), json.writeValueAsBytes(reply), replyTo.correlationData());
        } catch (Exception e) {
            LOG.warn("cannot reply on {}: {}", replyTo.topic(), e.toString());
        }
    }
}
