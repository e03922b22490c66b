package io.taskrunner.agent.task;

import java.nio.file.Path;
import java.time.Clock;

/** What the agent lends to executors besides the run's own context. */
public interface TaskServices {

    Clock clock();

    /** The agent's data folder; relative backup folders are resolved against it. */
    Path dataDir();

    Datasources datasources();

    MqttPublisher mqtt();
}
