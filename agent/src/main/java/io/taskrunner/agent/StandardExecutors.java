package io.taskrunner.agent;

import io.taskrunner.agent.engine.TaskExecutors;
import io.taskrunner.agent.task.desktop.OpenUrlTaskExecutor;
import io.taskrunner.agent.task.desktop.SystemBrowser;
import io.taskrunner.agent.task.http.HttpTaskExecutor;
import io.taskrunner.agent.task.mqtt.MqttPublishTaskExecutor;
import io.taskrunner.agent.task.power.PowerTaskExecutor;
import io.taskrunner.agent.task.power.SystemPowerControl;
import java.util.List;

/** The executor of every task type this agent runs. */
final class StandardExecutors {
    private StandardExecutors() {
    }

    static TaskExecutors create() {
        return new TaskExecutors(List.of(
                new HttpTaskExecutor(),
                new MqttPublishTaskExecutor(),
                new OpenUrlTaskExecutor(new SystemBrowser()),
                new PowerTaskExecutor(new SystemPowerControl())));
    }
}
