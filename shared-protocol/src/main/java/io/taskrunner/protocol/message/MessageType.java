package io.taskrunner.protocol.message;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every message type of protocol version 1, by wire name, body class and the header fields it needs. */
public enum MessageType {
    AGENT_STATE("agent.state", AgentState.class, Kind.REPORT),
    AGENT_METRICS("agent.metrics", AgentMetrics.class, Kind.REPORT),
    RUN_COMMAND("command.run", RunCommand.class, Kind.COMMAND),
    RUN_TASK_COMMAND("command.run-task", RunTaskCommand.class, Kind.COMMAND),
    CANCEL_RUN_COMMAND("command.cancel", CancelRunCommand.class, Kind.COMMAND),
    ACK_COMMAND("command.ack", AckCommand.class, Kind.COMMAND),
    SIGNED("signed", SignedMessage.class, Kind.REPORT),
    RUN_QUEUED("run.queued", RunQueued.class, Kind.EVENT),
    RUN_STARTED("run.started", RunStarted.class, Kind.EVENT),
    RUN_OUTPUT("run.output", RunOutput.class, Kind.EVENT),
    RUN_RETRYING("run.retrying", RunRetrying.class, Kind.EVENT),
    RUN_PROGRESS("run.progress", RunProgress.class, Kind.EVENT),
    RUN_FINISHED("run.finished", RunFinished.class, Kind.EVENT),
    COMMAND_REJECTED("command.rejected", CommandRejected.class, Kind.EVENT),
    ALERT_RAISED("alert.raised", AlertRaised.class, Kind.EVENT),
    DESIRED_BUNDLE("desired.bundle", DesiredBundle.class, Kind.COMMAND),
    DESIRED_APPLIED("desired.applied", DesiredApplied.class, Kind.EVENT),
    TRIGGER_REPLY("trigger.reply", TriggerReply.class, Kind.REPORT),
    SCHEDULE_FIRED("schedule.fired", ScheduleFired.class, Kind.EVENT),
    COLLECTOR_VALUES("collector.values", CollectorValues.class, Kind.REPORT),
    NEXT_JOB_REQUEST("jobs.next", NextJobRequest.class, Kind.REPORT),
    KEY_ROTATE_COMMAND("key.rotate", KeyRotateCommand.class, Kind.COMMAND),
    KEY_ROTATED("key.rotated", KeyRotated.class, Kind.EVENT);

    /** Which header fields a type carries besides type, id, ts and v. */
    public enum Kind {
        /** state, metrics, replies and the signed wrapper: no extra header. */
        REPORT,
        /** agent events: a per-agent sequence number {@code seq}. */
        EVENT,
        /** console commands: {@code target}, {@code expiresAt} and {@code nonce}, always inside a signed wrapper. */
        COMMAND
    }

    private static final Map<String, MessageType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_BODY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(MessageType::bodyType, Function.identity()));

    private final String wireName;
    private final Class<? extends MessageBody> bodyType;
    private final Kind kind;

    MessageType(String wireName, Class<? extends MessageBody> bodyType, Kind kind) {
        this.wireName = wireName;
        this.bodyType = bodyType;
        this.kind = kind;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends MessageBody> bodyType() {
        return bodyType;
    }

    public Kind kind() {
        return kind;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return Optional.ofNullable(BY_WIRE_NAME.get(name));
    }

    public static MessageType of(MessageBody body) {
        return BY_BODY.get(body.getClass());
    }
}
