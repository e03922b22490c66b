package io.taskrunner.agent;

import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.executor.ProcessExecutor;
import io.taskrunner.agent.field.FieldDevices;
import io.taskrunner.agent.task.desktop.OpenUrlTaskExecutor;
import io.taskrunner.agent.task.desktop.SystemBrowser;
import io.taskrunner.agent.task.http.HttpTaskExecutor;
import io.taskrunner.agent.task.javascript.JavaScriptTaskExecutor;
import io.taskrunner.agent.task.modbus.ModbusReadTaskExecutor;
import io.taskrunner.agent.task.modbus.ModbusWriteTaskExecutor;
import io.taskrunner.agent.task.mqtt.MqttPublishTaskExecutor;
import io.taskrunner.agent.task.power.PowerTaskExecutor;
import io.taskrunner.agent.task.power.SystemPowerControl;
import io.taskrunner.agent.task.process.CommandTaskExecutor;
import io.taskrunner.agent.task.process.InterpreterTaskExecutor;
import io.taskrunner.agent.task.process.ProcessTaskExecutor;
import io.taskrunner.agent.task.process.ShellTaskExecutor;
import io.taskrunner.agent.task.serial.SerialReadTaskExecutor;
import io.taskrunner.agent.task.serial.SerialWriteTaskExecutor;
import io.taskrunner.agent.task.sql.DbBackupTaskExecutor;
import io.taskrunner.agent.task.sql.SqlTaskExecutor;
import io.taskrunner.protocol.definition.TaskType;
import java.util.List;
import java.util.Set;

/** The executor of every task type this agent runs; field-device executors share the agent's {@link FieldDevices}. */
final class StandardExecutors {
    private StandardExecutors() {
    }

    static TaskExecutors create(Set<TaskType> allowed, FieldDevices field) {
        ProcessExecutor processes = new ProcessExecutor();
        return new TaskExecutors(List.of(
                new CommandTaskExecutor(processes),
                new ShellTaskExecutor(processes),
                new InterpreterTaskExecutor(processes),
                new ProcessTaskExecutor(processes),
                new SqlTaskExecutor(),
                new JavaScriptTaskExecutor(),
                new DbBackupTaskExecutor(processes),
                new HttpTaskExecutor(),
                new MqttPublishTaskExecutor(),
                new OpenUrlTaskExecutor(new SystemBrowser()),
                new PowerTaskExecutor(new SystemPowerControl()),
                new ModbusReadTaskExecutor(field.modbus()),
                new ModbusWriteTaskExecutor(field.modbus()),
                new SerialReadTaskExecutor(field.serial()),
                new SerialWriteTaskExecutor(field.serial())), allowed);
    }
}
