package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The type-specific part of a task definition. On the wire it is the definition's {@code spec} object, and its
 * type name is the definition's {@code type} field beside it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CommandTask.class, name = "command"),
    @JsonSubTypes.Type(value = ShellTask.class, name = "shell"),
    @JsonSubTypes.Type(value = PowerShellTask.class, name = "powershell"),
    @JsonSubTypes.Type(value = PythonTask.class, name = "python"),
    @JsonSubTypes.Type(value = PascalTask.class, name = "pascal"),
    @JsonSubTypes.Type(value = JavaScriptTask.class, name = "javascript"),
    @JsonSubTypes.Type(value = SqlTask.class, name = "sql"),
    @JsonSubTypes.Type(value = HttpTask.class, name = "http"),
    @JsonSubTypes.Type(value = ProcessTask.class, name = "process"),
    @JsonSubTypes.Type(value = OpenUrlTask.class, name = "open-url"),
    @JsonSubTypes.Type(value = PowerTask.class, name = "power"),
    @JsonSubTypes.Type(value = MqttPublishTask.class, name = "mqtt-publish"),
    @JsonSubTypes.Type(value = DbBackupTask.class, name = "db-backup"),
    @JsonSubTypes.Type(value = ModbusReadTask.class, name = "modbus-read"),
    @JsonSubTypes.Type(value = ModbusWriteTask.class, name = "modbus-write"),
    @JsonSubTypes.Type(value = SerialReadTask.class, name = "serial-read"),
    @JsonSubTypes.Type(value = SerialWriteTask.class, name = "serial-write")
})
public sealed interface TaskSpec permits CommandTask, ShellTask, PowerShellTask, PythonTask, PascalTask,
        JavaScriptTask, SqlTask, HttpTask, ProcessTask, OpenUrlTask, PowerTask, MqttPublishTask, DbBackupTask,
        ModbusReadTask, ModbusWriteTask, SerialReadTask, SerialWriteTask {

    @JsonIgnore
    TaskType type();
}
