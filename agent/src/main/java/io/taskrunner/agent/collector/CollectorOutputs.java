package io.taskrunner.agent.collector;

import io.taskrunner.protocol.message.CollectorValues;

/** Where collected values leave the agent. Both are best effort: a value that cannot be sent is dropped. */
public interface CollectorOutputs {

    /** To the console's live view, on the agent's metrics topic. */
    void toConsole(CollectorValues values);

    /** To a topic of the collector's own choosing. */
    void publish(String topic, byte[] payload, int qos, boolean retain);
}
