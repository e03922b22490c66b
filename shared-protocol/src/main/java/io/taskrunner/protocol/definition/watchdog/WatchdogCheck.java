package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a watchdog rule watches. On the wire an object with a {@code type} ({@code program}, {@code process},
 * {@code port}, {@code http}, {@code disk}, {@code cpu}, {@code memory}, {@code fileAge}, {@code mqttSilence},
 * {@code task}, {@code modbus}) and the fields of that type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ProgramCheck.class, name = "program"),
    @JsonSubTypes.Type(value = ProcessCheck.class, name = "process"),
    @JsonSubTypes.Type(value = PortCheck.class, name = "port"),
    @JsonSubTypes.Type(value = HttpCheck.class, name = "http"),
    @JsonSubTypes.Type(value = DiskCheck.class, name = "disk"),
    @JsonSubTypes.Type(value = CpuCheck.class, name = "cpu"),
    @JsonSubTypes.Type(value = MemoryCheck.class, name = "memory"),
    @JsonSubTypes.Type(value = FileAgeCheck.class, name = "fileAge"),
    @JsonSubTypes.Type(value = MqttSilenceCheck.class, name = "mqttSilence"),
    @JsonSubTypes.Type(value = TaskCheck.class, name = "task"),
    @JsonSubTypes.Type(value = ModbusCheck.class, name = "modbus")
})
public sealed interface WatchdogCheck permits ProgramCheck, ProcessCheck, PortCheck, HttpCheck, DiskCheck, CpuCheck,
        MemoryCheck, FileAgeCheck, MqttSilenceCheck, TaskCheck, ModbusCheck {
}
