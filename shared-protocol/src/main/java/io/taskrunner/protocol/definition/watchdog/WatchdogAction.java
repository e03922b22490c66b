package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of a rule's escalation ladder. On the wire an object with a {@code type}: {@code restart},
 * {@code runTask}, {@code restartPc} or {@code alert}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RestartAction.class, name = "restart"),
    @JsonSubTypes.Type(value = RunTaskAction.class, name = "runTask"),
    @JsonSubTypes.Type(value = RestartPcAction.class, name = "restartPc"),
    @JsonSubTypes.Type(value = AlertAction.class, name = "alert")
})
public sealed interface WatchdogAction permits RestartAction, RunTaskAction, RestartPcAction, AlertAction {
}
