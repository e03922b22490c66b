package io.taskrunner.agent.engine;

import io.taskrunner.agent.task.Datasources;
import io.taskrunner.agent.task.MqttPublisher;
import io.taskrunner.agent.task.TaskServices;
import java.nio.file.Path;
import java.time.Clock;

/** The agent's services as executors see them. */
public record AgentTaskServices(Clock clock, Path dataDir, Datasources datasources, MqttPublisher mqtt)
        implements TaskServices {
}
